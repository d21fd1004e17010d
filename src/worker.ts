/** The edge host: the app on Workers, with D1 as its database. */
import { createApp } from "./app.ts";
import { d1Database } from "./db/d1.ts";

export interface WorkerBindings {
  DB: D1Database;
  ADMIN_TOKEN?: string;
}

const app = createApp<WorkerBindings>({
  database: (bindings) => d1Database(bindings.DB),
  config: (bindings) => ({ adminToken: bindings.ADMIN_TOKEN }),
});

export default app satisfies ExportedHandler<WorkerBindings>;
