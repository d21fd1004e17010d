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
import { defaultLimits, type Limits } from "../http/limits.ts";
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
  /**
   * Per-company caps and requests per key per minute; each left out takes its default, except the
   * request rate, which is off when left out (an embedded host drives its own keys; `npm run serve`
   * reads RATE_LIMIT_PER_MINUTE, 600 by default).
   */
  limits?: Partial<Limits> | undefined;
}

export interface RunningNodeHost {
  url: string;
  connection: LibsqlConnection;
  appliedMigrations: string[];
  /** Resolves when the work handed over after answers (the LLM tier's) has finished. */
  settled(): Promise<void>;
  /**
   * Stops listening, lets the requests in flight finish (within `graceMs`, unbounded when
   * left out, or until `cut` aborts), waits for the deferred work, and closes the database
   * (which copies the WAL into its file).
   */
  close(options?: CloseOptions): Promise<CloseOutcome>;
}

export interface CloseOptions {
  /** How long requests in flight may take to finish before their connections are cut. */
  graceMs?: number | undefined;
  /** Aborted: cut the connections still open now (a second Ctrl-C). */
  cut?: AbortSignal | undefined;
}

export interface CloseOutcome {
  /** The connections still open when the grace ran out, cut with their requests unanswered. */
  connectionsCut: number;
}

/** How often idle keep-alive connections are closed while requests finish: a connection goes idle when its answer is sent. */
const idleSweepMs = 50;

/** A server that can drop its connections (node:http's; node-server's HTTP/2 ones close with their sessions). */
interface ConnectionCloser {
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

const canCloseConnections = (server: ServerType): server is ServerType & ConnectionCloser => "closeAllConnections" in server;

/** Resolves once every connection has ended, cutting the ones still open past the grace. */
async function stopServing(server: ServerType, options: CloseOptions): Promise<CloseOutcome> {
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
  if (!canCloseConnections(server)) {
    await closed;
    return { connectionsCut: 0 };
  }
  // Keep-alive connections would otherwise hold the server open until their clients leave.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), idleSweepMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceOver = new Promise<"cut">((resolve) => {
    if (options.graceMs !== undefined) timer = setTimeout(() => resolve("cut"), options.graceMs);
    if (options.cut?.aborted) resolve("cut");
    options.cut?.addEventListener("abort", () => resolve("cut"), { once: true });
  });
  try {
    if ((await Promise.race([closed.then(() => "done" as const), graceOver])) === "done") return { connectionsCut: 0 };
    const connectionsCut = await new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    server.closeAllConnections();
    await closed;
    return { connectionsCut };
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
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
    `HTTP/1.1 ${failure.status} ${reason}\r\ncontent-type: application/json\r\nx-content-type-options: nosniff\r\n` +
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
      limits: { ...defaultLimits, requestsPerKeyPerMinute: 0, ...options.limits },
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
      close: async (closeOptions = {}) => {
        const outcome = await stopServing(server, closeOptions);
        await Promise.allSettled([...deferred]);
        await ocr.close();
        connection.close();
        await connection.stopped();
        return outcome;
      },
    };
  } catch (error) {
    connection.close();
    throw error;
  }
}
