/** The edge host: the app on Workers, with D1 as its database. */
import { createApp, type Host } from "./app.ts";
import type { Tier } from "./categorize/pipeline.ts";
import { defaultTiers } from "./categorize/tiers.ts";
import { d1Database } from "./db/d1.ts";
import { importBytesMaxFrom } from "./http/env.ts";

export interface WorkerBindings {
  DB: D1Database;
  ADMIN_TOKEN?: string;
  IMPORT_MAX_BYTES?: string;
}

/** The Worker's host; a test builds the same app with other tiers through it. */
export function workerHost(tiers: readonly Tier[] = defaultTiers()): Host<WorkerBindings> {
  return {
    database: (bindings) => d1Database(bindings.DB),
    config: (bindings) => ({ adminToken: bindings.ADMIN_TOKEN, importBytesMax: importBytesMaxFrom(bindings.IMPORT_MAX_BYTES) }),
    tiers: () => tiers,
  };
}

const app = createApp(workerHost());

export default app satisfies ExportedHandler<WorkerBindings>;
