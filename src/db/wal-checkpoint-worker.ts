/**
 * A thread of its own that copies the WAL into the database file (see
 * wal-checkpointer.ts). It has its own connection to the file; SQLite lets a
 * passive checkpoint run beside the host's reads and writes.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

interface Request {
  kind: "checkpoint" | "close";
}

const path = (workerData as { path: string }).path;
let engine: InstanceType<typeof Database> | undefined;

parentPort?.on("message", (request: Request) => {
  if (request.kind === "close") {
    engine?.close();
    parentPort?.close();
    return;
  }
  try {
    engine ??= new Database(path);
    // PASSIVE never waits on a reader or a writer; what it cannot copy now, the next one will.
    engine.pragma("wal_checkpoint(PASSIVE)");
    parentPort?.postMessage({ ok: true });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: String(error) });
  }
});
