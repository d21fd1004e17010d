/**
 * Copies a local database's WAL into its file shortly after writes, on a
 * thread of its own. The engine is synchronous, so a checkpoint on the
 * host's connection stopped every request for its duration: about 16 ms each
 * under the load test's mixed scenario, which put them straight into the
 * read latencies. SQLite's own automatic checkpoint is off (see libsql.ts)
 * because it runs inside the commit that crosses its threshold.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** How long after a write the WAL is copied into the database file: writes in a burst share one checkpoint. */
export const checkpointDelayMs = 200;

export interface WalCheckpointer {
  /** A write happened: a checkpoint follows within checkpointDelayMs, one for a whole burst. */
  afterWrite(): void;
  close(): void;
  /** Resolves once the thread has closed its connection and exited (at most stopWaitMs after close). */
  stopped(): Promise<void>;
}

/**
 * How long stopped() waits for the thread. A process that exits while the
 * thread is inside the engine (a checkpoint, or closing its connection) may
 * be ended by a signal instead of its exit code: a supervisor then sees a
 * crash where the shutdown was clean.
 */
const stopWaitMs = 5_000;

/** Resolves when `worker` has exited, or after stopWaitMs; keeps the process alive meanwhile. */
function exitOf(worker: Worker): Promise<void> {
  worker.ref();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, stopWaitMs);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function walCheckpointer(path: string): WalCheckpointer {
  let worker: Worker | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let exited: Promise<void> = Promise.resolve();
  const workerOf = (): Worker => {
    if (worker === undefined) {
      worker = new Worker(join(import.meta.dirname, "wal-checkpoint-worker.ts"), { workerData: { path } });
      // The checkpointer never keeps a process alive; closing the host's connection checkpoints what is left.
      worker.unref();
      worker.on("message", (answer: { ok: boolean; error?: string }) => {
        if (!answer.ok) console.error(JSON.stringify({ level: "error", message: "WAL checkpoint failed", error: answer.error }));
      });
      worker.on("error", (error) => {
        console.error(JSON.stringify({ level: "error", message: "WAL checkpoint thread failed", error: String(error) }));
        worker = undefined;
      });
    }
    return worker;
  };
  return {
    afterWrite() {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        workerOf().postMessage({ kind: "checkpoint" });
      }, checkpointDelayMs);
      timer.unref();
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      // Its connection closes first or last; whichever connection is last checkpoints the WAL as it closes.
      if (worker !== undefined) {
        exited = exitOf(worker);
        worker.postMessage({ kind: "close" });
      }
      worker = undefined;
    },
    stopped: () => exited,
  };
}
