import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chartOfAccounts } from "./chart-of-accounts.ts";
import { type Line, reversalLines } from "./entries.ts";
import { type AccountSums, type ChartAccountRow, balanceSheet, natural, netIncomeOf, profitAndLoss, trialBalance } from "./reports.ts";

const chart: readonly ChartAccountRow[] = chartOfAccounts("retail").map((account) => ({ id: `id-${account.code}`, ...account }));
const idOf = (code: string): string => `id-${code}`;
const allIds = chart.map((account) => account.id);
const retainedEarningsId = idOf("3900");
const idsWithoutRetainedEarnings = allIds.filter((id) => id !== retainedEarningsId);

interface Entry {
  date: string;
  lines: Line[];
}

const dayMs = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / dayMs;
const isoOfDay = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);
const dateBetween = (first: string, last: string): fc.Arbitrary<string> => fc.integer({ min: dayOf(first), max: dayOf(last) }).map(isoOfDay);

/** Up to four free amounts of this size keep the balancing line within 1e9. */
const amountArb = fc.integer({ min: -250_000_000, max: 250_000_000 }).filter((amount) => amount !== 0);

function entryArb(accountIds: readonly string[], dates: fc.Arbitrary<string>): fc.Arbitrary<Entry> {
  return fc
    .record({
      date: dates,
      head: fc.array(fc.record({ accountId: fc.constantFrom(...accountIds), amountMinor: amountArb }), { minLength: 1, maxLength: 4 }),
      lastAccountId: fc.constantFrom(...accountIds),
    })
    .filter(({ head }) => head.reduce((sum, line) => sum + line.amountMinor, 0) !== 0)
    .map(({ date, head, lastAccountId }) => ({
      date,
      lines: [...head, { accountId: lastAccountId, amountMinor: -head.reduce((sum, line) => sum + line.amountMinor, 0) }],
    }));
}

interface Correction {
  target: number;
  line: number;
  shift: number;
}

/** Balanced entries, then corrections: an earlier entry reversed on its date and posted again with one line on another account. */
function journalArb(accountIds: readonly string[], dates: fc.Arbitrary<string> = dateBetween("2024-01-01", "2026-12-31")): fc.Arbitrary<Entry[]> {
  const correction: fc.Arbitrary<Correction> = fc.record({ target: fc.nat(), line: fc.nat(), shift: fc.integer({ min: 1, max: accountIds.length - 1 }) });
  return fc.tuple(fc.array(entryArb(accountIds, dates), { maxLength: 25 }), fc.array(correction, { maxLength: 6 })).map(([entries, corrections]) => {
    const journal = [...entries];
    if (entries.length === 0) return journal;
    for (const { target, line, shift } of corrections) {
      const entry = entries.at(target % entries.length);
      if (entry === undefined) throw new Error("no entry to correct");
      const moved = line % entry.lines.length;
      const lines = entry.lines.map((original, index) => {
        if (index !== moved) return original;
        const position = accountIds.indexOf(original.accountId);
        const other = accountIds.at((position + shift) % accountIds.length);
        if (other === undefined || other === original.accountId) throw new Error("no other account");
        return { accountId: other, amountMinor: original.amountMinor };
      });
      journal.push({ date: entry.date, lines: reversalLines(entry.lines) }, { date: entry.date, lines });
    }
    return journal;
  });
}

/** Debit-positive sums per account over the lines of entries whose date passes. */
function sumsOf(journal: readonly Entry[], dated: (date: string) => boolean): Map<string, number> {
  const sums = new Map<string, number>();
  for (const entry of journal) {
    if (!dated(entry.date)) continue;
    for (const line of entry.lines) sums.set(line.accountId, (sums.get(line.accountId) ?? 0) + line.amountMinor);
  }
  return sums;
}

const sumOver = (sums: AccountSums, keep: (account: ChartAccountRow) => boolean): number => {
  let total = 0;
  for (const account of chart) if (keep(account)) total += sums.get(account.id) ?? 0;
  return total;
};

/** Negation without -0: reports and these sums compare by Object.is. */
const negated = (amount: number): number => 0 - amount;

const yearStart = (asOf: string): string => `${asOf.slice(0, 4)}-01-01`;
const asOfArb = dateBetween("2023-12-01", "2027-01-31");

