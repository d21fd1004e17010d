/** The embedded host: the app on Node, with a libSQL file (or server) as its database. */
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "../app.ts";
import { openLibsql, type LibsqlConnection } from "../db/libsql.ts";
import { migrateLibsql } from "../db/migrate.ts";

export interface NodeHostOptions {
  databaseUrl: string;
  databaseAuthToken?: string | undefined;
  adminToken: string | undefined;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
}

export interface RunningNodeHost {
  url: string;
  connection: LibsqlConnection;
  appliedMigrations: string[];
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, and listens. */
export async function startNodeHost(options: NodeHostOptions): Promise<RunningNodeHost> {
  const connection = await openLibsql(options.databaseUrl, options.databaseAuthToken);
  const appliedMigrations = await migrateLibsql(connection.client);
  const config = { adminToken: options.adminToken };
  const app = createApp<Record<string, never>>({ database: () => connection.database, config: () => config });

  const hostname = options.hostname ?? "127.0.0.1";
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname }, () => {
      resolve(started);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    connection,
    appliedMigrations,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
      connection.close();
    },
  };
}
