/**
 * The default pilot (five companies, 1,702 transactions) as a user runs it,
 * `npm run pilot`, timed from the outside: on the embedded host, and against
 * `wrangler dev` with a local D1 started for the purpose on a port of its own.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const cli = join(root, "pilot", "cli.ts");
// Through this Node (22): the .bin shim would run whatever `node` is first on PATH, and wrangler needs 20.3 or later.
const wranglerArgs = (...args: string[]): string[] => [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), ...args];

export interface PilotRun {
  /** The whole process: start, generate, migrate, book, judge, write. */
  processMs: number;
  /** The pilot's own figure: generating and booking the companies (totals.wallMs). */
  bookingMs: number;
  transactions: number;
  passed: boolean;
}

function runPilotProcess(args: string[], env: Record<string, string> = {}): PilotRun {
  const out = mkdtempSync(join(tmpdir(), "bench-pilot-"));
  try {
    const started = performance.now();
    const child = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", cli, "--out", out, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
    const processMs = performance.now() - started;
    if (child.status !== 0 && child.status !== 1) throw new Error(`bench: the pilot failed (${String(child.status)}):\n${child.stderr}`);
    const report = JSON.parse(readFileSync(join(out, "simulation_metrics.json"), "utf8")) as { totals: { wallMs: number; transactions: { imported: number }; failures: string[] } };
    return { processMs, bookingMs: report.totals.wallMs, transactions: report.totals.transactions.imported, passed: report.totals.failures.length === 0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const fasterOf = (a: PilotRun | undefined, b: PilotRun): PilotRun => (a === undefined || b.processMs < a.processMs ? b : a);

export function benchPilotEmbedded(runs: number): PilotRun {
  let best: PilotRun | undefined;
  for (let run = 0; run < runs; run++) best = fasterOf(best, runPilotProcess([]));
  if (best === undefined) throw new Error("bench: no pilot run");
  return best;
}

/** A port nobody listens on just now, for a server started next. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, name = "wrangler dev"): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not answer /health within ${timeoutMs / 1000} s`);
}

/** Sends SIGTERM to a host still running (to its whole process group, for wrangler and its workerd) and waits up to 5 s for it to exit. */
async function stop(child: ChildProcess | undefined, whom: "process" | "group"): Promise<void> {
  if (child?.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (whom === "group") process.kill(-child.pid, "SIGTERM");
  else child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
}

/** A host this process started for a run (`wrangler dev` on a fresh local D1, or `npm run serve` on a fresh file): its URL, its admin token, and its process. */
export interface StartedHost {
  url: string;
  adminToken: string;
  pid: number | undefined;
}

/** Starts wrangler dev on a fresh local D1 for `use`, and stops it (and workerd) after, whatever happened. */
export async function withWranglerDev<Result>(use: (dev: StartedHost) => Promise<Result>): Promise<Result> {
  const state = mkdtempSync(join(tmpdir(), "bench-wrangler-"));
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
  let child: ChildProcess | undefined;
  try {
    const migrate = spawnSync(process.execPath, wranglerArgs("d1", "migrations", "apply", "DB", "--local", "--persist-to", state), { cwd: root, encoding: "utf8", env });
    if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed: ${migrate.stderr.trim().split("\n").at(-1) ?? ""}`);
    const port = await freePort();
    const adminToken = crypto.randomUUID();
    // detached: a process group of its own, so that wrangler and its workerd child stop together.
    // The pilot and the load test drive one key (and the admin token) hard, on purpose: request limiting off (RATE_LIMIT_PER_MINUTE=0).
    const vars = ["--var", `ADMIN_TOKEN:${adminToken}`, "--var", "RATE_LIMIT_PER_MINUTE:0"];
    child = spawn(process.execPath, wranglerArgs("dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", state, ...vars), { cwd: root, env, stdio: "ignore", detached: true });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, 60_000);
    return await use({ url, adminToken, pid: child.pid });
  } finally {
    await stop(child, "group");
    rmSync(state, { recursive: true, force: true });
  }
}

/** Starts `npm run serve` (the embedded host, in a process of its own) on a fresh libSQL file for `use`, and stops it after. */
export async function withNodeServer<Result>(use: (host: StartedHost) => Promise<Result>): Promise<Result> {
  const state = mkdtempSync(join(tmpdir(), "bench-serve-"));
  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    const adminToken = crypto.randomUUID();
    // As for wrangler dev: one key driven hard on purpose, so no request limit (RATE_LIMIT_PER_MINUTE=0; `npm run serve` defaults to 600).
    const env = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(state, "load.db")}`, ADMIN_TOKEN: adminToken, RATE_LIMIT_PER_MINUTE: "0" };
    child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", "--max-semi-space-size=64", join(root, "src", "node", "server.ts")], { cwd: root, env, stdio: "ignore" });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child, 30_000, "npm run serve");
    return await use({ url, adminToken, pid: child.pid });
  } finally {
    await stop(child, "process");
    rmSync(state, { recursive: true, force: true });
  }
}

/** Each run gets a fresh local D1, as the embedded host gets a fresh file. When wrangler cannot start, the reason instead. */
export async function benchPilotWrangler(runs: number): Promise<PilotRun | { skipped: string }> {
  let best: PilotRun | undefined;
  for (let run = 0; run < runs; run++) {
    try {
      best = fasterOf(best, await withWranglerDev((dev) => Promise.resolve(runPilotProcess(["--url", dev.url], { ADMIN_TOKEN: dev.adminToken }))));
    } catch (error) {
      return { skipped: (error as Error).message };
    }
  }
  if (best === undefined) throw new Error("bench: no pilot run");
  return best;
}
