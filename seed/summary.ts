/**
 * A generated company described as tidy rows (one fact per row, as a chart
 * or a data frame wants them): transactions per month, the statement
 * dialects its banks speak, its amounts, and its receipts by format. Pure:
 * the notebooks chart these, the tests check them against the company.
 */
import { isoDate } from "./calendar.ts";
import type { GeneratedCompany } from "./generate.ts";

export interface MonthCount {
  company: string;
  /** "YYYY-MM". */
  month: string;
  transactions: number;
}

export interface DialectUse {
  company: string;
  bankAccount: string;
  kind: string;
  dialect: string;
  encoding: string;
  delimiter: string;
  /** Rows across the account's statement files, overlap included: what the importer reads. */
  rows: number;
}

export interface AmountRow {
  company: string;
  direction: "in" | "out";
  /** Integer minor units, the sign dropped: a histogram of sizes, with direction as its own column. */
  amountMinor: number;
  /** Transfers between the company's own accounts, apart from trade. */
  transfer: boolean;
}

export interface ReceiptCount {
  company: string;
  format: string;
  /** Paid by card (with a charge to match) or in cash. */
  paidBy: "card" | "cash";
  receipts: number;
}

export interface CompanySummary {
  months: MonthCount[];
  dialects: DialectUse[];
  amounts: AmountRow[];
  receipts: ReceiptCount[];
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

export function summarizeCompany(company: GeneratedCompany): CompanySummary {
  const name = company.name;
  const perMonth = countBy(company.transactions, (t) => isoDate(t.day).slice(0, 7));
  const receiptGroups = countBy(company.receipts, (r) => `${r.format}|${r.transactionId === null ? "cash" : "card"}`);
  return {
    months: [...perMonth].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, transactions]) => ({ company: name, month, transactions })),
    dialects: company.accounts.map((account) => ({
      company: name,
      bankAccount: account.slug,
      kind: account.kind,
      dialect: account.dialect.id,
      encoding: account.dialect.encoding,
      delimiter: account.dialect.delimiter,
      rows: company.statements.filter((file) => file.account === account.slug).reduce((sum, file) => sum + file.rows, 0),
    })),
    amounts: company.transactions.map((t) => ({ company: name, direction: t.amountMinor < 0 ? "out" : "in", amountMinor: Math.abs(t.amountMinor), transfer: t.transferPairId !== null })),
    receipts: [...receiptGroups].map(([key, receipts]) => {
      const [format = "", paidBy] = key.split("|");
      return { company: name, format, paidBy: paidBy === "cash" ? "cash" : "card", receipts };
    }),
  };
}

/** Several companies' summaries as one set of rows each. */
export function summarizeCompanies(summaries: readonly CompanySummary[]): CompanySummary {
  return {
    months: summaries.flatMap((s) => s.months),
    dialects: summaries.flatMap((s) => s.dialects),
    amounts: summaries.flatMap((s) => s.amounts),
    receipts: summaries.flatMap((s) => s.receipts),
  };
}
