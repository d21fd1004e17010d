/**
 * The LLM tier on the Node host, over real HTTP, against a stand-in provider
 * on 127.0.0.1 speaking Chat Completions and Messages: what it is asked
 * (the contract, to the letter), what it decides (posted after the import,
 * as a reversal and a new entry), what it only suggests, what it remembers,
 * what the budgets stop, and every fault a provider can have: each leaves
 * no row lost, the books balanced, no 5xx, and the key nowhere.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { llmSettingsFrom, type LlmEnvironment } from "../../src/categorize/llm/config.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { startStandIn, type Scenario, type StandIn } from "./stand-in.ts";

const adminToken = "llm-test-admin";
const apiKey = "sk-stand-in-secret-4242";
const folder = mkdtempSync(join(tmpdir(), "bookkeeper-llm-"));
let standIn: StandIn;
const hosts: RunningNodeHost[] = [];
let logged: string[] = [];

beforeAll(async () => {
  standIn = await startStandIn();
});

afterAll(async () => {
  for (const host of hosts) await host.close();
  await standIn.close();
  rmSync(folder, { recursive: true, force: true });
});

beforeEach(() => {
  logged = [];
  for (const level of ["warn", "error", "log"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  // The key is in no log line, whatever happened.
  expect(logged.join("\n")).not.toContain(apiKey);
});

async function hostWith(environment: LlmEnvironment): Promise<RunningNodeHost> {
  const llm = llmSettingsFrom({ LLM_API_KEY: apiKey, LLM_MODEL: "stand-in-1", LLM_TIMEOUT_MS: "400", LLM_RETRIES: "1", ...environment }, { fetch: (input, init) => fetch(input, init) });
  const host = await startNodeHost({ databaseUrl: `file:${join(folder, `${hosts.length}.db`)}`, adminToken, port: 0, llm });
  hosts.push(host);
  return host;
}

interface Transaction {
  id: string;
  description: string;
  status: string;
  entryNumber: number | null;
  category: { accountCode: string; source: string; confidence: number; reason: string; evidence: Record<string, unknown> | null } | null;
  suggestion: { accountCode: string; source: string; confidence: number } | null;
}
interface ImportReport {
  id: string;
  rows: { inserted: number };
  llm: { status: string; vendors: number; decided: number; suggested: number } | null;
}

/** A company on a host, with a checking account, and calls as its key. */
async function companyOn(host: RunningNodeHost) {
  const send = async (method: string, path: string, token: string, body?: string | object): Promise<{ status: number; body: unknown; text: string }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = typeof body === "string" ? "text/csv" : "application/json";
    const response = await fetch(`${host.url}${path}`, { method, headers, body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body) });
    const text = await response.text();
    expect(text).not.toContain(apiKey);
    return { status: response.status, body: JSON.parse(text), text };
  };
  const created = (await send("POST", "/v1/companies", adminToken, { name: "Zephyr Works", industry: "services" })).body as { company: { id: string }; apiKey: string };
  const company = created.company.id;
  const key = created.apiKey;
  const at = (path: string): string => `/v1/companies/${company}${path}`;
  const checking = ((await send("POST", at("/bank-accounts"), key, { name: "Checking", kind: "checking" })).body as { bankAccount: { id: string } }).bankAccount.id;
  return {
    async upload(...rows: string[]): Promise<ImportReport> {
      const answer = await send("POST", at(`/bank-accounts/${checking}/imports`), key, `Date,Description,Amount\n${rows.join("\n")}\n`);
      expect(answer.status, answer.text).toBe(201);
      return (answer.body as { imports: ImportReport[] }).imports[0] as ImportReport;
    },
    async report(importId: string): Promise<ImportReport> {
      return ((await send("GET", at(`/bank-accounts/${checking}/imports/${importId}`), key)).body as { import: ImportReport }).import;
    },
    async transactions(): Promise<Transaction[]> {
      return ((await send("GET", at("/transactions?limit=500"), key)).body as { data: Transaction[] }).data;
    },
    async journal(): Promise<{ number: number; kind: string; source: string; reversesNumber: number | null; evidence: Record<string, unknown> | null }[]> {
      return ((await send("GET", at("/journal?limit=5000"), key)).body as { data: [] }).data;
    },
    async balanced(): Promise<boolean> {
      return ((await send("GET", at("/reports/trial-balance?asOf=2025-12-31"), key)).body as { balanced: boolean }).balanced;
    },
    async usage() {
      return ((await send("GET", at("/llm/usage?since=2000-01-01"), key)).body as { usage: Record<string, unknown> }).usage;
    },
    accept: async (id: string) => ((await send("POST", at(`/transactions/${id}/accept`), key)).body as { transaction: Transaction }).transaction,
    correct: (id: string, accountCode: string) => send("PATCH", at(`/transactions/${id}`), key, { accountCode }),
    send,
    id: company,
    key,
    checking,
  };
}

