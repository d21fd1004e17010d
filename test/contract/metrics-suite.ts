/**
 * The figures and the training dataset, over HTTP on both hosts: what the
 * metrics count after an import and a person's corrections, and what the
 * export holds (settled transactions only, their provenance, a split fixed by
 * id, CSV safe to open), for a company and, under pseudonyms, for the operator.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pseudonymOf } from "../../src/training/service.ts";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

interface Transaction {
  id: string;
  description: string;
  status: string;
  category: { accountCode: string; source: string } | null;
}
interface TrainingLine {
  split: string;
  company?: string;
  id: string;
  date: string;
  description: string;
  amountMinor: number;
  direction: string;
  bankAccountKind: string;
  label: { accountCode: string; accountName: string; accountType: string };
  source: string;
  ruleId: string | null;
  corrected: boolean;
  previous: { accountCode: string; source: string } | null;
}

const statement = [
  "Date,Description,Amount",
  "2025-03-03,GUSTO DES:NET 250303,-5400.00",
  "2025-03-04,=HYPERLINK(\"http://x\") TRAVEL,-12.00",
  "2025-03-05,LARKSPUR LOOM 2231,-80.00",
  "2025-04-02,GUSTO DES:NET 250402,-5400.00",
  "2025-04-09,OAKMERE FOUNDRY 8812,-310.00",
  "",
].join("\n");

export function describeMetricsContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  beforeAll(() => {
    target = getTarget();
  });

  const get = (owner: CreatedCompany, path: string, token = owner.apiKey) => call(target, "GET", `/v1/companies/${owner.id}${path}`, { token });
  const lines = (text: string): TrainingLine[] =>
    text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as TrainingLine);

  /** A company with the statement in, one of its two payroll rows moved by a person, and one waiting row placed by a person. */
  async function booked(): Promise<{ owner: CreatedCompany; rows: Transaction[] }> {
    const owner = await createCompany(target, "services");
    const created = await call<{ bankAccount: { id: string } }>(target, "POST", `/v1/companies/${owner.id}/bank-accounts`, { token: owner.apiKey, json: { name: "Checking", kind: "checking" } });
    const imported = await call(target, "POST", `/v1/companies/${owner.id}/bank-accounts/${created.body.bankAccount.id}/imports`, { token: owner.apiKey, body: statement, headers: { "content-type": "text/csv" } });
    expect(imported.status, imported.text).toBe(201);
    const rows = (await call<{ data: Transaction[] }>(target, "GET", `/v1/companies/${owner.id}/transactions?limit=100`, { token: owner.apiKey })).body.data;
    const payroll = rows.find((row) => row.description.includes("250402"));
    expect(payroll?.category?.source).toBe("rule");
    const loom = rows.find((row) => row.description.includes("LARKSPUR"));
    expect(loom?.status).toBe("review");
    for (const [row, accountCode] of [
      [payroll, "6010"],
      [loom, "6300"],
    ] as const) {
      const moved = await call(target, "PATCH", `/v1/companies/${owner.id}/transactions/${row?.id ?? ""}`, { token: owner.apiKey, json: { accountCode } });
      expect(moved.status, moved.text).toBe(200);
    }
    return { owner, rows: (await call<{ data: Transaction[] }>(target, "GET", `/v1/companies/${owner.id}/transactions?limit=100`, { token: owner.apiKey })).body.data };
  }

  describe("metrics", () => {
    it("counts who decides, automation, the decisions people changed, the queue and the imports, in SQL, by month", async () => {
      const { owner, rows } = await booked();
      const response = await get(owner, "/metrics");
      expect(response.status, response.text).toBe(200);
      const { metrics } = response.body as { metrics: Record<string, unknown> & { transactions: Record<string, unknown>; byMonth: { month: string; imported: number }[] } };
      const source = (name: string): number => rows.filter((row) => row.category?.source === name).length;
      const waiting = rows.filter((row) => row.status === "review").length;
      expect(metrics.transactions).toMatchObject({
        imported: 5,
        decidedBy: { rule: source("rule"), learned: source("learned"), llm: source("llm"), transfer: 0, person: 2, review: waiting },
        changedByPeople: 1,
      });
      // First decided without a person: what the tiers hold now, and the payroll row a person moved.
      const automatic = source("rule") + source("learned") + source("llm") + 1;
      expect(metrics.transactions.automation).toBeCloseTo(automatic / 5, 4);
      expect(metrics.transactions.accuracy).toBeCloseTo((automatic - 1) / automatic, 4);
      expect(metrics.byMonth.map((month) => [month.month, month.imported])).toEqual([
        ["2025-03", 3],
        ["2025-04", 2],
      ]);
      expect(metrics.reviewQueue).toMatchObject({ size: waiting });
      expect(metrics.imports).toEqual({ imports: 1, rows: 5, inserted: 5, duplicates: 0, rejected: 0, skipped: 0 });
      expect(metrics.receipts).toEqual({ documents: 0, matched: 0, suggested: 0, unmatched: 0, unreadable: 0, matchRate: null });

      const april = (await get(owner, "/metrics?from=2025-04-01&to=2025-04-30")).body as { metrics: { transactions: { imported: number; changedByPeople: number } } };
      expect(april.metrics.transactions).toMatchObject({ imported: 2, changedByPeople: 1 });
      expectError(await get(owner, "/metrics?from=2025-05-01&to=2025-04-01"), 422, "validation_failed");
      expectError(await get(owner, "/metrics?from=yesterday"), 422, "validation_failed");
      expectError(await get(owner, "/metrics?granularity=week"), 422, "validation_failed");
    });

    it("counts a transfer pairing a person undid as an automatic decision people changed, in the metrics and the training set", async () => {
      const owner = await createCompany(target, "services");
      const open = async (name: string, kind: string): Promise<string> => (await call<{ bankAccount: { id: string } }>(target, "POST", `/v1/companies/${owner.id}/bank-accounts`, { token: owner.apiKey, json: { name, kind } })).body.bankAccount.id;
      const checking = await open("Checking", "checking");
      const card = await open("Card", "credit_card");
      const upload = (account: string, row: string) => call(target, "POST", `/v1/companies/${owner.id}/bank-accounts/${account}/imports`, { token: owner.apiKey, body: `Date,Description,Amount\n${row}\n`, headers: { "content-type": "text/csv" } });
      expect((await upload(checking, "2025-06-02,ONLINE PMT THANK YOU,-300.00")).status).toBe(201);
      expect((await upload(card, "2025-06-03,PAYMENT RECEIVED,300.00")).status).toBe(201);
      const rows = (await call<{ data: (Transaction & { transferTransactionId: string | null })[] }>(target, "GET", `/v1/companies/${owner.id}/transactions`, { token: owner.apiKey })).body.data;
      expect(rows.every((row) => row.transferTransactionId !== null)).toBe(true);
      const unpaired = await call(target, "POST", `/v1/companies/${owner.id}/transactions/${rows[0]?.id ?? ""}/unpair`, { token: owner.apiKey });
      expect(unpaired.status, unpaired.text).toBe(200);
      const after = (await get(owner, "/metrics")).body as { metrics: { transactions: Record<string, unknown> } };
      expect(after.metrics.transactions).toMatchObject({ imported: 2, decidedBy: { transfer: 0, review: 2 }, personAfterTier: 2, changedByPeople: 2, automation: 1, accuracy: 0 });
      for (const row of rows) expect((await call(target, "PATCH", `/v1/companies/${owner.id}/transactions/${row.id}`, { token: owner.apiKey, json: { accountCode: "3100" } })).status).toBe(200);
      const exported = lines((await get(owner, "/export/training.jsonl")).text);
      expect(exported).toHaveLength(2);
      for (const line of exported) expect(line).toMatchObject({ source: "person", corrected: true, previous: { source: "transfer" }, label: { accountCode: "3100" } });
    });

    it("gives the operator the totals across companies, and no company key may ask", async () => {
      const { owner } = await booked();
      const all = await call<{ metrics: { companies: number; transactions: { imported: number } } }>(target, "GET", "/v1/metrics", { token: target.adminToken });
      expect(all.status, all.text).toBe(200);
      expect(all.body.metrics.companies).toBeGreaterThanOrEqual(1);
      expect(all.body.metrics.transactions.imported).toBeGreaterThanOrEqual(5);
      expectError(await call(target, "GET", "/v1/metrics", { token: owner.apiKey }), 403, "forbidden");
    });
  });

  describe("the training dataset", () => {
    it("holds every settled transaction with its label and provenance, and nothing that waits for review", async () => {
      const { owner, rows } = await booked();
      const response = await get(owner, "/export/training.jsonl");
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/x-ndjson");
      const exported = lines(response.text);
      const settled = rows.filter((row) => row.status === "categorized");
      expect(exported.map((line) => line.id).sort()).toEqual(settled.map((row) => row.id).sort());
      expect(exported.map((line) => line.date)).toEqual([...exported.map((line) => line.date)].sort());

      const payroll = exported.find((line) => line.description.includes("250402"));
      expect(payroll).toMatchObject({ source: "person", corrected: true, previous: { source: "rule" }, label: { accountCode: "6010", accountType: "expense" }, amountMinor: -540000, direction: "out", bankAccountKind: "checking" });
      const loom = exported.find((line) => line.description.includes("LARKSPUR"));
      // A person placed what nothing had decided: a label, not a correction of a tier.
      expect(loom).toMatchObject({ source: "person", corrected: false, previous: null, label: { accountCode: "6300" } });
      const ruled = exported.find((line) => line.description.includes("250303"));
      expect(ruled).toMatchObject({ source: "rule", corrected: false });
      expect(typeof ruled?.ruleId).toBe("string");
      for (const line of exported) expect(["train", "validation", "test"]).toContain(line.split);

      expect(response.text).not.toContain(owner.apiKey);
      expect(response.text).not.toContain(target.adminToken);

      // The same download twice is the same bytes; the split follows the ids, and another split is asked for by percentages.
      expect((await get(owner, "/export/training.jsonl")).text).toBe(response.text);
      const allTrain = lines((await get(owner, "/export/training.jsonl?split=100/0/0")).text);
      expect(new Set(allTrain.map((line) => line.split))).toEqual(new Set(["train"]));
      for (const split of ["80/10", "80/10/11", "a/b/c", "-10/60/50"]) expectError(await get(owner, `/export/training.jsonl?split=${split}`), 422, "validation_failed");
      expectError(await get(owner, "/export/training.jsonl?format=xml"), 422, "validation_failed");
      // Moved back where the rule had it, the payroll line is a person's label again, but no longer a correction of the rule.
      const back = await call(target, "PATCH", `/v1/companies/${owner.id}/transactions/${payroll?.id ?? ""}`, { token: owner.apiKey, json: { accountCode: payroll?.previous?.accountCode } });
      expect(back.status, back.text).toBe(200);
      expect(lines((await get(owner, "/export/training.jsonl")).text).find((line) => line.id === payroll?.id)).toMatchObject({ source: "person", corrected: false, previous: null });
      const metrics = (await get(owner, "/metrics")).body as { metrics: { transactions: { personAfterTier: number; changedByPeople: number; accuracy: number } } };
      expect(metrics.metrics.transactions).toMatchObject({ personAfterTier: 1, changedByPeople: 0, accuracy: 1 });
    });

    it("gives the same as CSV, with a description that would be a formula neutralized", async () => {
      const { owner, rows } = await booked();
      const formula = rows.find((row) => row.description.startsWith("="));
      if (formula?.status === "review") expect((await call(target, "PATCH", `/v1/companies/${owner.id}/transactions/${formula.id}`, { token: owner.apiKey, json: { accountCode: "6910" } })).status).toBe(200);
      const response = await get(owner, "/export/training.jsonl?format=csv");
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      const [header, ...body] = response.text.trimEnd().split("\r\n");
      expect(header?.split(",").slice(0, 7)).toEqual(["split", "company", "id", "date", "description", "vendor", "amountMinor"]);
      const exported = lines((await get(owner, "/export/training.jsonl")).text);
      expect(body).toHaveLength(exported.length);
      const travel = body.find((line) => line.includes("HYPERLINK"));
      expect(travel).toContain(`"'=HYPERLINK(""http://x"") TRAVEL"`);
      expect(body.some((line) => /,=|^=/.test(line))).toBe(false);
    });

    it("answers 404 for another company's, and exports every company's to the operator under pseudonyms only", async () => {
      const { owner } = await booked();
      const stranger = await createCompany(target, "retail");
      expectError(await call(target, "GET", `/v1/companies/${owner.id}/export/training.jsonl`, { token: stranger.apiKey }), 404, "not_found");
      expectError(await call(target, "GET", "/v1/export/training.jsonl", { token: owner.apiKey }), 403, "forbidden");
      const all = await call(target, "GET", "/v1/export/training.jsonl", { token: target.adminToken });
      expect(all.status, all.text).toBe(200);
      const exported = lines(all.text);
      const mine = lines((await get(owner, "/export/training.jsonl")).text);
      const theirs = exported.filter((line) => mine.some((own) => own.id === line.id));
      expect(theirs).toHaveLength(mine.length);
      const pseudonyms = new Set(theirs.map((line) => line.company));
      expect(pseudonyms.size).toBe(1);
      expect([...pseudonyms][0]).toMatch(/^c_[0-9a-f]{16}$/);
      // Keyed by the host's own random secret: nobody can test guesses of the admin token against it.
      expect([...pseudonyms][0]).not.toBe(await pseudonymOf(owner.id, target.adminToken));
      expect(all.text).not.toContain(owner.id);
      expect(all.text).not.toContain(owner.apiKey);
      // The same company under the same pseudonym in the next download.
      const again = lines((await call(target, "GET", "/v1/export/training.jsonl", { token: target.adminToken })).text);
      expect(new Set(again.filter((line) => mine.some((own) => own.id === line.id)).map((line) => line.company))).toEqual(pseudonyms);
    });
  });
}
