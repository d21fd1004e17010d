/**
 * The figures over a large company on Workers + D1, as a client sees them:
 * `wrangler dev` on a fresh local D1, 100,000 transactions imported through
 * the API (in files of 20,000, under the 10 MiB upload limit), then
 * GET …/metrics and the training export streamed, with workerd's peak memory.
 */
import { readFileSync, readdirSync } from "node:fs";
import { bigStatement } from "./ingest.ts";
import { withWranglerDev, type StartedHost } from "./pilot.ts";

export interface D1Bench {
  rows: number;
  importMs: number;
  metricsMs: number;
  training: { ms: number; lines: number; bytes: number };
  /** The largest peak resident memory of any workerd process in wrangler's group, from /proc; null where /proc is not. */
  workerdPeakMb: number | null;
}

/** The statement's rows in files of `size`, each with the header. */
function statementFiles(rows: number, size: number): string[] {
  const [header, ...lines] = new TextDecoder().decode(bigStatement(rows)).trimEnd().split("\n");
  const files: string[] = [];
  for (let at = 0; at < lines.length; at += size) files.push(`${header ?? ""}\n${lines.slice(at, at + size).join("\n")}\n`);
  return files;
}

/** Peak RSS (VmHWM) of the workerd processes in the process group. */
function workerdPeakMb(group: number | undefined): number | null {
  if (group === undefined) return null;
  let peakKb = 0;
  try {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        if (Number(fields[2]) !== group || !stat.includes("(workerd)")) continue;
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        peakKb = Math.max(peakKb, Number(hwm?.[1] ?? 0));
      } catch {
        // The process ended while it was read.
      }
    }
  } catch {
    return null;
  }
  return peakKb === 0 ? null : peakKb / 1000;
}

async function onD1(dev: StartedHost, rows: number): Promise<D1Bench> {
  const ask = async (method: string, path: string, token: string, body?: string, type = "application/json"): Promise<Response> => {
    const response = await fetch(`${dev.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": type }, body: body ?? null });
    if (!response.ok) throw new Error(`bench: ${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return response;
  };
  const created = await (await ask("POST", "/v1/companies", dev.adminToken, JSON.stringify({ name: "Bench Co.", industry: "retail" }))).json<{ company: { id: string }; apiKey: string }>();
  const at = `/v1/companies/${created.company.id}`;
  const account = await (await ask("POST", `${at}/bank-accounts`, created.apiKey, JSON.stringify({ name: "Checking", kind: "checking" }))).json<{ bankAccount: { id: string } }>();
  let started = performance.now();
  for (const file of statementFiles(rows, 20_000)) await (await ask("POST", `${at}/bank-accounts/${account.bankAccount.id}/imports`, created.apiKey, file, "text/csv")).text();
  const importMs = performance.now() - started;
  let metricsMs = Infinity;
  for (let run = 0; run < 5; run++) {
    started = performance.now();
    await (await ask("GET", `${at}/metrics`, created.apiKey)).json();
    metricsMs = Math.min(metricsMs, performance.now() - started);
  }
  started = performance.now();
  const exported = await ask("GET", `${at}/export/training.jsonl`, created.apiKey);
  let bytes = 0;
  let lines = 0;
  const reader = (exported.body as ReadableStream<Uint8Array>).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.length;
    for (const byte of read.value) if (byte === 10) lines += 1;
  }
  return { rows, importMs, metricsMs, training: { ms: performance.now() - started, lines, bytes }, workerdPeakMb: workerdPeakMb(dev.pid) };
}

export async function benchD1(rows = 100_000): Promise<D1Bench | { skipped: string }> {
  try {
    return await withWranglerDev((dev) => onD1(dev, rows));
  } catch (error) {
    return { skipped: (error as Error).message };
  }
}