function balanceSheetAsOf(journal: readonly Entry[], asOf: string) {
  const start = yearStart(asOf);
  return balanceSheet(
    chart,
    sumsOf(journal, (date) => date <= asOf),
    sumsOf(journal, (date) => date < start),
    asOf,
  );
}

describe("trialBalance (property)", () => {
  it("balances, puts each account on one side, and lists exactly the accounts with a balance", () => {
    fc.assert(
      fc.property(journalArb(allIds), asOfArb, (journal, asOf) => {
        const sums = sumsOf(journal, (date) => date <= asOf);
        const report = trialBalance(chart, sums, asOf);
        expect(report.asOf).toBe(asOf);
        expect(report.totals.debitMinor).toBe(report.totals.creditMinor);
        expect(report.balanced).toBe(true);
        let net = 0;
        let debits = 0;
        for (const row of report.rows) {
          expect(row.debitMinor).toBeGreaterThanOrEqual(0);
          expect(row.creditMinor).toBeGreaterThanOrEqual(0);
          expect((row.debitMinor === 0) !== (row.creditMinor === 0)).toBe(true);
          net += row.debitMinor - row.creditMinor;
          debits += row.debitMinor;
        }
        expect(net).toBe(0);
        expect(report.totals.debitMinor).toBe(debits);
        const expected = chart.filter((account) => (sums.get(account.id) ?? 0) !== 0).map((account) => [account.code, sums.get(account.id)]);
        expect(report.rows.map((row) => [row.code, row.debitMinor - row.creditMinor])).toEqual(expected);
      }),
    );
  });
});

describe("balanceSheet (property)", () => {
  it("balances on any date, with earlier years' income as retained earnings", () => {
    fc.assert(
      fc.property(journalArb(allIds), asOfArb, (journal, asOf) => {
        const sumsAsOf = sumsOf(journal, (date) => date <= asOf);
        const sumsBefore = sumsOf(journal, (date) => date < yearStart(asOf));
        const sheet = balanceSheetAsOf(journal, asOf);
        expect(sheet.asOf).toBe(asOf);
        expect(sheet.totals.assetsMinor).toBe(sheet.totals.liabilitiesAndEquityMinor);
        expect(sheet.balanced).toBe(true);
        expect(sheet.assets.totalMinor).toBe(sumOver(sumsAsOf, (account) => account.type === "asset"));
        expect(sheet.liabilities.totalMinor).toBe(negated(sumOver(sumsAsOf, (account) => account.type === "liability")));
        const incomeStatement = (account: ChartAccountRow): boolean => account.type === "revenue" || account.type === "expense";
        expect(sheet.retainedEarningsMinor).toBe(negated(sumOver(sumsBefore, incomeStatement)));
        expect(sheet.retainedEarningsMinor + sheet.currentYearEarningsMinor).toBe(negated(sumOver(sumsAsOf, incomeStatement)));
        expect(sheet.equity.totalMinor).toBe(negated(sumOver(sumsAsOf, (account) => account.type === "equity" || incomeStatement(account))));
      }),
    );
  });
});

describe("profitAndLoss (property)", () => {
  it("over (d1, d2] equals the change in retained plus current earnings between the balance sheets of d1 and d2", () => {
    fc.assert(
      fc.property(journalArb(idsWithoutRetainedEarnings), asOfArb, asOfArb, (journal, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const period = sumsOf(journal, (date) => date > from && date <= to);
        const report = profitAndLoss(chart, period, from, to);
        const before = balanceSheetAsOf(journal, from);
        const after = balanceSheetAsOf(journal, to);
        const earnings = (sheet: typeof before): number => sheet.retainedEarningsMinor + sheet.currentYearEarningsMinor;
        expect(report.netIncomeMinor).toBe(earnings(after) - earnings(before));
        expect(report.netIncomeMinor).toBe(report.revenue.totalMinor - report.costOfGoods.totalMinor - report.expenses.totalMinor);
        expect(report.netIncomeMinor).toBe(netIncomeOf(chart, period));
      }),
    );
  });

  it("gives monthly columns that add up to each line's amount for the period", () => {
    const months = ["2025-01", "2025-02", "2025-03"];
    fc.assert(
      fc.property(journalArb(allIds, dateBetween("2025-01-01", "2025-03-31")), (journal) => {
        const period = sumsOf(journal, () => true);
        const monthly = { months, sums: months.map((month) => sumsOf(journal, (date) => date.startsWith(month))) };
        const report = profitAndLoss(chart, period, "2025-01-01", "2025-03-31", monthly);
        expect(report.months).toEqual(months);
        const lines = [...report.revenue.lines, ...report.costOfGoods.lines, ...report.expenses.lines];
        for (const line of lines) {
          expect(line.monthsMinor).toHaveLength(months.length);
          expect((line.monthsMinor ?? []).reduce((sum, amount) => sum + amount, 0)).toBe(line.amountMinor);
        }
        // Every income-statement account with activity in the period or in any of its months shows (a sale refunded the next month nets to zero, yet shows in both).
        const active = chart.filter(
          (account) =>
            (account.type === "revenue" || account.type === "expense") &&
            ((period.get(account.id) ?? 0) !== 0 || monthly.sums.some((month) => (month.get(account.id) ?? 0) !== 0)),
        );
        expect(lines.map((line) => line.code).sort()).toEqual(active.map((account) => account.code).sort());
      }),
    );
  });
});

