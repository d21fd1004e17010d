import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// The same migrations/ files `wrangler d1 migrations apply` uses; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
