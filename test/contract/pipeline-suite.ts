/**
 * The categorization pipeline over HTTP, on a host built with the rules tier
 * and a stub tier behind it: what a tier decides is posted with its source
 * and evidence, what it only suggests waits for review beside its suggestion
 * and is accepted with one call, the company's threshold decides which is
 * which, and a tier that fails costs nothing else.
 */
import { beforeAll, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";
import { stubEvidence, stubWords } from "./stub-tier.ts";

interface Category {
  accountCode: string;
  source: string;
  confidence: number;
  reason: string;
  evidence: Record<string, unknown> | null;
  ruleId: string | null;
}
interface Transaction {
  id: string;
  description: string;
  status: string;
  entryNumber: number | null;
  category: Category | null;
  suggestion: (Omit<Category, "ruleId"> & { accountName: string }) | null;
}
interface Entry {
  number: number;
  kind: string;
  source: string;
  reversesNumber: number | null;
  transactionId: string | null;
  evidence: Record<string, unknown> | null;
}

const statement = (...rows: string[]): string => `Date,Description,Amount\n${rows.join("\n")}\n`;

export function describePipelineContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  beforeAll(() => {
    target = getTarget();
  });

  const path = (owner: CreatedCompany, rest: string) => `/v1/companies/${owner.id}${rest}`;
  const get = <Body>(owner: CreatedCompany, rest: string) => call<Body>(target, "GET", path(owner, rest), { token: owner.apiKey });

  async function companyWithChecking(): Promise<{ owner: CreatedCompany; checking: string }> {
    const owner = await createCompany(target, "retail");
    const created = await call<{ bankAccount: { id: string } }>(target, "POST", path(owner, "/bank-accounts"), { token: owner.apiKey, json: { name: "Checking", kind: "checking" } });
    expect(created.status, created.text).toBe(201);
    return { owner, checking: created.body.bankAccount.id };
  }

  async function upload(owner: CreatedCompany, account: string, csv: string): Promise<void> {
    const response = await call(target, "POST", path(owner, `/bank-accounts/${account}/imports`), { token: owner.apiKey, body: csv, headers: { "content-type": "text/csv" } });
    expect(response.status, response.text).toBe(201);
  }

  async function transactions(owner: CreatedCompany, query = ""): Promise<Transaction[]> {
    const response = await get<{ data: Transaction[] }>(owner, `/transactions?limit=500${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  }

  const byDescription = (rows: readonly Transaction[], text: string): Transaction => {
    const found = rows.find((row) => row.description.includes(text));
    if (found === undefined) throw new Error(`no transaction reads ${text}`);
    return found;
  };

  async function journal(owner: CreatedCompany): Promise<Entry[]> {
    const response = await get<{ data: Entry[] }>(owner, "/journal?limit=5000");
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  }

  async function expectBalanced(owner: CreatedCompany): Promise<void> {
    const response = await get<{ balanced: boolean }>(owner, "/reports/trial-balance?asOf=2025-12-31");
    expect(response.body.balanced).toBe(true);
  }

  it("posts what the injected tier decides with its source, confidence, reason and evidence, after the rules", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement(`2025-03-03,${stubWords.sure} SAAS CO,-49.00`, "2025-03-04,GUSTO DES:NET 250304,-5400.00"));
    const rows = await transactions(owner);
    const sure = byDescription(rows, stubWords.sure);
    expect(sure).toMatchObject({ status: "categorized", category: { accountCode: "6300", source: "learned", confidence: 0.93, evidence: stubEvidence, ruleId: null } });
    expect(sure.category?.reason).toContain("stub tier");
    expect(sure.suggestion).toMatchObject({ accountCode: "6300", source: "learned", confidence: 0.93, evidence: stubEvidence });
    // The rules tier answered first: payroll never reached the stub.
    expect(byDescription(rows, "GUSTO").category).toMatchObject({ source: "rule", accountCode: "6000" });
    const entry = (await journal(owner)).find((candidate) => candidate.number === sure.entryNumber);
    expect(entry).toMatchObject({ kind: "transaction", source: "learned", evidence: stubEvidence, transactionId: sure.id });
  });

  it("keeps a suggestion under the threshold on the transaction waiting for review, and accepts it with one call", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement(`2025-03-05,${stubWords.unsure} PAPER SUPPLY,-23.10`, "2025-03-06,NOBODY KNOWS THIS,-7.00"));
    const queue = await transactions(owner, "&status=review");
    expect(queue).toHaveLength(2);
    const unsure = byDescription(queue, stubWords.unsure);
    expect(unsure).toMatchObject({ status: "review", category: { accountCode: "6999", source: "none" } });
    expect(unsure.suggestion).toMatchObject({ accountCode: "6600", source: "learned", confidence: 0.55, evidence: stubEvidence });
    expect(byDescription(queue, "NOBODY").suggestion).toBeNull();

    const accepted = await call<{ transaction: Transaction }>(target, "POST", path(owner, `/transactions/${unsure.id}/accept`), { token: owner.apiKey });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body.transaction).toMatchObject({ id: unsure.id, status: "categorized", category: { accountCode: "6600", source: "manual", confidence: 1 } });
    expect(accepted.body.transaction.category?.reason).toContain("accepted the learned tier's suggestion");
    expect(accepted.body.transaction.category?.evidence).toMatchObject({ acceptedSource: "learned", model: "stub" });

    const entries = await journal(owner);
    const reversal = entries.find((entry) => entry.kind === "reversal");
    expect(reversal).toMatchObject({ reversesNumber: unsure.entryNumber, source: "manual" });
    expect(entries.find((entry) => entry.number === accepted.body.transaction.entryNumber)).toMatchObject({ kind: "transaction", transactionId: unsure.id });
    await expectBalanced(owner);
    expect((await transactions(owner, "&status=review")).map((row) => row.id)).toEqual([byDescription(queue, "NOBODY").id]);
  });

  it("refuses to accept what is not waiting for review or has no suggestion, another company's transaction, and an unknown id, and changes nothing", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement(`2025-03-03,${stubWords.sure} SAAS CO,-49.00`, "2025-03-06,NOBODY KNOWS THIS,-7.00"));
    const rows = await transactions(owner);
    const accept = (company: CreatedCompany, id: string) => call(target, "POST", path(company, `/transactions/${id}/accept`), { token: company.apiKey });
    const before = await journal(owner);
    expectError(await accept(owner, byDescription(rows, stubWords.sure).id), 409, "nothing_to_accept");
    expectError(await accept(owner, byDescription(rows, "NOBODY").id), 409, "nothing_to_accept");
    expectError(await accept(owner, "no-such-transaction"), 404, "not_found");
    const stranger = await createCompany(target, "retail");
    expectError(await accept(stranger, byDescription(rows, "NOBODY").id), 404, "not_found");
    expect(await journal(owner)).toEqual(before);
  });

  it("answers two accepts of one transaction at once: one takes it, the other is told there is nothing left to accept", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement(`2025-03-05,${stubWords.unsure} PAPER SUPPLY,-23.10`));
    const [row] = await transactions(owner);
    const accept = () => call(target, "POST", path(owner, `/transactions/${row?.id ?? ""}/accept`), { token: owner.apiKey });
    const answers = await Promise.all([accept(), accept()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect((answers.find((answer) => answer.status === 409)?.body as { error: { code: string } }).error.code).toBe("nothing_to_accept");
    expect((await journal(owner)).filter((entry) => entry.kind === "reversal")).toHaveLength(1);
    await expectBalanced(owner);
  });

  it("answers two corrections of one transaction at once: both made, one after the other, and the books balance", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement("2025-03-06,NOBODY KNOWS THIS,-7.00"));
    const [row] = await transactions(owner);
    const correct = (accountCode: string) => call(target, "PATCH", path(owner, `/transactions/${row?.id ?? ""}`), { token: owner.apiKey, json: { accountCode } });
    const answers = await Promise.all([correct("6600"), correct("6300")]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const [now] = await transactions(owner);
    expect(["6600", "6300"]).toContain(now?.category?.accountCode);
    // Each correction reversed what the one before it posted: two reversals, each of a different entry.
    const reversals = (await journal(owner)).filter((entry) => entry.kind === "reversal");
    expect(new Set(reversals.map((entry) => entry.reversesNumber)).size).toBe(2);
    await expectBalanced(owner);
  });

  it("shows one transaction with its suggestion, and another company's as not found", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement(`2025-03-05,${stubWords.unsure} PAPER SUPPLY,-23.10`));
    const [row] = await transactions(owner);
    const shown = await get<{ transaction: Transaction }>(owner, `/transactions/${row?.id ?? ""}`);
    expect(shown.status, shown.text).toBe(200);
    expect(shown.body.transaction).toEqual(row);
    const stranger = await createCompany(target, "retail");
    expectError(await get(stranger, `/transactions/${row?.id ?? ""}`), 404, "not_found");
  });

  it("decides by the company's own threshold, which a company may change and nobody may set outside 0 to 1", async () => {
    const { owner, checking } = await companyWithChecking();
    const company = await get<{ company: { confidenceThreshold: number } }>(owner, "");
    expect(company.body.company.confidenceThreshold).toBe(0.8);
    const patch = (json: unknown) => call<{ company: { confidenceThreshold: number } }>(target, "PATCH", path(owner, ""), { token: owner.apiKey, json });
    for (const bad of [{ confidenceThreshold: 1.5 }, { confidenceThreshold: -0.1 }, { confidenceThreshold: "0.5" }, {}, { name: "Renamed" }]) {
      expectError(await patch(bad), 422, "validation_failed");
    }
    const lowered = await patch({ confidenceThreshold: 0.5 });
    expect(lowered.status, lowered.text).toBe(200);
    expect(lowered.body.company.confidenceThreshold).toBe(0.5);
    await upload(owner, checking, statement(`2025-03-05,${stubWords.unsure} PAPER SUPPLY,-23.10`));
    expect((await transactions(owner))[0]).toMatchObject({ status: "categorized", category: { source: "learned", accountCode: "6600", confidence: 0.55 } });

    expect((await patch({ confidenceThreshold: 0.99 })).status).toBe(200);
    await upload(owner, checking, statement(`2025-04-03,${stubWords.sure} SAAS CO,-49.00`));
    expect(byDescription(await transactions(owner, "&from=2025-04-01"), stubWords.sure)).toMatchObject({ status: "review", suggestion: { confidence: 0.93 } });
  });

  it("costs a failing tier nothing but its own answers: the file imports, the rules still decide, the rest waits for review", async () => {
    const { owner, checking } = await companyWithChecking();
    await upload(owner, checking, statement(`2025-03-03,${stubWords.fail} ANYTHING,-12.00`, `2025-03-03,${stubWords.sure} SAAS CO,-49.00`, "2025-03-04,GUSTO DES:NET 250304,-5400.00"));
    const rows = await transactions(owner);
    expect(rows).toHaveLength(3);
    expect(byDescription(rows, "GUSTO").category?.source).toBe("rule");
    expect(byDescription(rows, stubWords.fail).status).toBe("review");
    // The stub answers a batch at once, so its failure takes its whole batch with it.
    expect(byDescription(rows, stubWords.sure)).toMatchObject({ status: "review", suggestion: null });
    await expectBalanced(owner);
  });
}
