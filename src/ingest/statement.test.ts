import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayFromParts, isoDate } from "../../seed/calendar.ts";
import { dialects, type Dialect as SeedDialect } from "../../seed/dialects.ts";
import type { GeneratedTransaction } from "../../seed/model.ts";
import { renderStatement } from "../../seed/statements.ts";
import { readStatement } from "./statement.ts";

const seedDialects = Object.values(dialects) as SeedDialect[];

const row = fc.record({
  day: fc.integer({ min: dayFromParts(2000, 1, 1), max: dayFromParts(2068, 12, 31) }),
  amountMinor: fc.integer({ min: -50_000_000, max: 50_000_000 }).filter((n) => n !== 0),
  description: fc
    .tuple(fc.constantFrom("A", "B", "C", "D", "K", "M", "S", "W", "Z"), fc.stringMatching(/^[A-Za-z0-9 *#&'.,/é-]{2,30}$/))
    .map(([first, rest]) => `${first}${rest}`.trim().replace(/\s+/g, " ")),
});

const asTransaction = (r: { day: number; amountMinor: number; description: string }, index: number): GeneratedTransaction => ({
  id: `t${index}`,
  account: "a",
  day: r.day,
  amountMinor: r.amountMinor,
  description: r.description,
  vendor: "",
  accountCode: "6600",
  transferPairId: null,
  vendorSpec: undefined as never,
  receiptBasis: null,
  balanceMinor: 0,
  channel: r.amountMinor < 0 ? "card" : "ach_credit",
  transactionDay: r.day,
  checkNumber: null,
});

describe("readStatement", () => {
  it("reads back rows written in any of the simulated banks' dialects, finding the layout itself", () => {
    fc.assert(
      fc.property(fc.constantFrom(...seedDialects), fc.array(row, { minLength: 1, maxLength: 25 }), fc.integer({ min: 13, max: 28 }), (dialect, rows, anchorDay) => {
        // One date with a day above 12, as any real month has, so day and month order can be told apart.
        const anchor = { day: dayFromParts(2025, 3, anchorDay), amountMinor: -1234, description: "ANCHOR ROW" };
        const all = [anchor, ...rows].sort((a, b) => a.day - b.day);
        let balance = 0;
        const transactions = all.map((r, i) => ({ ...asTransaction(r, i), balanceMinor: (balance += r.amountMinor) }));
        const bytes = renderStatement({ dialect, transactions, first: all[0]?.day ?? 0, last: all[all.length - 1]?.day ?? 0, openingBalanceMinor: 0, last4: "0412" });
        const result = readStatement(bytes, {
          accountKind: dialect.sign === "positive_is_outflow" ? "credit_card" : "checking",
          // A card's sign is told by its payments; random rows have none, so the test says which way this issuer writes it.
          settings: { signConvention: dialect.sign },
        });
        if (!result.ok) throw new Error(`${dialect.id}: ${result.reason}`);
        const key = (r: { postedOn: string; amountMinor: number; description: string }): string => `${r.postedOn}|${r.amountMinor}|${r.description}`;
        expect(result.statement.rows.map(key).sort()).toEqual(all.map((r) => key({ postedOn: isoDate(r.day), amountMinor: r.amountMinor, description: r.description.slice(0, dialect.descriptionWidth).trimEnd() })).sort());
        expect(result.statement.rejections).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws on arbitrary bytes or text: a statement, or a reason", () => {
    const check = (bytes: Uint8Array): void => {
      const result = readStatement(bytes, { accountKind: "checking" });
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      else for (const problem of [...result.statement.rejections, ...result.statement.skipped]) expect(problem.reason.length).toBeGreaterThan(0);
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 500 }), (text) => check(new TextEncoder().encode(text))), { numRuns: 500 });
    const csvish = fc.array(fc.array(fc.oneof(fc.constantFrom("2025-03-01", "03/14/2025", "-12.50", "1,234.56", "(4.00)", "", "Date", "Amount", "x"), fc.string()), { maxLength: 6 }), { maxLength: 20 });
    fc.assert(fc.property(csvish, fc.constantFrom(",", ";", "\t", "|"), (rows, delimiter) => check(new TextEncoder().encode(rows.map((r) => r.join(delimiter)).join("\n")))), { numRuns: 500 });
  });

  it("honours every setting pinned on the bank account", () => {
    const text = "01/02/2025;Coffee;4,50\n03/04/2025;Refund;-1,00\n";
    const result = readStatement(new TextEncoder().encode(text), {
      accountKind: "checking",
      settings: { delimiter: ";", dateFormat: "DD/MM/YYYY", signConvention: "positive_is_outflow", columns: { date: 0, description: 1, amount: 2 } },
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.statement.rows.map((r) => [r.postedOn, r.amountMinor, r.description])).toEqual([
      ["2025-02-01", -450, "Coffee"],
      ["2025-04-03", 100, "Refund"],
    ]);
    expect(result.statement.dialect).toMatchObject({ dateOrderFrom: "setting", signConventionFrom: "setting", decimalSeparator: "," });
  });
});

describe("readStatement, on files that would otherwise give wrong books", () => {
  const read = (text: string, accountKind: "checking" | "credit_card" = "checking") => {
    const result = readStatement(new TextEncoder().encode(text), { accountKind });
    if (!result.ok) throw new Error(result.reason);
    return result.statement;
  };

  it("rejects a row whose fields shifted under an unquoted delimiter, instead of misreading its amount", () => {
    const statement = read("Date,Description,Amount,Balance\n2025-08-01,Coffee,-4.50,1000.00\n2025-08-02,Wire out ref 12,345,-500.00,495.50\n");
    expect(statement.rows.map((r) => r.amountMinor)).toEqual([-450]);
    expect(statement.rejections.map((r) => [r.line, r.reason])).toEqual([[3, "the row has 5 fields; the table has 4 (an unquoted delimiter?)"]]);
  });

  it("rejects the line of a quote that never closes, and reads every line after it", () => {
    const good = Array.from({ length: 26 }, (_, i) => `2025-03-${String(i + 3).padStart(2, "0")},Row ${i},-1.00`);
    const statement = read(["Date,Description,Amount", '2025-03-02,"Broken quote,-10.00', ...good].join("\n"));
    expect(statement.rows).toHaveLength(26);
    expect(statement.rejections.map((r) => [r.line, r.reason])).toEqual([[2, "a quote opened on this line is never closed"]]);
  });

  it("is not fooled by a charge with the word 'payment' in it when telling a card's sign", () => {
    const statement = read("Date,Description,Amount\n03/05/2025,SQUARE PAYMENT PROCESSING FEE,12.00\n03/06/2025,KROGER,45.10\n03/14/2025,SHELL,88.20\n", "credit_card");
    expect(statement.rows.map((r) => r.amountMinor)).toEqual([-1200, -4510, -8820]);
  });

  it("finds the description under a header name it does not know", () => {
    const statement = read("Date,Transaction Details,Amount\n2025-03-01,KROGER #417 CINCINNATI,-4.50\n2025-03-02,PAYROLL,1200.00\n");
    expect(statement.rows.map((r) => r.description)).toEqual(["KROGER #417 CINCINNATI", "PAYROLL"]);
  });

  it("rejects a row whose date is a word like 'Pending', and skips only real totals lines", () => {
    const statement = read("Date,Description,Amount\n2025-03-01,Coffee,-4.50\nPending,Uber ride,-23.10\nTotal,,-27.60\n");
    expect(statement.rejections.map((r) => r.reason)).toEqual(['unreadable date "Pending"']);
    expect(statement.skipped.map((r) => r.reason)).toEqual(['a summary line ("Total"), not a transaction']);
  });

  it("reads a month with no activity as a statement with no rows", () => {
    expect(read("Date,Description,Amount\n").rows).toEqual([]);
    const withOpening = read("Date,Description,Amount,Running Bal.\n03/01/2025,Beginning balance as of 03/01/2025,,\"5,000.00\"\n");
    expect([withOpening.rows.length, withOpening.skipped.length]).toEqual([0, 1]);
  });
});
