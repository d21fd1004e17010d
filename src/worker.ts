/** The edge host: the app on Workers, with D1 as its database. */
import { createApp } from "./app.ts";
import { d1Database } from "./db/d1.ts";
import { importBytesMaxFrom } from "./http/env.ts";

export interface WorkerBindings {
  DB: D1Database;
  ADMIN_TOKEN?: string;
  IMPORT_MAX_BYTES?: string;
}

const app = createApp<WorkerBindings>({
  database: (bindings) => d1Database(bindings.DB),
  config: (bindings) => ({ adminToken: bindings.ADMIN_TOKEN, importBytesMax: importBytesMaxFrom(bindings.IMPORT_MAX_BYTES) }),
});

export default app satisfies ExportedHandler<WorkerBindings>;
