import { describe, expect, it } from "vitest";
import {
  chartOfAccounts,
  chooseLedgerAccount,
  industries,
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

  it("creates the next free code of the right type once the placeholder is linked", () => {
    const existing = codesOf("services");
    const link = chooseLedgerAccount("credit_card", "Visa", existing, new Set([seededBankAccountCodes.credit_card]));
    expect(link).toEqual({
      kind: "new",
      account: { code: "2101", name: "Visa", type: "liability", subtype: "credit_card" },
    });
    existing.add("1011");
    const checking = chooseLedgerAccount("checking", "Payroll", existing, new Set([seededBankAccountCodes.checking]));
    expect(checking).toMatchObject({ kind: "new", account: { code: "1012", type: "asset", subtype: "bank" } });
  });

  it("refuses with a conflict when the kind's code range is full", () => {
    const existing = codesOf("retail");
    for (let code = 2101; code <= 2199; code++) existing.add(String(code));
    expect(() => chooseLedgerAccount("credit_card", "One too many", existing, new Set(["2100"]))).toThrow(
      /No free ledger code/,
    );
  });
});
