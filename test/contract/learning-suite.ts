/**
 * The review queue that learns, over HTTP on a host with the default tiers
 * (rules, then learned): corrections, one or many at once, are labels kept
 * with who made them; what a person says of a vendor decides its next
 * transactions; a default pack rule gives way to the company's own labels,
 * a rule a person wrote does not; and a bulk correction with any bad item
 * changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

interface Decision {
  accountCode: string;
  source: string;
  confidence: number;
  reason: string;
  evidence: Record<string, unknown> | null;
}
interface Transaction {
  id: string;
  description: string;
  status: string;
  entryNumber: number | null;
  transferTransactionId: string | null;
  category: Decision | null;
  suggestion: Decision | null;
}
interface Label {
  kind: string;
  accountCode: string;
  accountName: string;
  previousAccountCode: string | null;
  previousSource: string | null;
  actor: string;
  createdAt: string;
}

const statement = (...rows: string[]): string => `Date,Description,Amount\n${rows.join("\n")}\n`;
/** A vendor no rule pack knows, its bank line carrying a new reference every time. */
const kiln = (date: string, reference: string, amount: string): string => `${date},HARBOR KILN CERAMICS ${reference},${amount}`;

export function describeLearningContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  beforeAll(() => {
    target = getTarget();
  });

  const path = (owner: CreatedCompany, rest: string) => `/v1/companies/${owner.id}${rest}`;
  const get = <Body>(owner: CreatedCompany, rest: string) => call<Body>(target, "GET", path(owner, rest), { token: owner.apiKey });
  const correctMany = (owner: CreatedCompany, json: unknown) => call<{ corrections: { transactionId: string; status: string }[] }>(target, "POST", path(owner, "/transactions/corrections"), { token: owner.apiKey, json });
  const patch = (owner: CreatedCompany, id: string, accountCode: string) => call<{ transaction: Transaction }>(target, "PATCH", path(owner, `/transactions/${id}`), { token: owner.apiKey, json: { accountCode } });

  async function companyWithAccounts(): Promise<{ owner: CreatedCompany; checking: string; savings: string }> {
    const owner = await createCompany(target, "retail");
    const open = async (name: string, kind: string): Promise<string> => {
      const created = await call<{ bankAccount: { id: string } }>(target, "POST", path(owner, "/bank-accounts"), { token: owner.apiKey, json: { name, kind } });
      expect(created.status, created.text).toBe(201);
      return created.body.bankAccount.id;
    };
    return { owner, checking: await open("Checking", "checking"), savings: await open("Savings", "savings") };
  }

  async function upload(owner: CreatedCompany, account: string, csv: string): Promise<void> {
    const response = await call(target, "POST", path(owner, `/bank-accounts/${account}/imports`), { token: owner.apiKey, body: csv, headers: { "content-type": "text/csv" } });
    expect(response.status, response.text).toBe(201);
  }

  async function transactions(owner: CreatedCompany): Promise<Transaction[]> {
    const response = await get<{ data: Transaction[] }>(owner, "/transactions?limit=500");
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  }

  const reading = (rows: readonly Transaction[], text: string): Transaction[] => rows.filter((row) => row.description.includes(text));

  async function books(owner: CreatedCompany): Promise<{ transactions: Transaction[]; journal: unknown; balanced: boolean }> {
    const journal = await get<{ data: unknown[] }>(owner, "/journal?limit=5000");
    const trial = await get<{ balanced: boolean }>(owner, "/reports/trial-balance?asOf=2025-12-31");
    return { transactions: await transactions(owner), journal: journal.body.data, balanced: trial.body.balanced };
  }

  async function keyIdOf(owner: CreatedCompany): Promise<string> {
    const keys = await get<{ data: { id: string }[] }>(owner, "/api-keys");
    expect(keys.body.data).toHaveLength(1);
    return keys.body.data[0]?.id ?? "";
  }

  describe("corrections that teach", () => {
    it("decides a vendor's next transaction the way a person corrected its last two, saying why, and keeps each correction as a label with who made it", async () => {
      const { owner, checking } = await companyWithAccounts();
      await upload(owner, checking, statement(kiln("2025-03-03", "88121", "-120.00"), kiln("2025-03-17", "99213", "-95.50"), "2025-03-20,GUSTO DES:NET 250320,-5400.00"));
      const waiting = reading(await transactions(owner), "HARBOR KILN");
      expect(waiting.map((row) => row.status)).toEqual(["review", "review"]);

      const corrected = await correctMany(owner, waiting.map((row) => ({ transactionId: row.id, accountCode: "5020" })));
      expect(corrected.status, corrected.text).toBe(200);
      expect(corrected.body.corrections).toEqual(waiting.map((row) => ({ transactionId: row.id, status: "changed" })));

      await upload(owner, checking, statement(kiln("2025-04-02", "10442", "-110.00")));
      const [next] = reading(await transactions(owner), "10442");
      expect(next).toMatchObject({ status: "categorized", category: { accountCode: "5020", source: "learned", evidence: { tier: "learned", basis: "vendor_amount" } } });
      expect(next?.category?.confidence).toBeGreaterThanOrEqual(0.8);
      expect(next?.category?.reason).toContain("the 2 earlier labels for Harbor Kiln Ceramics point to 5020");

      const labels = await get<{ data: Label[] }>(owner, `/transactions/${waiting[0]?.id ?? ""}/labels`);
      expect(labels.status, labels.text).toBe(200);
      const actor = await keyIdOf(owner);
      expect(labels.body.data.map(({ kind, accountCode, accountName, previousAccountCode, previousSource, actor: by }) => ({ kind, accountCode, accountName, previousAccountCode, previousSource, by }))).toEqual([
        { kind: "correction", accountCode: "5020", accountName: "Packaging & Disposables", previousAccountCode: "6999", previousSource: "none", by: actor },
      ]);
      expect(Number.isNaN(Date.parse(labels.body.data[0]?.createdAt ?? ""))).toBe(false);
      expect((await get<{ data: Label[] }>(owner, `/transactions/${next?.id ?? ""}/labels`)).body.data).toEqual([]);
    });

    it("lets a default pack rule give way where a person moved the vendor's transactions twice, but never a rule a person wrote", async () => {
      const { owner, checking } = await companyWithAccounts();
      const rule = await call<{ rule: { id: string } }>(target, "POST", path(owner, "/rules"), {
        token: owner.apiKey,
        json: { name: "Copper kettle", conditions: { description: { operator: "contains", value: "copper kettle" } }, action: { accountCode: "6250" } },
      });
      expect(rule.status, rule.text).toBe(201);
      await upload(owner, checking, statement("2025-03-02,COSTCO WHSE #0375,-84.10", "2025-03-09,COSTCO WHSE #1081,-91.25", "2025-03-04,COPPER KETTLE 5512,-60.00", "2025-03-11,COPPER KETTLE 6620,-64.00"));
      const first = await transactions(owner);
      for (const row of reading(first, "COSTCO")) expect(row.category).toMatchObject({ source: "rule", accountCode: "6600" });
      for (const row of [...reading(first, "COSTCO"), ...reading(first, "COPPER KETTLE")]) expect((await patch(owner, row.id, "5010")).status).toBe(200);

      await upload(owner, checking, statement("2025-04-06,COSTCO WHSE #0375,-88.40", "2025-04-08,COPPER KETTLE 7781,-61.00"));
      const second = await transactions(owner);
      const [costco] = reading(second, "COSTCO").filter((row) => !first.some((old) => old.id === row.id));
      expect(costco?.category).toMatchObject({ accountCode: "5010", source: "learned" });
      const [kettle] = reading(second, "7781");
      expect(kettle?.category).toMatchObject({ accountCode: "6250", source: "rule", evidence: { ruleId: rule.body.rule.id } });
    });

    it("lets one correction of a vendor's payroll taxes leave its payroll rule alone", async () => {
      const { owner, checking } = await companyWithAccounts();
      await upload(owner, checking, statement("2025-03-03,GUSTO DES:TAX 250303,-1210.00", "2025-03-04,GUSTO DES:NET 250304,-12500.00"));
      const [tax] = reading(await transactions(owner), "DES:TAX");
      expect(tax?.category).toMatchObject({ source: "rule" });
      expect((await patch(owner, tax?.id ?? "", "6960")).status).toBe(200);
      await upload(owner, checking, statement("2025-04-04,GUSTO DES:NET 250404,-12400.00"));
      const [net] = reading(await transactions(owner), "250404");
      expect(net?.category).toMatchObject({ source: "rule", accountCode: "6000" });
    });

    it("counts the operator's corrections as the operator's", async () => {
      const { owner, checking } = await companyWithAccounts();
      await upload(owner, checking, statement(kiln("2025-05-05", "31313", "-40.00")));
      const [row] = await transactions(owner);
      const byOperator = await call(target, "PATCH", path(owner, `/transactions/${row?.id ?? ""}`), { token: target.adminToken, json: { accountCode: "6250" } });
      expect(byOperator.status, byOperator.text).toBe(200);
      const labels = await call<{ data: Label[] }>(target, "GET", path(owner, `/transactions/${row?.id ?? ""}/labels`), { token: target.adminToken });
      expect(labels.body.data.map((label) => [label.kind, label.actor, label.accountCode])).toEqual([["correction", "admin", "6250"]]);
    });
  });

  describe("bulk corrections: all or none", () => {
    async function twoWaiting(): Promise<{ owner: CreatedCompany; checking: string; savings: string; rows: Transaction[] }> {
      const accounts = await companyWithAccounts();
      await upload(accounts.owner, accounts.checking, statement(kiln("2025-06-02", "1", "-10.00"), kiln("2025-06-03", "2", "-11.00"), "2025-06-04,TRANSFER TO SAVINGS,-500.00"));
      await upload(accounts.owner, accounts.savings, statement("2025-06-04,TRANSFER FROM CHECKING,500.00"));
      return { ...accounts, rows: reading(await transactions(accounts.owner), "HARBOR KILN") };
    }

    it("changes nothing when any one item is bad, and names each bad item", async () => {
      const { owner, rows } = await twoWaiting();
      const stranger = await createCompany(target, "retail");
      const before = await books(owner);
      const [one, two] = rows.map((row) => row.id);
      const transferSide = before.transactions.find((row) => row.transferTransactionId !== null);
      expect(transferSide).toBeDefined();

      const unknown = expectError(await correctMany(owner, [{ transactionId: one, accountCode: "5020" }, { transactionId: two, accountCode: "4242" }]), 422, "unknown_account");
      expect(unknown.error.message).toContain("4242");
      // One bad item of many is named, by its place in the list.
      expect(unknown.error.details).toMatchObject({ items: [{ index: 1, transactionId: two }] });
      expectError(await correctMany(owner, [{ transactionId: one, accountCode: "5020" }, { transactionId: "no-such-transaction", accountCode: "5020" }]), 404, "not_found");
      expectError(await correctMany(owner, [{ transactionId: one, accountCode: "5020" }, { transactionId: transferSide?.id, accountCode: "3100" }]), 409, "transfer_side");
      expectError(await correctMany(owner, [{ transactionId: one, accountCode: "5020" }, { transactionId: two, accountCode: "6999" }]), 422, "validation_failed");
      const several = expectError(await correctMany(owner, [{ transactionId: "gone-1", accountCode: "5020" }, { transactionId: two, accountCode: "5020" }, { transactionId: "gone-2", accountCode: "5020" }]), 404, "not_found");
      expect(several.error.details).toMatchObject({ items: [{ index: 0, transactionId: "gone-1" }, { index: 2, transactionId: "gone-2" }] });
      const twice = [{ transactionId: one, accountCode: "5020" }, { transactionId: one, accountCode: "6250" }];
      expect(expectError(await correctMany(owner, twice), 422, "validation_failed").error.details).toMatchObject({ field: "1.transactionId" });
      expect(expectError(await correctMany(owner, { corrections: twice }), 422, "validation_failed").error.details).toMatchObject({ field: "corrections.1.transactionId" });
      expectError(await correctMany(owner, []), 422, "validation_failed");
      expectError(await correctMany(owner, [{ transactionId: one }]), 422, "validation_failed");
      expectError(await correctMany(owner, { corrections: [{ transactionId: one, accountCode: "5020" }], extra: true }), 422, "validation_failed");
      const tooMany = Array.from({ length: 501 }, (_, index) => ({ transactionId: `t-${index}`, accountCode: "5020" }));
      expect(expectError(await correctMany(owner, tooMany), 422, "validation_failed").error.message).toContain("500");
      // Another company's transactions are not there for this key, and this company's are not there for theirs.
      expectError(await correctMany(stranger, [{ transactionId: one, accountCode: "5020" }]), 404, "not_found");

      expect(await books(owner)).toEqual(before);
      expect((await get<{ data: Label[] }>(owner, `/transactions/${one ?? ""}/labels`)).body.data).toEqual([]);
    });

    it("makes every correction in one request, in either form, and leaves one already in its account as it is", async () => {
      const { owner, rows } = await twoWaiting();
      const [one, two] = rows.map((row) => row.id);
      const first = await correctMany(owner, { corrections: [{ transactionId: one, accountCode: "5020" }] });
      expect(first.body.corrections).toEqual([{ transactionId: one, status: "changed" }]);
      const both = await correctMany(owner, [{ transactionId: one, accountCode: "5020" }, { transactionId: two, accountCode: "6250" }]);
      expect(both.status, both.text).toBe(200);
      expect(both.body.corrections).toEqual([{ transactionId: one, status: "unchanged" }, { transactionId: two, status: "changed" }]);
      const after = await books(owner);
      expect(after.balanced).toBe(true);
      expect(reading(after.transactions, "HARBOR KILN").map((row) => [row.category?.accountCode, row.category?.source])).toEqual(
        rows.map((row) => [row.id === one ? "5020" : "6250", "manual"]),
      );
      expect((await get<{ data: Label[] }>(owner, `/transactions/${one ?? ""}/labels`)).body.data).toHaveLength(1);
    });

    it("answers corrections racing each other over the same transactions: each made or refused whole, and the books balance", async () => {
      const { owner, rows } = await twoWaiting();
      const ids = rows.map((row) => row.id);
      const answers = await Promise.all(["5020", "6250", "6600"].map((accountCode) => correctMany(owner, ids.map((transactionId) => ({ transactionId, accountCode })))));
      for (const answer of answers) expect(answer.status, answer.text).toBe(200);
      const after = await books(owner);
      expect(after.balanced).toBe(true);
      const placed = reading(after.transactions, "HARBOR KILN").map((row) => row.category?.accountCode);
      // The last writer wins for both, since each request is made whole.
      expect(new Set(placed).size).toBe(1);
      for (const id of ids) expect((await get<{ data: Label[] }>(owner, `/transactions/${id}/labels`)).body.data).toHaveLength(3);

      // A page at a time, as every list that grows: each correction adds a label, without end.
      const whole = (await get<{ data: Label[]; nextCursor: string | null }>(owner, `/transactions/${ids[0] ?? ""}/labels`)).body;
      expect(whole.nextCursor).toBeNull();
      const first = (await get<{ data: Label[]; nextCursor: string | null }>(owner, `/transactions/${ids[0] ?? ""}/labels?limit=2`)).body;
      expect(first.data).toEqual(whole.data.slice(0, 2));
      const rest = (await get<{ data: Label[]; nextCursor: string | null }>(owner, `/transactions/${ids[0] ?? ""}/labels?limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)).body;
      expect(rest).toEqual({ data: whole.data.slice(2), nextCursor: null });
    });
  });
}
