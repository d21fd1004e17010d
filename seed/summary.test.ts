import { describe, expect, it } from "vitest";
import { generateDataset } from "./dataset.ts";
import { summarizeCompanies, summarizeCompany } from "./summary.ts";

const { plans, generate } = generateDataset({ seed: 3, months: 3, companies: 2, scale: 1, start: "2025-11", newVendorsAfter: null });
const companies = plans.map(generate);

describe("a generated company as rows for charts", () => {
  it.each(companies.map((company) => [company.name, company] as const))("%s: every transaction, statement row and receipt is counted once", (_name, company) => {
    const summary = summarizeCompany(company);
    expect(summary.months.map((row) => row.month)).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(summary.months.reduce((sum, row) => sum + row.transactions, 0)).toBe(company.transactions.length);
    expect(summary.dialects.map((row) => row.bankAccount)).toEqual(company.accounts.map((account) => account.slug));
    expect(summary.dialects.reduce((sum, row) => sum + row.rows, 0)).toBe(company.statements.reduce((sum, file) => sum + file.rows, 0));
    expect(summary.amounts).toHaveLength(company.transactions.length);
    for (const [index, row] of summary.amounts.entries()) {
      const transaction = company.transactions[index];
      expect(row.amountMinor).toBe(Math.abs(transaction?.amountMinor ?? NaN));
      expect(row.direction).toBe((transaction?.amountMinor ?? 0) < 0 ? "out" : "in");
    }
    expect(summary.amounts.filter((row) => row.transfer)).toHaveLength(company.transferPairs * 2);
    expect(summary.receipts.reduce((sum, row) => sum + row.receipts, 0)).toBe(company.receipts.length);
    const cash = summary.receipts.filter((row) => row.paidBy === "cash").reduce((sum, row) => sum + row.receipts, 0);
    expect(cash).toBe(company.receipts.filter((receipt) => receipt.transactionId === null).length);
    expect(new Set(summary.receipts.map((row) => row.format))).toEqual(new Set(company.receipts.map((receipt) => receipt.format)));
  });

  it("puts several companies' rows together, each under its name", () => {
    const all = summarizeCompanies(companies.map(summarizeCompany));
    expect(new Set(all.months.map((row) => row.company))).toEqual(new Set(companies.map((company) => company.name)));
    expect(all.amounts).toHaveLength(companies.reduce((sum, company) => sum + company.transactions.length, 0));
  });
});
