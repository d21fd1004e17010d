/** The reports as CSV: the same figures as the JSON, laid out for a spreadsheet. */
import { csvAmount, toCsv } from "../shared/csv-out.ts";
import type { BalanceSheet, ProfitAndLoss, Section, TrialBalance } from "./reports.ts";
import type { GeneralLedgerLine } from "./service.ts";

export function trialBalanceCsv(report: TrialBalance, decimals: number): string {
  const money = (amount: number) => csvAmount(amount, decimals);
  return toCsv(
    ["Code", "Account", "Type", "Debit", "Credit"],
    [
      ...report.rows.map((row) => [row.code, row.name, row.type, money(row.debitMinor), money(row.creditMinor)]),
      ["", `Total as of ${report.asOf}`, "", money(report.totals.debitMinor), money(report.totals.creditMinor)],
    ],
  );
}

function sectionRows(title: string, section: Section, decimals: number, months: number): string[][] {
  const money = (amount: number) => csvAmount(amount, decimals);
  const blanks = (): string[] => Array.from({ length: months }, () => "");
  return [
    ...section.lines.map((line) => [title, line.code, line.name, money(line.amountMinor), ...(line.monthsMinor ?? []).map(money)]),
    [title, "", `Total ${title.toLowerCase()}`, money(section.totalMinor), ...blanks()],
  ];
}

export function profitAndLossCsv(report: ProfitAndLoss, decimals: number): string {
  const months = report.months ?? [];
  const money = (amount: number) => csvAmount(amount, decimals);
  const blanks = months.map(() => "");
  return toCsv(
    ["Section", "Code", "Account", `${report.from} to ${report.to}`, ...months],
    [
      ...sectionRows("Revenue", report.revenue, decimals, months.length),
      ...sectionRows("Cost of goods", report.costOfGoods, decimals, months.length),
      ["", "", "Gross profit", money(report.grossProfitMinor), ...blanks],
      ...sectionRows("Expenses", report.expenses, decimals, months.length),
      ["", "", "Net income", money(report.netIncomeMinor), ...blanks],
    ],
  );
}

export function balanceSheetCsv(report: BalanceSheet, decimals: number): string {
  const money = (amount: number) => csvAmount(amount, decimals);
  return toCsv(
    ["Section", "Code", "Account", `As of ${report.asOf}`],
    [
      ...sectionRows("Assets", report.assets, decimals, 0),
      ...sectionRows("Liabilities", report.liabilities, decimals, 0),
      ...sectionRows("Equity", report.equity, decimals, 0),
      ["", "", "Total liabilities and equity", money(report.totals.liabilitiesAndEquityMinor)],
    ],
  );
}

export function generalLedgerCsv(opening: number, lines: readonly GeneralLedgerLine[], decimals: number): string {
  const money = (amount: number) => csvAmount(amount, decimals);
  return toCsv(
    ["Date", "Entry", "Description", "Debit", "Credit", "Balance"],
    [["", "", "Opening balance", "", "", money(opening)], ...lines.map((line) => [line.entryDate, String(line.entryNumber), line.description, money(line.debitMinor), money(line.creditMinor), money(line.balanceMinor)])],
  );
}