describe("a reversal (property)", () => {
  it("nets an entry to zero per account and leaves every report unchanged", () => {
    fc.assert(
      fc.property(journalArb(allIds), entryArb(allIds, dateBetween("2024-01-01", "2026-12-31")), asOfArb, (journal, entry, asOf) => {
        const reversal: Entry = { date: entry.date, lines: reversalLines(entry.lines) };
        expect(reversal.lines.map((line) => line.accountId)).toEqual(entry.lines.map((line) => line.accountId));
        for (const sum of sumsOf([entry, reversal], () => true).values()) expect(sum).toBe(0);

        const withBoth = [...journal, entry, reversal];
        const upTo = (date: string): boolean => date <= asOf;
        const beforeYear = (date: string): boolean => date < yearStart(asOf);
        const sinceYear = (date: string): boolean => date >= yearStart(asOf) && date <= asOf;
        expect(trialBalance(chart, sumsOf(withBoth, upTo), asOf)).toEqual(trialBalance(chart, sumsOf(journal, upTo), asOf));
        expect(balanceSheetAsOf(withBoth, asOf)).toEqual(balanceSheetAsOf(journal, asOf));
        expect(profitAndLoss(chart, sumsOf(withBoth, sinceYear), yearStart(asOf), asOf)).toEqual(
          profitAndLoss(chart, sumsOf(journal, sinceYear), yearStart(asOf), asOf),
        );
        expect(netIncomeOf(chart, sumsOf(withBoth, beforeYear))).toBe(netIncomeOf(chart, sumsOf(journal, beforeYear)));
      }),
    );
  });
});