const byText = (rows: readonly Transaction[], text: string): Transaction[] => rows.filter((row) => row.description.includes(text));

describe("the LLM tier against a Chat Completions stand-in", () => {
  let host: RunningNodeHost;
  beforeAll(async () => {
    host = await hostWith({ LLM_PROVIDER: "openai", LLM_BASE_URL: `${standIn.url}/v1` });
  });

  async function freshCompany(scenario: Scenario) {
    standIn.scenario = scenario;
    standIn.requests.length = 0;
    return companyOn(host);
  }

  it("asks once per distinct vendor after the import answers, exactly as the contract says, and posts what it is sure of as a reversal and a new entry", async () => {
    const company = await freshCompany("good");
    const report = await company.upload("2025-03-03,ZEPHYR WIDGETS CODE 6300 REF 448811,-49.00", "2025-03-10,ZEPHYR WIDGETS CODE 6300 REF 559922,-51.00", "2025-03-11,HARBOR KITES CODE 6700,-80.00", "2025-03-12,GUSTO DES:NET 250312,-5400.00");
    expect(report.llm).toMatchObject({ status: "pending" });
    await host.settled();
    expect(await company.report(report.id)).toMatchObject({ llm: { status: "done", vendors: 2, decided: 3, suggested: 0 } });

    // One request, two vendors, nothing the rules decided, nothing that names a row in the database.
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    const body = request?.body as { model: string; messages: { role: string; content: string }[]; tools: { function: { name: string; parameters: unknown } }[]; tool_choice: unknown };
    expect(body.model).toBe("stand-in-1");
    expect(body.tools.map((tool) => tool.function.name)).toEqual(["categorize_transactions"]);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "categorize_transactions" } });
    const content = JSON.parse(body.messages.at(-1)?.content ?? "{}") as { items: Record<string, unknown>[]; chart: { code: string; name: string; type: string }[] };
    expect(body.messages.at(-1)?.role).toBe("user");
    expect(content.items.map((item) => Object.keys(item).sort())).toEqual(Array(2).fill(["amountMinor", "description", "direction", "postedOn", "ref", "vendor"]));
    expect(content.items.map((item) => item.direction)).toEqual(["out", "out"]);
    expect(content.items.some((item) => String(item.description).includes("GUSTO"))).toBe(false);
    const rows = await company.transactions();
    for (const item of content.items) expect(rows.map((row) => row.id)).not.toContain(item.ref);
    const codes = content.chart.map((account) => account.code);
    expect(codes).toContain("6300");
    expect(codes).not.toContain("1010");
    expect(codes).not.toContain("6999");
    expect(Object.keys(content.chart[0] ?? {}).sort()).toEqual(["code", "name", "type"]);

    for (const row of byText(rows, "ZEPHYR")) {
      expect(row).toMatchObject({ status: "categorized", category: { accountCode: "6300", source: "llm", confidence: 0.95, evidence: { tier: "llm", provider: "openai", model: "stand-in-1", promptVersion: "llm-2" } } });
      expect(row.category?.reason).toContain("the stand-in read");
    }
    expect(byText(rows, "HARBOR")[0]?.category).toMatchObject({ accountCode: "6700", source: "llm" });
    const journal = await company.journal();
    const reversals = journal.filter((entry) => entry.kind === "reversal");
    expect(reversals).toHaveLength(3);
    expect(journal.filter((entry) => entry.source === "llm" && entry.kind === "transaction")).toHaveLength(3);
    expect(await company.balanced()).toBe(true);

    // What the LLM posted teaches the learned tier: next month the vendor is the learned tier's, and the provider is not asked.
    const again = await company.upload("2025-04-03,ZEPHYR WIDGETS CODE 6300 REF 663344,-47.00");
    await host.settled();
    expect(standIn.requests).toHaveLength(1);
    expect(again.llm).toBeNull();
    expect(byText(await company.transactions(), "663344")[0]?.category).toMatchObject({ source: "learned", accountCode: "6300" });

    expect(await company.usage()).toMatchObject({ provider: "openai", calls: 1, requests: 1, vendorsAsked: 2, promptTokens: 1200, completionTokens: 300, outcomes: { ok: 1 } });
  });

  it("keeps a low-confidence answer as a suggestion a person accepts, and drops a code outside the chart", async () => {
    const unsure = await freshCompany("low-confidence");
    const report = await unsure.upload("2025-05-01,QUILL HOUSE CODE 6300,-20.00");
    await host.settled();
    expect(await unsure.report(report.id)).toMatchObject({ llm: { status: "done", vendors: 1, decided: 0, suggested: 1 } });
    const [row] = await unsure.transactions();
    expect(row).toMatchObject({ status: "review", category: { source: "none" }, suggestion: { source: "llm", accountCode: "6300", confidence: 0.4 } });
    // The answer is remembered: the same vendor again is answered without a request.
    const again = await unsure.upload("2025-05-09,QUILL HOUSE CODE 6300,-22.00");
    await host.settled();
    expect(standIn.requests).toHaveLength(1);
    expect(await unsure.report(again.id)).toMatchObject({ llm: { status: "done", vendors: 1, suggested: 1 } });
    const accepted = await unsure.accept(row?.id ?? "");
    expect(accepted).toMatchObject({ status: "categorized", category: { accountCode: "6300", source: "manual" } });
    const rememberedRow = (await unsure.transactions()).find((candidate) => candidate.id !== row?.id);
    expect(rememberedRow?.suggestion).toMatchObject({ source: "llm", accountCode: "6300" });

    const outside = await freshCompany("outside-chart");
    const refused = await outside.upload("2025-05-02,QUILL HOUSE CODE 6300,-20.00");
    await host.settled();
    expect(await outside.report(refused.id)).toMatchObject({ llm: { status: "done", vendors: 0, decided: 0, suggested: 0 } });
    expect((await outside.transactions())[0]).toMatchObject({ status: "review", suggestion: null });
  });

  it.each([
    ["malformed", "garbage", 1],
    ["empty-choices", "garbage", 1],
    ["prose", "garbage", 1],
    ["500", "server_error", 2],
    ["hang", "timeout", 1],
  ] as const)("leaves everything in review when the provider answers %s: no row lost, books balanced, the import answered at once", async (scenario, outcome, requests) => {
    const company = await freshCompany(scenario);
    const report = await company.upload("2025-06-01,LARKSPUR CO CODE 6300,-12.00", "2025-06-02,BEACON GUILD CODE 6800,-300.00", "2025-06-03,GUSTO DES:NET 250603,-5400.00");
    expect(report.rows.inserted).toBe(3);
    // The import has answered; a hanging provider is only now holding the tier's request, which it never answers.
    if (scenario === "hang") await vi.waitFor(() => expect(standIn.open()).toBe(1));
    await host.settled();
    expect(await company.report(report.id)).toMatchObject({ llm: { status: "failed", vendors: 0, decided: 0 } });
    const rows = await company.transactions();
    expect(rows).toHaveLength(3);
    expect(byText(rows, "LARKSPUR")[0]).toMatchObject({ status: "review", suggestion: null });
    expect(await company.balanced()).toBe(true);
    expect(await company.usage()).toMatchObject({ calls: 1, requests, outcomes: { [outcome]: 1 } });
    expect(logged.some((line) => line.includes("could not answer") && line.includes(outcome))).toBe(true);
  });

  it("honours a 429's Retry-After and decides on the retry", async () => {
    const company = await freshCompany("429-then-ok");
    const report = await company.upload("2025-07-01,REDBUD STUDIO CODE 6700,-75.00");
    await host.settled();
    expect(await company.report(report.id)).toMatchObject({ llm: { status: "done", decided: 1 } });
    expect(standIn.requests).toHaveLength(2);
    expect(await company.usage()).toMatchObject({ calls: 1, requests: 2, outcomes: { ok: 1 } });
  });

  it("never lets a remembered answer override people's labels, and starts no work for a replayed import", async () => {
    const company = await freshCompany("good");
    const first = await company.upload("2025-09-01,QUILLON PRESS CODE 6300,-20.00");
    await host.settled();
    expect(await company.report(first.id)).toMatchObject({ llm: { status: "done", decided: 1 } });
    const [a] = await company.transactions();
    expect((await company.correct(a?.id ?? "", "6700")).status).toBe(200);
    await company.upload("2025-09-08,QUILLON PRESS CODE 6300,-20.50");
    const b = (await company.transactions()).find((row) => row.id !== a?.id);
    expect(b?.category).toMatchObject({ source: "learned", accountCode: "6700" });
    expect((await company.correct(b?.id ?? "", "6800")).status).toBe(200);

    // People disagree about the vendor, so the learned tier leaves it in review; the model's remembered 6300 (0.95) must not settle it.
    const csv = "Date,Description,Amount\n2025-09-15,QUILLON PRESS CODE 6300,-21.00\n2025-09-16,MAPLE ROW CODE 6800,-300.00\n";
    const third = await company.send("POST", `/v1/companies/${company.id}/bank-accounts/${company.checking}/imports`, company.key, csv);
    expect(third.status, third.text).toBe(201);
    const report = (third.body as { imports: ImportReport[] }).imports[0] as ImportReport;
    await host.settled();
    const c = (await company.transactions()).find((row) => row.id !== a?.id && row.id !== b?.id && row.description.includes("QUILLON"));
    expect(c).toMatchObject({ status: "review", category: { source: "none" } });
    expect(c?.suggestion?.source).not.toBe("llm");
    expect(await company.report(report.id)).toMatchObject({ llm: { status: "done", vendors: 1, decided: 1 } });
    const asked = standIn.requests.at(-1)?.body as { messages: { content: string }[] };
    expect(asked.messages.at(-1)?.content).not.toContain("QUILLON");

    // The same bytes again answer that import's report, and nobody is asked anything.
    const requests = standIn.requests.length;
    const replay = await company.send("POST", `/v1/companies/${company.id}/bank-accounts/${company.checking}/imports`, company.key, csv);
    expect(replay.status, replay.text).toBe(200);
    await host.settled();
    expect(standIn.requests).toHaveLength(requests);
  });

  it("never answers 5xx, and never shows the key, in any answer", async () => {
    const company = await freshCompany("good");
    await company.upload("2025-08-01,WREN LABS CODE 6300,-10.00");
    await host.settled();
    const documentation = await company.send("GET", "/openapi.json", adminToken);
    expect(documentation.status).toBe(200);
    expect(documentation.text).not.toContain(apiKey);
  });
});

