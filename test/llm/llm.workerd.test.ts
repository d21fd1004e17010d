/**
 * The LLM tier inside workerd, on a real local D1, through the Workers AI
 * binding, stubbed (Workers AI is remote-only): the Worker answers the
 * import at once and the tier's work runs in the request's waitUntil; what
 * the model decides is posted, and a binding that throws, hangs or answers
 * without a tool call leaves those transactions in review, the books whole.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { llmSettingsFrom } from "../../src/categorize/llm/config.ts";
import type { AiBinding } from "../../src/categorize/llm/workers-ai.ts";
import { defaultTiers } from "../../src/categorize/tiers.ts";
import { workerHost } from "../../src/worker.ts";

type Behaviour = "workers-ai-shape" | "chat-completions-shape" | "throws" | "prose" | "hangs";

/** The `AI` binding, as a test stands it in: it answers the forced tool call with the code each description names. */
function stubAi(): AiBinding & { behaviour: Behaviour; calls: { model: string; inputs: Record<string, unknown> }[] } {
  const stub = {
    behaviour: "workers-ai-shape" as Behaviour,
    calls: [] as { model: string; inputs: Record<string, unknown> }[],
    run(model: string, inputs: Record<string, unknown>): Promise<unknown> {
      stub.calls.push({ model, inputs });
      const messages = inputs.messages as { role: string; content: string }[];
      const { items } = JSON.parse(messages.at(-1)?.content ?? "{}") as { items: { ref: string; description: string }[] };
      const decisions = items.map((item) => ({ ref: item.ref, accountCode: /CODE (\d{4})/.exec(item.description)?.[1] ?? "6600", confidence: 0.9, reason: "the stub binding read it" }));
      switch (stub.behaviour) {
        case "workers-ai-shape":
          return Promise.resolve({ response: null, tool_calls: [{ name: "categorize_transactions", arguments: { decisions } }], usage: { prompt_tokens: 900, completion_tokens: 120 } });
        case "chat-completions-shape":
          return Promise.resolve({ choices: [{ message: { tool_calls: [{ function: { name: "categorize_transactions", arguments: JSON.stringify({ decisions }) } }] } }], usage: { prompt_tokens: 10, completion_tokens: 5 } });
        case "throws":
          return Promise.reject(new Error("5007: no such model, or the service is unavailable"));
        case "prose":
          return Promise.resolve({ response: "These look like office supplies." });
        case "hangs":
          return new Promise(() => undefined);
      }
    },
  };
  return stub;
}

const ai = stubAi();
const settings = llmSettingsFrom({ LLM_PROVIDER: "workers-ai", LLM_MODEL: "@cf/test/stub", LLM_TIMEOUT_MS: "300", LLM_RETRIES: "1" }, { fetch: (input, init) => fetch(input, init), ai });
const app = createApp(workerHost(defaultTiers(), () => settings));

/** One request through the Worker's app with an execution context of its own; `settle` waits for its waitUntil work. */
async function send(method: string, path: string, token: string, body?: string | object): Promise<{ status: number; body: unknown; settle: () => Promise<void> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = typeof body === "string" ? "text/csv" : "application/json";
  const context = createExecutionContext();
  const response = await app.fetch(new Request(`https://bookkeeper.test${path}`, { method, headers, body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body) }), env, context);
  return { status: response.status, body: await response.json(), settle: () => waitOnExecutionContext(context) };
}

async function company() {
  const created = (await send("POST", "/v1/companies", env.ADMIN_TOKEN, { name: "Edge Works", industry: "services" })).body as { company: { id: string }; apiKey: string };
  const at = (path: string): string => `/v1/companies/${created.company.id}${path}`;
  const key = created.apiKey;
  const checking = ((await send("POST", at("/bank-accounts"), key, { name: "Checking", kind: "checking" })).body as { bankAccount: { id: string } }).bankAccount.id;
  return {
    async upload(...rows: string[]) {
      const answer = await send("POST", at(`/bank-accounts/${checking}/imports`), key, `Date,Description,Amount\n${rows.join("\n")}\n`);
      expect(answer.status).toBe(201);
      const report = (answer.body as { imports: { id: string; llm: { status: string } | null }[] }).imports[0];
      return { report, settle: answer.settle };
    },
    report: async (importId: string) => ((await send("GET", at(`/bank-accounts/${checking}/imports/${importId}`), key)).body as { import: { llm: unknown } }).import,
    transactions: async () => ((await send("GET", at("/transactions?limit=500"), key)).body as { data: { description: string; status: string; category: Record<string, unknown> }[] }).data,
    balanced: async () => ((await send("GET", at("/reports/trial-balance?asOf=2025-12-31"), key)).body as { balanced: boolean }).balanced,
  };
}

describe("the LLM tier on Workers + D1, through the AI binding", () => {
  beforeEach(() => {
    ai.calls.length = 0;
  });

  it.each(["workers-ai-shape", "chat-completions-shape"] as const)("posts what the model decides in the request's waitUntil (%s)", async (behaviour) => {
    ai.behaviour = behaviour;
    const books = await company();
    const { report, settle } = await books.upload("2025-03-03,KESTREL LABS CODE 6300,-49.00", "2025-03-04,ALDER HOUSE CODE 6800,-900.00");
    expect(report?.llm).toMatchObject({ status: "pending" });
    await settle();
    expect(await books.report(report?.id ?? "")).toMatchObject({ llm: { status: "done", vendors: 2, decided: 2 } });
    expect(ai.calls).toHaveLength(1);
    expect(ai.calls[0]?.model).toBe("@cf/test/stub");
    expect(ai.calls[0]?.inputs.tool_choice).toEqual({ type: "function", function: { name: "categorize_transactions" } });
    const rows = await books.transactions();
    expect(rows.find((row) => row.description.startsWith("KESTREL"))?.category).toMatchObject({ accountCode: "6300", source: "llm", evidence: { provider: "workers-ai", model: "@cf/test/stub" } });
    expect(rows.find((row) => row.description.startsWith("ALDER"))?.category).toMatchObject({ accountCode: "6800", source: "llm" });
    expect(await books.balanced()).toBe(true);
  });

  it.each(["throws", "prose", "hangs"] as const)("leaves the transactions in review when the binding %s, and the books whole", async (behaviour) => {
    ai.behaviour = behaviour;
    const books = await company();
    const { report, settle } = await books.upload("2025-03-03,KESTREL LABS CODE 6300,-49.00", "2025-03-04,GUSTO DES:NET 250304,-5400.00");
    await settle();
    expect(await books.report(report?.id ?? "")).toMatchObject({ llm: { status: "failed", decided: 0 } });
    const rows = await books.transactions();
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.description.startsWith("KESTREL"))).toMatchObject({ status: "review", category: { source: "none" } });
    expect(await books.balanced()).toBe(true);
    // A thrown error is a server error, retried once; a hang and prose are not retried.
    expect(ai.calls).toHaveLength(behaviour === "throws" ? 2 : 1);
  });
});
