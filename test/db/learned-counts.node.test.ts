/**
 * The learned tier's counts are derived from the books, and kept in step
 * with them by every import, correction, accept, pairing and unpairing, each
 * in its own batch. After a pilot with its bookkeeper in the loop, which does
 * most of those, and a company that does the rest, the counts kept step by
 * step are exactly the counts rebuilt from the transactions as they stand.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { urlTarget } from "../../client/http.ts";
import { pilotCompanyFromGenerated } from "../../pilot/company.ts";
import { runPilot, type PilotReport } from "../../pilot/run.ts";
import { defaultSeedOptions, generateDataset } from "../../seed/dataset.ts";
import { rebuildLearnedCounts } from "../../src/categorize/service.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-learned-counts-"));
const adminToken = "learned-counts-admin";
let host: RunningNodeHost;
let report: PilotReport;

/** A request as the company's key (or, for creating the company, the operator's token), answering its JSON. */
async function send(method: string, path: string, token: string, body?: string | object): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": typeof body === "string" ? "text/csv" : "application/json" };
  const response = await fetch(`${host.url}${path}`, { method, headers, body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body) });
  const answer: Record<string, unknown> = await response.json();
  expect(response.ok, JSON.stringify(answer)).toBe(true);
  return answer;
}

/**
 * What a pilot may not happen to do: a model's guess that turns out to be one
 * side of a transfer, a pairing a person undoes, and a person correcting a
 * person.
 */
async function guessPairedThenUndone(): Promise<void> {
  const created = await send("POST", "/v1/companies", adminToken, { name: "Rebuild Check Co", industry: "retail" });
  const companyId = (created.company as { id: string }).id;
  const key = created.apiKey as string;
  const at = (path: string) => `/v1/companies/${companyId}${path}`;
  const open = async (name: string, kind: string) => ((await send("POST", at("/bank-accounts"), key, { name, kind })).bankAccount as { id: string }).id;
  const [checking, savings] = [await open("Checking", "checking"), await open("Savings", "savings")];
  const list = async () => (await send("GET", at("/transactions?limit=500"), key)).data as { id: string; description: string; category: { source: string } }[];
  await send("POST", at(`/bank-accounts/${checking}/imports`), key, "Date,Description,Amount\n2025-03-03,HARBOR KILN 40101,-120.00\n2025-03-17,HARBOR KILN 40102,-95.50\n");
  await send("POST", at("/transactions/corrections"), key, (await list()).map((row) => ({ transactionId: row.id, accountCode: "5020" })));
  await send("POST", at(`/bank-accounts/${checking}/imports`), key, "Date,Description,Amount\n2025-04-02,HARBOR KILN 40103,-110.00\n");
  const guessed = (await list()).find((row) => row.description.endsWith("40103"));
  expect(guessed?.category.source).toBe("learned");
  await send("POST", at(`/bank-accounts/${savings}/imports`), key, "Date,Description,Amount\n2025-04-03,TRANSFER FROM CHECKING,110.00\n");
  expect((await list()).find((row) => row.id === guessed?.id)?.category.source).toBe("transfer");
  await send("POST", at(`/transactions/${guessed?.id ?? ""}/unpair`), key);
  await send("PATCH", at(`/transactions/${guessed?.id ?? ""}`), key, { accountCode: "6250" });
  await send("PATCH", at(`/transactions/${guessed?.id ?? ""}`), key, { accountCode: "5020" });
}

beforeAll(async () => {
  host = await startNodeHost({ databaseUrl: `file:${join(folder, "books.db")}`, adminToken, port: 0 });
  const { plans, generate } = generateDataset({ ...defaultSeedOptions, seed: 11, companies: 2, months: 4 });
  report = await runPilot({ target: urlTarget(host.url, adminToken), companies: plans.map((plan) => () => pilotCompanyFromGenerated(generate(plan))), seed: 11 });
  await guessPairedThenUndone();
}, 120_000);

afterAll(async () => {
  await host.close();
  rmSync(folder, { recursive: true, force: true });
});

async function countsOf(companyId: string): Promise<string[]> {
  const result = await host.connection.client.execute({
    sql: "select feature, account_id, auto, person from learned_counts where company_id = ? and (auto != 0 or person != 0) order by feature, account_id",
    args: [companyId],
  });
  return result.rows.map((row) => JSON.stringify([row.feature, row.account_id, row.auto, row.person]));
}

describe("the learned tier's counts", () => {
  it("kept step by step through imports, corrections, accepts, pairings and unpairings, equal those rebuilt from the books", async () => {
    const { work } = report.totals;
    // The run exercised every path that changes the counts.
    expect(work.corrections).toBeGreaterThan(0);
    expect(work.accepts).toBeGreaterThan(0);
    expect(report.totals.tiers.transfer).toBeGreaterThan(0);
    const companies = await host.connection.client.execute("select id from companies order by id");
    expect(companies.rows).toHaveLength(3);
    for (const { id: companyId } of companies.rows) {
      if (typeof companyId !== "string") throw new Error("a company id is text");
      const incremental = await countsOf(companyId);
      expect(incremental.length).toBeGreaterThan(5);
      await rebuildLearnedCounts(host.connection.database, companyId, new Date());
      expect(await countsOf(companyId)).toEqual(incremental);
    }
  });
});
