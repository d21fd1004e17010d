import { describe, expect, it } from "vitest";
import {
  chartOfAccounts,
  chooseLedgerAccount,
  industries,
  ledgerCodeRanges,
  seededBankAccountCodes,
  suspenseAccountCode,
} from "./chart-of-accounts.ts";

describe("chartOfAccounts", () => {
  it.each(industries)("gives %s at least 20 uniquely coded accounts with one suspense account", (industry) => {
    const chart = chartOfAccounts(industry);
    expect(chart.length).toBeGreaterThanOrEqual(20);
    expect(new Set(chart.map((account) => account.code)).size).toBe(chart.length);
    expect(chart.filter((account) => account.subtype === "suspense").map((account) => account.code)).toEqual([
      suspenseAccountCode,
    ]);
  });

  it("seeds cost of goods where the industry sells goods or buys in labour", () => {
    const hasCostOfGoods = (industry: (typeof industries)[number]) =>
      chartOfAccounts(industry).some((account) => account.subtype === "cost_of_goods");
    expect(hasCostOfGoods("retail")).toBe(true);
    expect(hasCostOfGoods("professional")).toBe(false);
  });

  it("returns a fresh array, so a caller cannot change another company's chart", () => {
    const first = chartOfAccounts("retail");
    first.pop();
    expect(chartOfAccounts("retail").length).toBe(first.length + 1);
  });
});

describe("chooseLedgerAccount", () => {
  const codesOf = (industry: (typeof industries)[number]) => new Set(chartOfAccounts(industry).map((account) => account.code));

  it("takes over the seeded placeholder for the first account of each kind", () => {
    for (const kind of ["checking", "savings", "credit_card"] as const) {
      expect(chooseLedgerAccount(kind, "Mine", codesOf("retail"), new Set())).toEqual({
        kind: "seeded",
        code: seededBankAccountCodes[kind],
        rename: "Mine",
      });
    }
  });

  it("asks for a new account of the right type, in its kind's ranges, once the placeholder is linked", () => {
    const existing = codesOf("services");
    const card = chooseLedgerAccount("credit_card", "Visa", existing, new Set([seededBankAccountCodes.credit_card]));
    expect(card).toEqual({
      kind: "new",
      ranges: ledgerCodeRanges.credit_card,
      account: { name: "Visa", type: "liability", subtype: "credit_card" },
    });
    const checking = chooseLedgerAccount("checking", "Payroll", existing, new Set([seededBankAccountCodes.checking]));
    expect(checking).toMatchObject({ kind: "new", account: { type: "asset", subtype: "bank" } });
  });

  it("keeps every kind's ranges inside its block of the chart, clear of every seeded code", () => {
    const seeded = new Set(industries.flatMap((industry) => [...codesOf(industry)]));
    const block = { checking: "1", savings: "1", credit_card: "2" } as const;
    for (const kind of ["checking", "savings", "credit_card"] as const) {
      for (const range of ledgerCodeRanges[kind]) {
        expect(range.first).toBeLessThanOrEqual(range.last);
        for (let code = range.first; code <= range.last; code++) {
          expect(seeded.has(String(code)), `${kind} range holds seeded ${code}`).toBe(false);
          expect(String(code)[0]).toBe(block[kind]);
        }
      }
    }
  });
});