describe("the LLM tier's budgets", () => {
  it("asks about 50 vendors per request and stops at the import's budget, leaving the rest in review", async () => {
    const host = await hostWith({ LLM_PROVIDER: "openai", LLM_BASE_URL: `${standIn.url}/v1`, LLM_CALLS_PER_IMPORT: "1" });
    standIn.scenario = "good";
    standIn.requests.length = 0;
    const company = await companyOn(host);
    const rows = Array.from({ length: 60 }, (_, index) => `2025-03-${String((index % 28) + 1).padStart(2, "0")},VENDOR ${"ABCDEFGHIJ"[index % 10]}${"KLMNOPQRST"[Math.floor(index / 10)]} CODE 6300,-${index + 1}.00`);
    const report = await company.upload(...rows);
    await host.settled();
    expect(standIn.requests).toHaveLength(1);
    const content = JSON.parse((standIn.requests[0]?.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? "{}") as { items: unknown[] };
    expect(content.items).toHaveLength(50);
    expect(await company.report(report.id)).toMatchObject({ llm: { status: "budget_spent", vendors: 50, decided: 50 } });
    expect((await company.transactions()).filter((row) => row.status === "review")).toHaveLength(10);
  });

  it("stops at the company's day budget across imports", async () => {
    const host = await hostWith({ LLM_PROVIDER: "openai", LLM_BASE_URL: `${standIn.url}/v1`, LLM_CALLS_PER_COMPANY_DAY: "1" });
    standIn.scenario = "good";
    standIn.requests.length = 0;
    const company = await companyOn(host);
    await company.upload("2025-03-01,FIRST VENDOR CODE 6300,-1.00");
    await host.settled();
    const second = await company.upload("2025-03-02,SECOND VENDOR CODE 6300,-2.00");
    await host.settled();
    expect(standIn.requests).toHaveLength(1);
    expect(await company.report(second.id)).toMatchObject({ llm: { status: "budget_spent", vendors: 0 } });
  });
});

describe("the LLM tier's day budget under concurrent imports", () => {
  it("reserves each call's requests before sending, so imports at once never spend more than the day allows", async () => {
    const host = await hostWith({ LLM_PROVIDER: "openai", LLM_BASE_URL: `${standIn.url}/v1`, LLM_CALLS_PER_COMPANY_DAY: "2", LLM_RETRIES: "0" });
    standIn.scenario = "good";
    standIn.requests.length = 0;
    const company = await companyOn(host);
    const reports = await Promise.all(["ALDER", "BIRCH", "CEDAR", "DOGWOOD"].map((name, index) => company.upload(`2025-03-0${index + 1},${name} SUPPLY CODE 6300,-${index + 5}.00`)));
    await host.settled();
    expect(standIn.requests).toHaveLength(2);
    const statuses = await Promise.all(reports.map(async (report) => (await company.report(report.id)).llm?.status));
    expect(statuses.filter((status) => status === "done")).toHaveLength(2);
    expect(statuses.filter((status) => status === "budget_spent")).toHaveLength(2);
    expect(await company.usage()).toMatchObject({ calls: 2, requests: 2, outcomes: { ok: 2 } });
  });
});

describe("the LLM tier against a Messages (Anthropic) stand-in", () => {
  it("sends the same content and tool through the Messages API and posts its decisions", async () => {
    const host = await hostWith({ LLM_PROVIDER: "anthropic", LLM_BASE_URL: standIn.url });
    standIn.scenario = "good";
    standIn.requests.length = 0;
    const company = await companyOn(host);
    const report = await company.upload("2025-03-01,GABLE HOUSE CODE 6800,-400.00");
    await host.settled();
    expect(await company.report(report.id)).toMatchObject({ llm: { status: "done", decided: 1 } });
    const [request] = standIn.requests;
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers["x-api-key"]).toBe(apiKey);
    expect(request?.headers["anthropic-version"]).toBe("2023-06-01");
    const body = request?.body as { system: string; tools: { name: string; input_schema: unknown }[]; tool_choice: unknown; messages: { role: string; content: string }[] };
    expect(body.tools.map((tool) => tool.name)).toEqual(["categorize_transactions"]);
    expect(body.tool_choice).toEqual({ type: "tool", name: "categorize_transactions" });
    expect(JSON.parse(body.messages.at(-1)?.content ?? "{}")).toHaveProperty("items");
    expect((await company.transactions())[0]?.category).toMatchObject({ accountCode: "6800", source: "llm", evidence: { provider: "anthropic" } });
    expect(await company.usage()).toMatchObject({ promptTokens: 1100, completionTokens: 280 });
  });
});

