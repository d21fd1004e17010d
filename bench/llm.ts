/**
 * Does the import wait on the LLM tier? The same uploads (each of new
 * vendors, so every one has work for the tier) on the embedded host with
 * the tier off, asking a provider that answers, and asking one that hangs
 * until the call's timeout: the upload's latency, p50 and p95, side by side.
 * The provider is the tests' stand-in on 127.0.0.1 (Chat Completions).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { llmSettingsFrom, type LlmEnvironment } from "../src/categorize/llm/config.ts";
import { startNodeHost } from "../src/node/host.ts";
import { percentile } from "../pilot/metrics.ts";
import { startStandIn, type Scenario } from "../test/llm/stand-in.ts";

export interface LlmLatencyRow {
  provider: string;
  p50Ms: number;
  p95Ms: number;
  /** From the last upload's answer until the tier's work was done (the hang: until its timeouts). */
  settleMs: number;
}

const uploads = 40;
const rowsPerUpload = 20;

async function uploadLatencies(environment: LlmEnvironment): Promise<{ latencies: number[]; settleMs: number }> {
  const folder = mkdtempSync(join(tmpdir(), "bench-llm-"));
  const adminToken = crypto.randomUUID();
  const host = await startNodeHost({ databaseUrl: `file:${join(folder, "books.db")}`, adminToken, port: 0, llm: llmSettingsFrom(environment, { fetch: (input, init) => fetch(input, init) }) });
  try {
    const post = async (path: string, token: string, body: string, type: string): Promise<unknown> => {
      const response = await fetch(`${host.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
      if (!response.ok) throw new Error(`bench: ${path} answered ${response.status}`);
      return response.json();
    };
    const created = (await post("/v1/companies", adminToken, JSON.stringify({ name: "Latency Co", industry: "services" }), "application/json")) as { company: { id: string }; apiKey: string };
    const at = `/v1/companies/${created.company.id}`;
    const account = ((await post(`${at}/bank-accounts`, created.apiKey, JSON.stringify({ name: "Checking", kind: "checking" }), "application/json")) as { bankAccount: { id: string } }).bankAccount.id;
    const latencies: number[] = [];
    for (let file = 0; file < uploads; file++) {
      const rows = Array.from({ length: rowsPerUpload }, (_, row) => `2025-03-${String((row % 28) + 1).padStart(2, "0")},NEWCO ${file}X${row} SUPPLY,-${file + row + 1}.00`);
      const started = performance.now();
      await post(`${at}/bank-accounts/${account}/imports`, created.apiKey, `Date,Description,Amount\n${rows.join("\n")}\n`, "text/csv");
      latencies.push(performance.now() - started);
    }
    const answered = performance.now();
    await host.settled();
    return { latencies, settleMs: performance.now() - answered };
  } finally {
    await host.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

export async function benchLlmLatency(): Promise<LlmLatencyRow[]> {
  const standIn = await startStandIn();
  try {
    const cases: [string, LlmEnvironment, Scenario][] = [
      ["off", { LLM_PROVIDER: "off" }, "good"],
      ["a provider that answers", { LLM_PROVIDER: "openai", LLM_BASE_URL: `${standIn.url}/v1`, LLM_MODEL: "stand-in" }, "good"],
      ["a provider that hangs (10 s timeout)", { LLM_PROVIDER: "openai", LLM_BASE_URL: `${standIn.url}/v1`, LLM_MODEL: "stand-in" }, "hang"],
    ];
    const rows: LlmLatencyRow[] = [];
    // Each hanging call logs its timeout, as it should; forty of them would bury the figures.
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      for (const [provider, environment, scenario] of cases) {
        standIn.scenario = scenario;
        const { latencies, settleMs } = await uploadLatencies(environment);
        rows.push({ provider, p50Ms: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95), settleMs });
      }
    } finally {
      console.warn = warn;
    }
    return rows;
  } finally {
    await standIn.close();
  }
}
