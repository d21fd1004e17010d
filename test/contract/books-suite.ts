/**
 * The books over HTTP, on whichever host the target reaches: rules, posting,
 * transfers, re-categorization, reports and the hledger export, and the bad
 * inputs that must leave the books as they were.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

interface Category {
  accountCode: string;
  accountName: string;
  source: string;
  confidence: number;
  ruleId: string | null;
  reason: string;
}
interface Transaction {
  id: string;
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  description: string;
  vendor: string;
  category: Category | null;
  status: string;
  entryNumber: number | null;
  transferTransactionId: string | null;
}
interface Entry {
  number: number;
  date: string;
  kind: string;
  source: string;
  transactionId: string | null;
  transferTransactionId: string | null;
  reversesNumber: number | null;
  reason: string;
  lines: { accountCode: string; debitMinor: number; creditMinor: number }[];
}
interface TrialBalance {
  accounts: { code: string; debitMinor: number; creditMinor: number }[];
  totals: { debitMinor: number; creditMinor: number };
  balanced: boolean;
}
interface Rule {
  id: string;
  position: number;
  name: string;
  conditions: Record<string, unknown>;
  action: { accountCode: string; renameVendor: string | null };
}

const checkingMarch =
  "Date,Description,Amount\n" +
  "2025-03-03,BLUE OAK COFFEE ROASTERS INV 2231,-812.40\n" +
  "2025-03-05,GUSTO DES:NET 250305 ID:7781,-5400.00\n" +
  "2025-03-10,ONLINE PAYMENT TO CARD ENDING 0412,-1250.00\n" +
  "2025-03-20,HAPPY CATERING CLIENT DEPOSIT,2500.00\n";

const cardMarch =
  "Date,Description,Amount\n" +
  "2025-03-02,PANERA BREAD #204 CINCINNATI OH,-18.25\n" +
  "2025-03-12,PAYMENT THANK YOU,1250.00\n" +
  "2025-03-15,ADOBE  *CREATIVE CLOUD,-89.99\n";

export function describeBooksContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;

  const post = (owner: CreatedCompany, path: string, json: unknown) => call(target, "POST", `/v1/companies/${owner.id}${path}`, { token: owner.apiKey, json });
  const patch = (owner: CreatedCompany, path: string, json: unknown) => call(target, "PATCH", `/v1/companies/${owner.id}${path}`, { token: owner.apiKey, json });
  const get = <Body>(owner: CreatedCompany, path: string) => call<Body>(target, "GET", `/v1/companies/${owner.id}${path}`, { token: owner.apiKey });

  async function bankAccount(owner: CreatedCompany, name: string, kind: string): Promise<string> {
    const response = await post(owner, "/bank-accounts", { name, kind });
    expect(response.status, response.text).toBe(201);
    return (response.body as { bankAccount: { id: string } }).bankAccount.id;
  }

  async function upload(owner: CreatedCompany, account: string, csv: string): Promise<void> {
    const response = await call(target, "POST", `/v1/companies/${owner.id}/bank-accounts/${account}/imports`, { token: owner.apiKey, body: csv, headers: { "content-type": "text/csv" } });
    expect(response.status, response.text).toBe(201);
  }

  async function transactions(owner: CreatedCompany, query = ""): Promise<Transaction[]> {
    const response = await get<{ data: Transaction[] }>(owner, `/transactions?limit=500${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  }

  async function journal(owner: CreatedCompany): Promise<Entry[]> {
    const response = await get<{ data: Entry[] }>(owner, "/journal?limit=5000");
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  }

  async function trialBalance(owner: CreatedCompany, asOf = "2025-12-31"): Promise<TrialBalance> {
    const response = await get<TrialBalance>(owner, `/reports/trial-balance?asOf=${asOf}`);
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  const balanceOf = (report: TrialBalance, code: string): number => {
    const row = report.accounts.find((account) => account.code === code);
    return row === undefined ? 0 : row.debitMinor - row.creditMinor;
  };

  /** A company with a checking account and a card, March imported into both. */
  async function bookedCompany(): Promise<{ owner: CreatedCompany; checking: string; card: string }> {
    const owner = await createCompany(target, "retail");
    const checking = await bankAccount(owner, "Checking", "checking");
    const card = await bankAccount(owner, "Card", "credit_card");
    await upload(owner, checking, checkingMarch);
    await upload(owner, card, cardMarch);
    return { owner, checking, card };
  }

  beforeAll(() => {
    target = getTarget();
  });

  describe("rules", () => {
    it("seeds the industry's rule pack at company creation, in order", async () => {
      const owner = await createCompany(target, "childcare");
      const response = await get<{ data: Rule[] }>(owner, "/rules");
      expect(response.status).toBe(200);
      const rules = response.body.data;
      expect(rules.length).toBeGreaterThan(10);
      expect(rules.map((rule) => rule.position)).toEqual([...rules.map((rule) => rule.position)].sort((a, b) => a - b));
      expect(rules.some((rule) => rule.action.accountCode === "4000" && JSON.stringify(rule.conditions).includes("brightwheel"))).toBe(true);
    });

    it("creates, reads, updates and deletes a rule, and a new rule decides what is imported next", async () => {
      const owner = await createCompany(target, "retail");
      const checking = await bankAccount(owner, "Checking", "checking");
      const created = await post(owner, "/rules", {
        name: "Coffee roaster",
        conditions: { description: { operator: "contains", value: "blue oak" }, direction: "out", bankAccountId: checking },
        action: { accountCode: "5000", renameVendor: "Blue Oak Coffee Roasters" },
        position: 1,
      });
      expect(created.status, created.text).toBe(201);
      const rule = (created.body as { rule: Rule }).rule;
      expect(rule).toMatchObject({ position: 1, action: { accountCode: "5000", renameVendor: "Blue Oak Coffee Roasters" } });

      await upload(owner, checking, checkingMarch);
      const coffee = (await transactions(owner)).find((t) => t.description.startsWith("BLUE OAK"));
      expect(coffee).toMatchObject({ vendor: "Blue Oak Coffee Roasters", status: "categorized", category: { accountCode: "5000", source: "rule", ruleId: rule.id, confidence: 1 } });
      expect(coffee?.category?.reason).toContain("Coffee roaster");

      const renamed = await patch(owner, `/rules/${rule.id}`, { name: "Roaster", position: 3 });
      expect(renamed.status, renamed.text).toBe(200);
      expect((renamed.body as { rule: Rule }).rule).toMatchObject({ name: "Roaster", position: 3, action: { accountCode: "5000" } });
      expect((await get(owner, `/rules/${rule.id}`)).status).toBe(200);
      expect((await call(target, "DELETE", `/v1/companies/${owner.id}/rules/${rule.id}`, { token: owner.apiKey })).status).toBe(204);
      expectError(await get(owner, `/rules/${rule.id}`), 404, "not_found");
      // The decision it made stays.
      const still = (await transactions(owner)).find((t) => t.description.startsWith("BLUE OAK"));
      expect(still?.category).toMatchObject({ accountCode: "5000", ruleId: rule.id });
    });

    it.each([
      ["(a+)+$", "nested quantifiers"],
      ["(x|xy)*z", "holds a"],
      ["a*a*a*b", "unbounded"],
      ["\\w*\\w*!", "unbounded"],
      ["(?:\\w\\w?){1,20}!", "varies in length"],
      ["(\\w)\\1", "backreference"],
      ["x".repeat(201), "at most 200"],
      ["([a-z", "not a valid"],
    ])("refuses the pattern %s with 422 unsafe_pattern (or a too-long value)", async (pattern, words) => {
      const owner = await createCompany(target, "retail");
      const response = await post(owner, "/rules", { name: "Risky", conditions: { description: { operator: "matches", value: pattern } }, action: { accountCode: "6100" } });
      if (pattern.length > 200) {
        const refused = expectError(response, 422, "validation_failed");
        expect(refused.error.message).toContain("value");
      } else {
        const refused = expectError(response, 422, "unsafe_pattern");
        expect(refused.error.message).toContain(words);
      }
      const rules = await get<{ data: Rule[] }>(owner, "/rules");
      expect(rules.body.data.some((rule) => rule.name === "Risky")).toBe(false);
    });

    it("refuses unknown account codes, another company's bank account, empty conditions and bad bounds, and changes nothing", async () => {
      const owner = await createCompany(target, "retail");
      const other = await createCompany(target, "retail");
      const theirs = await bankAccount(other, "Theirs", "checking");
      const before = (await get<{ data: Rule[] }>(owner, "/rules")).body.data;
      const rule = (conditions: unknown, accountCode = "6100") => post(owner, "/rules", { name: "Bad", conditions, action: { accountCode } });
      expectError(await rule({ vendor: { operator: "equals", value: "Acme" } }, "9999"), 422, "unknown_account");
      expectError(await rule({ bankAccountId: theirs }), 422, "unknown_bank_account");
      expectError(await rule({ bankAccountId: "no-such-account" }), 422, "unknown_bank_account");
      expectError(await rule({}), 422, "validation_failed");
      expectError(await rule({ amount: { minMinor: 500, maxMinor: 100 } }), 422, "validation_failed");
      expectError(await rule({ amount: { minMinor: 1.5 } }), 422, "validation_failed");
      expectError(await rule({ direction: "sideways" }), 422, "validation_failed");
      expectError(await rule({ description: { operator: "contains", value: "x" }, extra: true }), 422, "validation_failed");
      const existing = before[0] as Rule;
      expectError(await patch(owner, `/rules/${existing.id}`, { action: { accountCode: "0000" } }), 422, "unknown_account");
      expectError(await patch(owner, `/rules/${existing.id}`, {}), 422, "validation_failed");
      const theirRule = ((await get<{ data: Rule[] }>(other, "/rules")).body.data[0] as Rule).id;
      expectError(await patch(owner, `/rules/${theirRule}`, { name: "Mine now" }), 404, "not_found");
      expectError(await call(target, "DELETE", `/v1/companies/${owner.id}/rules/${theirRule}`, { token: owner.apiKey }), 404, "not_found");
      expect((await get<{ data: Rule[] }>(owner, "/rules")).body.data).toEqual(before);
    });
  });

  describe("posting", () => {
    it("posts every transaction as one balanced entry; what no rule decides waits in suspense for review", async () => {
      const { owner, checking } = await bookedCompany();
      const rows = await transactions(owner, `&bankAccountId=${checking}`);
      const payroll = rows.find((t) => t.description.startsWith("GUSTO"));
      expect(payroll?.category).toMatchObject({ accountCode: "6000", source: "rule" });
      const coffee = rows.find((t) => t.description.startsWith("BLUE OAK"));
      expect(coffee).toMatchObject({ status: "review", category: { accountCode: "6999", source: "none", confidence: 0, ruleId: null } });
      const review = await transactions(owner, "&status=review");
      expect(review.map((t) => t.id)).toContain(coffee?.id);
      expect(review.every((t) => t.status === "review")).toBe(true);

      const entries = await journal(owner);
      const coffeeEntry = entries.find((entry) => entry.transactionId === coffee?.id);
      expect(coffeeEntry?.lines).toEqual([
        { accountCode: "1010", accountName: "Checking", debitMinor: 0, creditMinor: 81240 },
        { accountCode: "6999", accountName: "Uncategorized", debitMinor: 81240, creditMinor: 0 },
      ]);
      for (const entry of entries) {
        expect(entry.lines.length).toBeGreaterThanOrEqual(2);
        expect(entry.lines.reduce((sum, line) => sum + line.debitMinor - line.creditMinor, 0)).toBe(0);
      }
    });

    it("credits the card's liability for a purchase and posts a card payment once, as a transfer", async () => {
      const { owner, checking, card } = await bookedCompany();
      const all = await transactions(owner);
      const paid = all.find((t) => t.bankAccountId === checking && t.amountMinor === -125000);
      const received = all.find((t) => t.bankAccountId === card && t.amountMinor === 125000);
      expect(paid).toMatchObject({ transferTransactionId: received?.id, category: { accountCode: "2100", source: "transfer" }, status: "categorized" });
      expect(received).toMatchObject({ transferTransactionId: paid?.id, category: { accountCode: "1010", source: "transfer" } });
      expect(paid?.entryNumber).toBe(received?.entryNumber);

      const entries = await journal(owner);
      const transfers = entries.filter((entry) => entry.kind === "transfer");
      expect(transfers).toHaveLength(1);
      expect(transfers[0]?.lines).toEqual([
        { accountCode: "2100", accountName: "Card", debitMinor: 125000, creditMinor: 0 },
        { accountCode: "1010", accountName: "Checking", debitMinor: 0, creditMinor: 125000 },
      ]);
      // The checking side arrived first and was posted on its own; that entry is reversed, and the journal shows both.
      const original = entries.find((entry) => entry.kind === "transaction" && entry.transactionId === paid?.id);
      const reversal = entries.find((entry) => entry.kind === "reversal" && entry.reversesNumber === original?.number);
      expect(reversal?.lines.map((line) => [line.accountCode, line.debitMinor - line.creditMinor])).toEqual(original?.lines.map((line) => [line.accountCode, line.creditMinor - line.debitMinor]));

      const report = await trialBalance(owner);
      expect(report.balanced).toBe(true);
      // Card: -18.25 - 89.99 purchases, +1250.00 payment: a debit balance of 1141.76 (overpaid).
      expect(balanceOf(report, "2100")).toBe(125000 - 1825 - 8999);
      expect(balanceOf(report, "1010")).toBe(-81240 - 540000 - 125000 + 250000);
      // Never an expense plus an income.
      expect(report.accounts.filter((account) => account.code.startsWith("4")).map((a) => a.code)).toEqual([]);
      // The coffee roaster (out) and the client deposit (in) wait in suspense.
      expect(balanceOf(report, "6999")).toBe(81240 - 250000);
    });

    it("re-categorizes by a reversal and a new entry, keeps the history, and refuses the same account again", async () => {
      const { owner } = await bookedCompany();
      const coffee = (await transactions(owner)).find((t) => t.description.startsWith("BLUE OAK")) as Transaction;
      const before = await journal(owner);
      const moved = await patch(owner, `/transactions/${coffee.id}`, { accountCode: "5000" });
      expect(moved.status, moved.text).toBe(200);
      const transaction = (moved.body as { transaction: Transaction }).transaction;
      expect(transaction).toMatchObject({ status: "categorized", category: { accountCode: "5000", source: "manual", confidence: 1 } });
      expect(transaction.entryNumber).not.toBe(coffee.entryNumber);

      const after = await journal(owner);
      expect(after).toHaveLength(before.length + 2);
      // The original entry is untouched; its reversal and the new entry follow it.
      expect(after.find((entry) => entry.number === coffee.entryNumber)).toEqual(before.find((entry) => entry.number === coffee.entryNumber));
      const reversal = after.find((entry) => entry.reversesNumber === coffee.entryNumber);
      expect(reversal).toMatchObject({ kind: "reversal", source: "manual", date: coffee.postedOn });
      const report = await trialBalance(owner);
      expect(balanceOf(report, "6999")).toBe(-250000);
      expect(balanceOf(report, "5000")).toBe(81240);
      expect(report.balanced).toBe(true);

      expectError(await patch(owner, `/transactions/${coffee.id}`, { accountCode: "5000" }), 409, "category_unchanged");
      expectError(await patch(owner, `/transactions/${coffee.id}`, { accountCode: "4242" }), 422, "unknown_account");
      expectError(await patch(owner, `/transactions/${coffee.id}`, { accountCode: "1010" }), 422, "validation_failed");
      expectError(await patch(owner, `/transactions/${coffee.id}`, { account: "5000" }), 422, "validation_failed");
      expectError(await patch(owner, "/transactions/no-such-transaction", { accountCode: "5000" }), 404, "not_found");
      expect(await journal(owner)).toEqual(after);
    });

    it("refuses to correct one side of a transfer; unpairing sends both sides to review, and the books still balance", async () => {
      const { owner, checking } = await bookedCompany();
      const paid = (await transactions(owner)).find((t) => t.bankAccountId === checking && t.amountMinor === -125000) as Transaction;
      const before = await journal(owner);
      const refused = expectError(await patch(owner, `/transactions/${paid.id}`, { accountCode: "3100" }), 409, "transfer_side");
      expect(refused.error.message).toContain("unpair");
      expect(await journal(owner)).toEqual(before);

      const notTransfer = (await transactions(owner)).find((t) => t.transferTransactionId === null && t.entryNumber !== null) as Transaction;
      expectError(await call(target, "POST", `/v1/companies/${owner.id}/transactions/${notTransfer.id}/unpair`, { token: owner.apiKey }), 409, "not_a_transfer");

      const unpaired = await call<{ transaction: Transaction }>(target, "POST", `/v1/companies/${owner.id}/transactions/${paid.id}/unpair`, { token: owner.apiKey });
      expect(unpaired.status, unpaired.text).toBe(200);
      expect(unpaired.body.transaction).toMatchObject({ status: "review", transferTransactionId: null, category: { accountCode: "6999", source: "none" } });
      const other = (await transactions(owner)).find((t) => t.id === paid.transferTransactionId);
      expect(other).toMatchObject({ status: "review", transferTransactionId: null, category: { accountCode: "6999", source: "none" } });
      const moved = await patch(owner, `/transactions/${paid.id}`, { accountCode: "3100" });
      expect(moved.status, moved.text).toBe(200);
      const report = await trialBalance(owner);
      expect(report.balanced).toBe(true);
      expect(balanceOf(report, "3100")).toBe(125000);
      expect(balanceOf(report, "6999")).toBe(81240 - 250000 - 125000);
    });

    it("never pairs a card's charge, nor overrides a rule's decision, as a transfer", async () => {
      const owner = await createCompany(target, "retail");
      const checking = await bankAccount(owner, "Checking", "checking");
      const card = await bankAccount(owner, "Card", "credit_card");
      // A Square settlement (a rule's revenue) and a card charge of the same amount the next day.
      await upload(owner, checking, "Date,Description,Amount\n2025-04-06,SQUARE INC DEPOSIT,89.99\n2025-04-08,MOBILE DEPOSIT,42.00\n");
      await upload(owner, card, "Date,Description,Amount\n2025-04-07,ADOBE  *CREATIVE CLOUD,-89.99\n2025-04-08,CORNER HARDWARE,-42.00\n");
      const all = await transactions(owner);
      expect(all.filter((t) => t.transferTransactionId !== null)).toEqual([]);
      expect(all.find((t) => t.amountMinor === 8999)?.category).toMatchObject({ accountCode: "4000", source: "rule" });
      expect((await journal(owner)).filter((entry) => entry.kind !== "transaction")).toEqual([]);
    });

    it("pairs a side someone already placed on the importing account, so the money arrives once", async () => {
      const owner = await createCompany(target, "retail");
      const checking = await bankAccount(owner, "Checking", "checking");
      const card = await bankAccount(owner, "Card", "credit_card");
      await upload(owner, checking, "Date,Description,Amount\n2025-05-02,ONLINE PMT THANK YOU,-300.00\n");
      const [paid] = await transactions(owner);
      const moved = await patch(owner, `/transactions/${paid?.id}`, { accountCode: "2100" });
      expect(moved.status, moved.text).toBe(200);
      await upload(owner, card, "Date,Description,Amount\n2025-05-03,PAYMENT RECEIVED,300.00\n");
      const all = await transactions(owner);
      const received = all.find((t) => t.bankAccountId === card);
      expect(received).toMatchObject({ transferTransactionId: paid?.id, category: { accountCode: "1010", source: "transfer" } });
      const report = await trialBalance(owner);
      expect(report.balanced).toBe(true);
      // Paid once, received once: the card's liability is down by 300.00, not 600.00, and nothing waits in suspense.
      expect(balanceOf(report, "2100")).toBe(30000);
      expect(balanceOf(report, "1010")).toBe(-30000);
      expect(balanceOf(report, "6999")).toBe(0);
    });

    it("does not apply a rule that would post a transaction against its own bank account", async () => {
      const owner = await createCompany(target, "retail");
      const checking = await bankAccount(owner, "Checking", "checking");
      const created = await post(owner, "/rules", { name: "Into itself", conditions: { description: { operator: "contains", value: "abc store" } }, action: { accountCode: "1010" }, position: 1 });
      expect(created.status, created.text).toBe(201);
      await upload(owner, checking, "Date,Description,Amount\n2026-02-02,ABC STORE 123,-50.00\n");
      const [row] = await transactions(owner);
      expect(row).toMatchObject({ status: "review", category: { accountCode: "6999", source: "none" } });
      expect(balanceOf(await trialBalance(owner, "2026-12-31"), "1010")).toBe(-5000);
    });

    it("refuses to import into a bank account in another currency than the books, and stores nothing", async () => {
      const owner = await createCompany(target, "retail");
      const yen = await post(owner, "/bank-accounts", { name: "Yen Account", kind: "checking", currency: "JPY" });
      expect(yen.status, yen.text).toBe(201);
      const id = (yen.body as { bankAccount: { id: string } }).bankAccount.id;
      const response = await call(target, "POST", `/v1/companies/${owner.id}/bank-accounts/${id}/imports`, { token: owner.apiKey, body: "Date,Description,Amount\n2026-03-03,INCOMING WIRE,30000\n", headers: { "content-type": "text/csv" } });
      expectError(response, 422, "currency_mismatch");
      expect(await transactions(owner)).toEqual([]);
      expect(await journal(owner)).toEqual([]);
    });

    it("keeps another company's transactions out of reach", async () => {
      const { owner } = await bookedCompany();
      const other = await createCompany(target, "retail");
      const theirs = (await transactions(owner))[0] as Transaction;
      expectError(await patch(other, `/transactions/${theirs.id}`, { accountCode: "6100" }), 404, "not_found");
      expect((await journal(other))).toEqual([]);
    });
  });

  describe("reports", () => {
    it("ties out: trial balance, balance sheet and profit and loss agree", async () => {
      const { owner } = await bookedCompany();
      const tb = await trialBalance(owner, "2025-03-31");
      expect(tb.totals.debitMinor).toBe(tb.totals.creditMinor);
      expect(tb.totals.debitMinor).toBeGreaterThan(0);
      const sheet = await get<{ totals: { assetsMinor: number; liabilitiesAndEquityMinor: number }; balanced: boolean; currentYearEarningsMinor: number }>(owner, "/reports/balance-sheet?asOf=2025-03-31");
      expect(sheet.status, sheet.text).toBe(200);
      expect(sheet.body.balanced).toBe(true);
      expect(sheet.body.totals.assetsMinor).toBe(sheet.body.totals.liabilitiesAndEquityMinor);
      const pnl = await get<{ netIncomeMinor: number; months: string[]; revenue: { lines: { monthsMinor: number[]; amountMinor: number }[] } }>(owner, "/reports/profit-and-loss?from=2025-01-01&to=2025-03-31&columns=month");
      expect(pnl.status, pnl.text).toBe(200);
      expect(pnl.body.netIncomeMinor).toBe(sheet.body.currentYearEarningsMinor);
      expect(pnl.body.months).toEqual(["2025-01", "2025-02", "2025-03"]);
      for (const line of pnl.body.revenue.lines) expect(line.monthsMinor.reduce((a, b) => a + b, 0)).toBe(line.amountMinor);
      // Before anything happened, nothing.
      const empty = await trialBalance(owner, "2025-02-28");
      expect(empty.accounts).toEqual([]);
    });

    it("gives a general ledger with a running balance, a page at a time", async () => {
      const { owner } = await bookedCompany();
      const first = await get<{ openingBalanceMinor: number; lines: { balanceMinor: number; debitMinor: number; creditMinor: number }[]; nextCursor: string | null; closingBalanceMinor: number }>(
        owner,
        "/reports/general-ledger?accountCode=1010&from=2025-03-01&to=2025-03-31&limit=2",
      );
      expect(first.status, first.text).toBe(200);
      expect(first.body.lines).toHaveLength(2);
      expect(first.body.nextCursor).not.toBeNull();
      const lines = [...first.body.lines];
      let cursor = first.body.nextCursor;
      let closing = first.body.closingBalanceMinor;
      while (cursor !== null) {
        const page = await get<typeof first.body>(owner, `/reports/general-ledger?accountCode=1010&from=2025-03-01&to=2025-03-31&limit=2&cursor=${encodeURIComponent(cursor)}`);
        expect(page.status, page.text).toBe(200);
        lines.push(...page.body.lines);
        cursor = page.body.nextCursor;
        closing = page.body.closingBalanceMinor;
      }
      let running = first.body.openingBalanceMinor;
      for (const line of lines) {
        running += line.debitMinor - line.creditMinor;
        expect(line.balanceMinor).toBe(running);
      }
      expect(closing).toBe(balanceOf(await trialBalance(owner, "2025-03-31"), "1010"));
    });

    it("writes CSV that a spreadsheet cannot run as a formula", async () => {
      const owner = await createCompany(target, "retail");
      const checking = await bankAccount(owner, "Checking", "checking");
      await upload(owner, checking, 'Date,Description,Amount\n2025-03-03,"=HYPERLINK(""http://evil.test"")",-10.00\n2025-03-04,@SUM(A1),25.00\n');
      const ledger = await call(target, "GET", `/v1/companies/${owner.id}/reports/general-ledger?accountCode=1010&from=2025-03-01&to=2025-03-31&format=csv`, { token: owner.apiKey });
      expect(ledger.status, ledger.text).toBe(200);
      expect(ledger.headers.get("content-type")).toContain("text/csv");
      expect(ledger.text).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
      expect(ledger.text).toContain("'@SUM(A1)");
      expect(ledger.text).toContain("(10.00)");
      for (const report of ["trial-balance?asOf=2025-03-31", "balance-sheet?asOf=2025-03-31", "profit-and-loss?from=2025-03-01&to=2025-03-31&columns=month"]) {
        const csv = await call(target, "GET", `/v1/companies/${owner.id}/reports/${report}&format=csv`, { token: owner.apiKey });
        expect(csv.status, csv.text).toBe(200);
        const cells = csv.text.split(/\r\n/).flatMap((line) => line.split(","));
        expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
      }
    });

    it.each([
      ["/reports/profit-and-loss?from=2025-03-31&to=2025-03-01", 422, "invalid_period"],
      ["/reports/general-ledger?accountCode=1010&from=2025-04-01&to=2025-03-01", 422, "invalid_period"],
      ["/journal?from=2025-04-01&to=2025-03-01", 422, "invalid_period"],
      ["/reports/trial-balance?asOf=2025-02-30", 422, "validation_failed"],
      ["/reports/balance-sheet?asOf=31/03/2025", 422, "validation_failed"],
      ["/reports/profit-and-loss?from=2025-13-01", 422, "validation_failed"],
      ["/reports/general-ledger?accountCode=9999", 422, "unknown_account"],
      ["/reports/general-ledger", 422, "validation_failed"],
      ["/reports/trial-balance?format=xlsx", 422, "validation_failed"],
      ["/journal?cursor=bm9wZQ", 422, "validation_failed"],
      [`/journal?cursor=${btoa("2025-13-45|3")}`, 422, "validation_failed"],
      [`/transactions?cursor=${btoa("2025-02-30|x")}`, 422, "validation_failed"],
      ["/reports/profit-and-loss?from=1900-01-01&to=2025-01-01&columns=month", 422, "invalid_period"],
    ])("refuses %s with a clear code", async (path, status, code) => {
      const owner = await createCompany(target, "retail");
      expectError(await get(owner, path), status, code);
    });
  });

  describe("hledger export", () => {
    it("writes every entry with its postings in the company's currency", async () => {
      const { owner } = await bookedCompany();
      const response = await call(target, "GET", `/v1/companies/${owner.id}/export/ledger.journal`, { token: owner.apiKey });
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const entries = await journal(owner);
      const headers = response.text.split("\n").filter((line) => /^\d{4}-\d{2}-\d{2} \* \(\d+\)/.test(line));
      expect(headers).toHaveLength(entries.length);
      expect(response.text).toContain("    assets:1010 Checking  -812.40 USD");
      expect(response.text).toContain("    liabilities:2100 Card  1250.00 USD");
      const other = await createCompany(target, "retail");
      expect((await call(target, "GET", `/v1/companies/${other.id}/export/ledger.journal`, { token: owner.apiKey })).status).toBe(404);
    });
  });
}