describe("reports (examples)", () => {
  const journal: Entry[] = [
    { date: "2024-06-01", lines: [{ accountId: idOf("1010"), amountMinor: 7_000 }, { accountId: idOf("4010"), amountMinor: -7_000 }] },
    { date: "2025-01-05", lines: [{ accountId: idOf("1010"), amountMinor: 100_000 }, { accountId: idOf("4000"), amountMinor: -100_000 }] },
    { date: "2025-01-10", lines: [{ accountId: idOf("4090"), amountMinor: 5_000 }, { accountId: idOf("1010"), amountMinor: -5_000 }] },
    { date: "2025-01-15", lines: [{ accountId: idOf("5000"), amountMinor: 30_000 }, { accountId: idOf("1010"), amountMinor: -30_000 }] },
    { date: "2025-02-01", lines: [{ accountId: idOf("6100"), amountMinor: 20_000 }, { accountId: idOf("2100"), amountMinor: -20_000 }] },
    { date: "2025-02-03", lines: [{ accountId: idOf("1010"), amountMinor: 1_234 }, { accountId: idOf("4900"), amountMinor: -1_234 }] },
  ];
  const in2025 = (date: string): boolean => date >= "2025-01-01" && date <= "2025-02-28";

  it("shows revenue and expenses positive, refunds against revenue, and net income as revenue less cost of goods less expenses", () => {
    const report = profitAndLoss(chart, sumsOf(journal, in2025), "2025-01-01", "2025-02-28");
    expect(report.revenue.lines.map((line) => [line.code, line.amountMinor])).toEqual([
      ["4000", 100_000],
      ["4090", -5_000],
      ["4900", 1_234],
    ]);
    expect(report.revenue.totalMinor).toBe(96_234);
    expect(report.costOfGoods.lines.map((line) => [line.code, line.amountMinor])).toEqual([["5000", 30_000]]);
    expect(report.grossProfitMinor).toBe(66_234);
    expect(report.expenses.lines.map((line) => [line.code, line.amountMinor])).toEqual([["6100", 20_000]]);
    expect(report.netIncomeMinor).toBe(46_234);
    expect(report.months).toBeUndefined();
    expect(report.revenue.lines.every((line) => line.monthsMinor === undefined)).toBe(true);
  });

  it("splits a period into monthly columns", () => {
    const months = ["2025-01", "2025-02"];
    const monthly = { months, sums: months.map((month) => sumsOf(journal, (date) => date.startsWith(month))) };
    const report = profitAndLoss(chart, sumsOf(journal, in2025), "2025-01-01", "2025-02-28", monthly);
    // An empty month of a credit-normal account comes back as -0 (natural(type, 0)); JSON and csvAmount both print it as 0.
    const columns = (line: { monthsMinor?: number[] }): number[] => (line.monthsMinor ?? []).map((amount) => amount + 0);
    expect(report.revenue.lines.map((line) => [line.code, columns(line)])).toEqual([
      ["4000", [100_000, 0]],
      ["4090", [-5_000, 0]],
      ["4900", [0, 1_234]],
    ]);
    expect(report.expenses.lines.map((line) => [line.code, columns(line)])).toEqual([["6100", [0, 20_000]]]);
  });

  it("puts last year's income in retained earnings and this year's in current earnings", () => {
    const sheet = balanceSheetAsOf(journal, "2025-02-28");
    expect(sheet.assets.lines.map((line) => [line.code, line.amountMinor])).toEqual([["1010", 73_234]]);
    expect(sheet.liabilities.lines.map((line) => [line.code, line.amountMinor])).toEqual([["2100", 20_000]]);
    expect(sheet.retainedEarningsMinor).toBe(7_000);
    expect(sheet.currentYearEarningsMinor).toBe(46_234);
    expect(sheet.equity.lines.map((line) => [line.name, line.amountMinor])).toEqual([
      ["Retained Earnings (earlier years)", 7_000],
      ["Current Year Earnings", 46_234],
    ]);
    expect(sheet.totals).toEqual({ assetsMinor: 73_234, liabilitiesAndEquityMinor: 73_234 });
    expect(sheet.balanced).toBe(true);
  });

  it("omits an earnings line that is zero", () => {
    const sheet = balanceSheetAsOf(journal, "2024-12-31");
    expect(sheet.retainedEarningsMinor).toBe(0);
    expect(sheet.currentYearEarningsMinor).toBe(7_000);
    expect(sheet.equity.lines.map((line) => line.name)).toEqual(["Current Year Earnings"]);
  });

  it("computes net income as revenue less expenses", () => {
    expect(netIncomeOf(chart, sumsOf(journal, in2025))).toBe(46_234);
    expect(netIncomeOf(chart, new Map())).toBe(0);
    // Balance-sheet accounts carry no income.
    expect(netIncomeOf(chart, new Map([[idOf("1010"), 500], [idOf("2100"), -500]]))).toBe(0);
  });

  it("reports each balance on its normal side", () => {
    expect(natural("asset", 500)).toBe(500);
    expect(natural("asset", -500)).toBe(-500);
    expect(natural("expense", 300)).toBe(300);
    expect(natural("liability", -500)).toBe(500);
    expect(natural("equity", -10)).toBe(10);
    expect(natural("revenue", -300)).toBe(300);
    expect(natural("revenue", 300)).toBe(-300);
  });

  it("flags a trial balance of unbalanced sums", () => {
    const report = trialBalance(chart, new Map([[idOf("1010"), 500], [idOf("4000"), -400]]), "2025-01-31");
    expect(report.totals).toEqual({ debitMinor: 500, creditMinor: 400 });
    expect(report.balanced).toBe(false);
  });
});

describe("profitAndLoss monthly columns", () => {
  it("keep an account whose months cancel out over the period", () => {
    const revenue = chart.find((account) => account.code === "4000");
    if (!revenue) throw new Error("retail has 4000");
    const report = profitAndLoss(chart, new Map([[revenue.id, 0]]), "2025-01-01", "2025-02-28", {
      months: ["2025-01", "2025-02"],
      sums: [new Map([[revenue.id, -1000]]), new Map([[revenue.id, 1000]])],
    });
    expect(report.revenue.lines).toEqual([{ code: "4000", name: revenue.name, amountMinor: 0, monthsMinor: [1000, -1000] }]);
  });
});
