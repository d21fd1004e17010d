/** The embedded host: the app on Node, with a libSQL file (or server) as its database. */
import type { AddressInfo, Socket } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "../app.ts";
import type { Tier } from "../categorize/pipeline.ts";
import { llmSettingsFrom, type LlmSettings } from "../categorize/llm/config.ts";
import { defaultTiers } from "../categorize/tiers.ts";
import { openLibsql, type LibsqlConnection } from "../db/libsql.ts";
import { migrateLibsql } from "../db/migrate.ts";
import { docsAssetsFromNodeModules } from "../http/docs-node.ts";
import { defaultDocumentBytesMax, defaultImportBytesMax, defaultUploadsInFlightBytesMax } from "../http/env.ts";
import { nodeOcr } from "./ocr.ts";
import { drainingRefusedBodies } from "./refused-bodies.ts";
import { AppError } from "../http/errors.ts";

export interface NodeHostOptions {
  databaseUrl: string;
  databaseAuthToken?: string | undefined;
  adminToken: string | undefined;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  /** The largest bank file one import takes; 10 MB when left out. */
  importBytesMax?: number | undefined;
  /** The largest document one upload takes; 10 MB when left out. */
  documentBytesMax?: number | undefined;
  /** The most upload bytes held at once across requests; 64 MiB when left out. */
  uploadsInFlightBytesMax?: number | undefined;
  /** The categorization tiers, in order; the default pipeline when left out. */
  tiers?: readonly Tier[] | undefined;
  /** The LLM tier; off when left out (`npm run serve` reads it from LLM_PROVIDER and its friends, mock by default). */
  llm?: LlmSettings | undefined;
}

export interface RunningNodeHost {
  url: string;
  connection: LibsqlConnection;
  appliedMigrations: string[];
  /** Resolves when the work handed over after answers (the LLM tier's) has finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Node's HTTP parser refuses some requests before the app sees them (headers
 * over 16 KB, bytes not allowed in a header). Answer those in the same JSON
 * envelope the app uses, as the Worker does, instead of an empty body.
 */
function answerUnparseableRequest(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const failure = tooLarge
    ? new AppError("headers_too_large", "The request line and headers are larger than this server accepts (16 KB)")
    : new AppError("bad_request", "The request is not valid HTTP (a malformed request line or header)");
  const body = JSON.stringify(failure.toEnvelope());
  const reason = tooLarge ? "Request Header Fields Too Large" : "Bad Request";
  socket.end(
    `HTTP/1.1 ${failure.status} ${reason}\r\ncontent-type: application/json\r\n` +
      `content-length: ${new TextEncoder().encode(body).length}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Opens the database, applies pending migrations, and listens. */
export async function startNodeHost(options: NodeHostOptions): Promise<RunningNodeHost> {
  const connection = await openLibsql(options.databaseUrl, options.databaseAuthToken);
  try {
    const appliedMigrations = await migrateLibsql(connection.client);
    const docsAssets = await docsAssetsFromNodeModules();
    const config = {
      adminToken: options.adminToken,
      importBytesMax: options.importBytesMax ?? defaultImportBytesMax,
      documentBytesMax: options.documentBytesMax ?? defaultDocumentBytesMax,
      uploadsInFlightBytesMax: options.uploadsInFlightBytesMax ?? defaultUploadsInFlightBytesMax,
    };
    // Started on the first photo, and stopped with the host.
    const ocr = nodeOcr();
    const tiers = options.tiers ?? defaultTiers();
    const llm = options.llm ?? llmSettingsFrom({ LLM_PROVIDER: "off" }, { fetch });
    // Work after an answer (the LLM tier's) is tracked, so that closing the host waits for it before the database goes.
    const deferred = new Set<Promise<void>>();
    const defer = (task: () => Promise<void>): Promise<void> => {
      const running = task().finally(() => deferred.delete(running));
      deferred.add(running);
      return Promise.resolve();
    };
    const app = createApp<Record<string, never>>({ database: () => connection.database, config: () => config, tiers: () => tiers, llm: () => llm, ocr: () => ocr.read, defer, docsAssets });

    const hostname = options.hostname ?? "127.0.0.1";
    const server: ServerType = await new Promise((resolve, reject) => {
      // node-server's own clean-up of unread bodies cuts a body off 500 ms after the answer, which a
      // large upload under load outlasts: its client then sees a reset, not the refusal. The wrapper
      // drains refused bodies instead, bounded by bytes (Node's requestTimeout bounds the time).
      const started = serve({ fetch: drainingRefusedBodies(app.fetch), port: options.port, hostname, autoCleanupIncoming: false }, () => {
        resolve(started);
      });
      started.once("error", reject);
    });
    server.on("clientError", answerUnparseableRequest);
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`,
      connection,
      appliedMigrations,
      settled: async () => {
        while (deferred.size > 0) await Promise.allSettled([...deferred]);
      },
      close: async () => {
        await new Promise<void>((resolve, reject) => {
          server.close((error) => {
            if (error) reject(error);
            else resolve();
          });
        });
        await Promise.allSettled([...deferred]);
        await ocr.close();
        connection.close();
      },
    };
  } catch (error) {
    connection.close();
    throw error;
  }
}
