import { defineConfig } from "drizzle-kit";

// drizzle-kit 0.31.x writes flat `migrations/NNNN_name.sql` files, which both
// `wrangler d1 migrations apply` and src/db/migrate.ts read in the same order.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
