/**
 * `npm run serve`: the Node host, configured by PORT, HOST, DATABASE_URL, ADMIN_TOKEN and
 * SHUTDOWN_GRACE_MS. SIGTERM or Ctrl-C stops it cleanly: no new connections, the requests in
 * flight answered (for up to SHUTDOWN_GRACE_MS, then cut; a second signal cuts at once), the
 * WAL copied into the database file, exit 0.
 */
import { randomBase64Url } from "../shared/crypto.ts";
import { readNodeConfig } from "./config.ts";
import { startNodeHost, type CloseOutcome, type RunningNodeHost } from "./host.ts";

/** A person starting a server wants one line saying what is wrong, not a stack. */
function explainStartupFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE") return "That port is already in use; set PORT to a free one.";
  if (code === "EACCES") return "Not allowed to listen on that port; choose one above 1023.";
  if (code === "URL_SCHEME_NOT_SUPPORTED" || code === "URL_INVALID") {
    return `DATABASE_URL is not usable: ${message}`;
  }
  return message;
}

function shutdownLine(signal: string, outcome: CloseOutcome, startedAt: number): string {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const cut = outcome.connectionsCut === 0 ? "every request answered" : `${outcome.connectionsCut} connection(s) cut past the grace, their requests unanswered`;
  return `${signal}: stopped in ${seconds} s, ${cut}, database closed and checkpointed.`;
}

/**
 * The first signal drains; a second one cuts what is still open. Exit 0 either way: the
 * database is whole and checkpointed, and a cut request was never committed halfway (each
 * import is one batch), so a supervisor has nothing to recover; the line says what was cut.
 */
function stopOnSignals(host: RunningNodeHost, graceMs: number): void {
  const cut = new AbortController();
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      cut.abort();
      return;
    }
    stopping = true;
    const startedAt = performance.now();
    host.close({ graceMs, cut: cut.signal }).then(
      (outcome) => {
        console.log(shutdownLine(signal, outcome, startedAt));
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`${signal}: the server did not close cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function main(): Promise<{ host: RunningNodeHost; shutdownGraceMs: number }> {
  const config = readNodeConfig(process.env);
  let adminToken = config.adminToken;
  if (adminToken === undefined) {
    adminToken = `admin_${randomBase64Url(24)}`;
    console.log(`ADMIN_TOKEN is not set; this run accepts a generated one:\n  ADMIN_TOKEN=${adminToken}`);
  }
  const host = await startNodeHost({ ...config, adminToken });
  if (host.appliedMigrations.length > 0) console.log(`Applied migrations: ${host.appliedMigrations.join(", ")}`);
  console.log(`AI Bookkeeper (Node + libSQL at ${config.databaseUrl}) listening on ${host.url}`);
  return { host, shutdownGraceMs: config.shutdownGraceMs };
}

try {
  const { host, shutdownGraceMs } = await main();
  stopOnSignals(host, shutdownGraceMs);
} catch (error) {
  console.error(`Cannot start the server: ${explainStartupFailure(error)}`);
  process.exit(1);
}
