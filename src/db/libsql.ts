import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { toDatabase, type Database } from "./database.ts";
import * as schema from "./schema.ts";
import { LocalSqliteClient } from "./local-sqlite.ts";
import { guardLibsqlClient } from "./statement-limits.ts";
import { walCheckpointer } from "./wal-checkpointer.ts";

export interface LibsqlConnection {
  readonly database: Database;
  /** The guarded client, for the migrator and for tests that write around the services. */
  readonly client: Client;
  close(): void;
  /** Resolves once everything close() let go of has stopped: the WAL checkpoint thread, where there is one. Await it before the process exits. */
  stopped(): Promise<void>;
}

function localPath(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  const path = url.slice("file:".length);
  return path === "" || path === ":memory:" ? undefined : path;
}

/**
 * Opens a libSQL database: a local file by default, or a sqld/Turso URL.
 * One connection, because SQLite has one writer anyway and because
 * per-connection settings (foreign keys) must hold for every statement.
 */
export async function openLibsql(url: string, authToken?: string): Promise<LibsqlConnection> {
  const path = localPath(url);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own DATABASE_URL
  if (path !== undefined) mkdirSync(dirname(path), { recursive: true });
  // A local file is driven directly (see local-sqlite.ts); a server through @libsql/client.
  const local = url.startsWith("file:") || url === ":memory:" ? new LocalSqliteClient(path ?? ":memory:") : undefined;
  const rawClient: Client = local ?? createClient({ url, authToken, concurrency: 1 });
  if (url.startsWith("file:")) {
    // 16 KiB pages: a large import's index inserts split and write fewer pages. Only a new file takes it.
    await rawClient.execute("PRAGMA page_size = 16384");
    await rawClient.execute("PRAGMA foreign_keys = ON");
    await rawClient.execute("PRAGMA busy_timeout = 5000");
    if (path !== undefined) await rawClient.execute("PRAGMA journal_mode = WAL");
    // In WAL mode a commit is durable at NORMAL; FULL adds an fsync per commit for nothing on a laptop's disk.
    await rawClient.execute("PRAGMA synchronous = NORMAL");
    // A large import touches tens of megabytes of index pages; the 2 MB default spills them to disk mid-batch.
    await rawClient.execute("PRAGMA cache_size = -65536");
  }
  // SQLite's automatic checkpoint runs inside the commit that crosses 1,000 pages, so the request
  // that wrote the most also waits for the pages to be copied into the database file (about a
  // sixth of a 100,000-row import). A thread of the host's checkpoints shortly after writes instead.
  if (path !== undefined) await rawClient.execute("PRAGMA wal_autocheckpoint = 0");
  const checkpointer = path === undefined ? undefined : walCheckpointer(path);
  const client = guardLibsqlClient(rawClient);
  const database = toDatabase(drizzle(client, { schema }));
  return {
    database: {
      orm: database.orm,
      async batch(statements) {
        try {
          return await database.batch(statements);
        } finally {
          checkpointer?.afterWrite();
        }
      },
    },
    client,
    close: () => {
      checkpointer?.close();
      if (checkpointer !== undefined) {
        try {
          local?.checkpointAll();
        } catch (error) {
          // The WAL stays, and the next open reads it: nothing is lost.
          console.error(JSON.stringify({ level: "error", message: "final WAL checkpoint failed", error: String(error) }));
        }
      }
      rawClient.close();
    },
    stopped: () => checkpointer?.stopped() ?? Promise.resolve(),
  };
}