describe("LLM settings", () => {
  it("refuses what cannot work, naming the variable and never the key", () => {
    const fetcher = (input: string, init: RequestInit) => fetch(input, init);
    expect(() => llmSettingsFrom({ LLM_PROVIDER: "gpt" }, { fetch: fetcher })).toThrow(/LLM_PROVIDER must be one of mock, openai, anthropic, workers-ai, off/);
    expect(() => llmSettingsFrom({ LLM_PROVIDER: "openai", LLM_MODEL: "x" }, { fetch: fetcher })).toThrow(/needs LLM_API_KEY/);
    expect(() => llmSettingsFrom({ LLM_PROVIDER: "anthropic", LLM_API_KEY: apiKey }, { fetch: fetcher })).toThrow(/needs LLM_MODEL/);
    expect(() => llmSettingsFrom({ LLM_PROVIDER: "openai", LLM_BASE_URL: "ftp://x", LLM_MODEL: "m" }, { fetch: fetcher })).toThrow(/LLM_BASE_URL must be an http/);
    expect(() => llmSettingsFrom({ LLM_TIMEOUT_MS: "soon" }, { fetch: fetcher })).toThrow(/LLM_TIMEOUT_MS must be a whole number/);
    // A local server needs no key.
    expect(llmSettingsFrom({ LLM_PROVIDER: "openai", LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "llama3.1" }, { fetch: fetcher }).provider?.name).toBe("openai");
    const warnings: string[] = [];
    expect(llmSettingsFrom({ LLM_PROVIDER: "workers-ai" }, { fetch: fetcher, warn: (line) => warnings.push(line) }).provider).toBeNull();
    expect(warnings.join()).toMatch(/no AI binding.*off/);
  });
});
