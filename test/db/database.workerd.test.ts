import { env } from "cloudflare:workers";
import { describe } from "vitest";
import { d1Database } from "../../src/db/d1.ts";
import { describeDatabaseInvariants } from "./invariants.ts";

describe("database invariants on D1", () => {
  describeDatabaseInvariants(() => d1Database(env.DB));
});
