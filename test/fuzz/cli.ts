/**
 * `npm run fuzz`: the fuzzer at length against a Node host on a temporary
 * libSQL file. Flags: --runs N (default 5,000), --seed S (default random),
 * --concurrency C (default 4: requests in flight at once, so writes race).
 * Prints what it tried, the statuses it got, each operation's statuses, and
 * every distinct fault with the request that caused it; exits 1 on a fault.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import { startNodeHost } from "../../src/node/host.ts";
import { fuzzHostLimits } from "./host-limits.ts";
import { describeCoverage, describeSummary } from "./report.ts";
import { runFuzz, type FuzzSummary } from "./runner.ts";

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${flag} takes a whole number, not ${JSON.stringify(text)}`);
  return value;
}

function optionsFromArgs(): { runs: number; seed: number; concurrency: number } {
  const { values } = parseArgs({ options: { runs: { type: "string" }, seed: { type: "string" }, concurrency: { type: "string" } }, strict: true, allowPositionals: false });
  return {
    concurrency: Math.max(1, positiveInteger("concurrency", values.concurrency, 4)),
    runs: Math.max(1, positiveInteger("runs", values.runs, 5_000)),
    seed: positiveInteger("seed", values.seed, Math.floor(Math.random() * 2 ** 31)),
  };
}

/** A progress line that rewrites itself, on a terminal only: CI logs stay quiet. */
function progressReporter(): ((done: number, summary: FuzzSummary) => void) | undefined {
  if (!process.stderr.isTTY || process.env.CI === "true") return undefined;
  let shown = 0;
  return (done, summary) => {
    if (done - shown < 50) return;
    shown = done;
    process.stderr.write(`\r${done} requests, ${summary.faults.length} faults`);
  };
}

async function main(): Promise<number> {
  const { runs, seed, concurrency } = optionsFromArgs();
  const directory = mkdtempSync(join(tmpdir(), "bookkeeper-fuzz-"));
  const adminToken = `fuzz-admin-${seed}`;
  const host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0, ...fuzzHostLimits });
  const started = performance.now();
  try {
    const onProgress = progressReporter();
    const summary = await runFuzz({ name: host.url, adminToken, fetch: (path, init) => fetch(`${host.url}${path}`, init) }, { runs, seed, concurrency, ...(onProgress === undefined ? {} : { onProgress }) });
    if (onProgress !== undefined) process.stderr.write("\n");
    process.stdout.write(`operations:\n${describeCoverage(summary)}\n\n${describeSummary(summary)}\n`);
    process.stdout.write(`${((performance.now() - started) / 1000).toFixed(1)} s; replay with: npm run fuzz -- --runs ${runs} --seed ${seed} --concurrency ${concurrency}\n`);
    return summary.faults.length === 0 ? 0 : 1;
  } finally {
    await host.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
