/**
 * The financial reports, from per-account sums of journal lines (debits
 * positive). Pure: the service reads the sums, these shape them. Amounts in
 * reports are on each account's normal side: assets and expenses positive
 * when debited, liabilities, equity and revenue positive when credited.
 */
import type { AccountSubtype, AccountType } from "./chart-of-accounts.ts";

export interface ChartAccountRow {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  subtype: AccountSubtype;
}

/** Debit-positive sums of an account's lines; absent accounts have none. */
export type AccountSums = ReadonlyMap<string, number>;

const creditNormal: ReadonlySet<AccountType> = new Set(["liability", "equity", "revenue"]);

/** An account's balance on its normal side. */
export const natural = (type: AccountType, debitPositive: number): number => (creditNormal.has(type) ? 0 - debitPositive : debitPositive);

const isIncomeStatement = (type: AccountType): boolean => type === "revenue" || type === "expense";

/** Net income carried in the sums: revenue less expenses. */
export function netIncomeOf(chart: readonly ChartAccountRow[], sums: AccountSums): number {
  let net = 0;
  for (const account of chart) if (isIncomeStatement(account.type)) net -= sums.get(account.id) ?? 0;
  return net;
}

export interface TrialBalanceRow {
  code: string;
  name: string;
  type: AccountType;
  debitMinor: number;
  creditMinor: number;
}

export interface TrialBalance {
  asOf: string;
  rows: TrialBalanceRow[];
  totals: { debitMinor: number; creditMinor: number };
  balanced: boolean;
}

export function trialBalance(chart: readonly ChartAccountRow[], sums: AccountSums, asOf: string): TrialBalance {
  const rows: TrialBalanceRow[] = [];
  let debitMinor = 0;
  let creditMinor = 0;
  for (const account of chart) {
    const sum = sums.get(account.id) ?? 0;
    if (sum === 0) continue;
    const row = { code: account.code, name: account.name, type: account.type, debitMinor: Math.max(sum, 0), creditMinor: Math.max(-sum, 0) };
    debitMinor += row.debitMinor;
    creditMinor += row.creditMinor;
    rows.push(row);
  }
  return { asOf, rows, totals: { debitMinor, creditMinor }, balanced: debitMinor === creditMinor };
}

export interface ReportLine {
  code: string;
  name: string;
  amountMinor: number;
  /** With monthly columns: one amount per month of the report's `months`. */
  monthsMinor?: number[];
}

export interface Section {
  lines: ReportLine[];
  totalMinor: number;
}

export interface ProfitAndLoss {
  from: string;
  to: string;
  months?: string[];
  revenue: Section;
  costOfGoods: Section;
  grossProfitMinor: number;
  expenses: Section;
  netIncomeMinor: number;
}

export interface MonthlySums {
  months: string[];
  /** Per month, in the same order: that month's sums. */
  sums: AccountSums[];
}

function section(accounts: readonly ChartAccountRow[], sums: AccountSums, monthly: MonthlySums | undefined): Section {
  const lines: ReportLine[] = [];
  let totalMinor = 0;
  for (const account of accounts) {
    const sum = sums.get(account.id) ?? 0;
    // A sale in January refunded in February nets to zero, yet each month's column must show it.
    if (sum === 0 && !(monthly?.sums.some((month) => (month.get(account.id) ?? 0) !== 0) ?? false)) continue;
    const amountMinor = natural(account.type, sum);
    totalMinor += amountMinor;
    const line: ReportLine = { code: account.code, name: account.name, amountMinor };
    if (monthly) line.monthsMinor = monthly.sums.map((month) => natural(account.type, month.get(account.id) ?? 0));
    lines.push(line);
  }
  return { lines, totalMinor };
}

export function profitAndLoss(chart: readonly ChartAccountRow[], sums: AccountSums, from: string, to: string, monthly?: MonthlySums): ProfitAndLoss {
  const revenue = section(chart.filter((a) => a.type === "revenue"), sums, monthly);
  const costOfGoods = section(chart.filter((a) => a.subtype === "cost_of_goods"), sums, monthly);
  const expenses = section(chart.filter((a) => a.type === "expense" && a.subtype !== "cost_of_goods"), sums, monthly);
  const grossProfitMinor = revenue.totalMinor - costOfGoods.totalMinor;
  return {
    from,
    to,
    ...(monthly ? { months: monthly.months } : {}),
    revenue,
    costOfGoods,
    grossProfitMinor,
    expenses,
    netIncomeMinor: grossProfitMinor - expenses.totalMinor,
  };
}

export interface BalanceSheet {
  asOf: string;
  assets: Section;
  liabilities: Section;
  equity: Section;
  /** Income of earlier fiscal years, not yet closed into an account. */
  retainedEarningsMinor: number;
  currentYearEarningsMinor: number;
  totals: { assetsMinor: number; liabilitiesAndEquityMinor: number };
  balanced: boolean;
}

/**
 * `sumsAsOf`: every line up to the date. `sumsBeforeYear`: lines before the
 * fiscal year of the date began. No closing entries are posted, so earlier
 * years' income shows as retained earnings and this year's as current.
 */
export function balanceSheet(chart: readonly ChartAccountRow[], sumsAsOf: AccountSums, sumsBeforeYear: AccountSums, asOf: string): BalanceSheet {
  const assets = section(chart.filter((a) => a.type === "asset"), sumsAsOf, undefined);
  const liabilities = section(chart.filter((a) => a.type === "liability"), sumsAsOf, undefined);
  const equityAccounts = section(chart.filter((a) => a.type === "equity"), sumsAsOf, undefined);
  const retainedEarningsMinor = netIncomeOf(chart, sumsBeforeYear);
  const currentYearEarningsMinor = netIncomeOf(chart, sumsAsOf) - retainedEarningsMinor;
  const earningsLines: ReportLine[] = [
    { code: "", name: "Retained Earnings (earlier years)", amountMinor: retainedEarningsMinor },
    { code: "", name: "Current Year Earnings", amountMinor: currentYearEarningsMinor },
  ];
  const equity: Section = {
    lines: [...equityAccounts.lines, ...earningsLines.filter((line) => line.amountMinor !== 0)],
    totalMinor: equityAccounts.totalMinor + retainedEarningsMinor + currentYearEarningsMinor,
  };
  const liabilitiesAndEquityMinor = liabilities.totalMinor + equity.totalMinor;
  return {
    asOf,
    assets,
    liabilities,
    equity,
    retainedEarningsMinor,
    currentYearEarningsMinor,
    totals: { assetsMinor: assets.totalMinor, liabilitiesAndEquityMinor },
    balanced: assets.totalMinor === liabilitiesAndEquityMinor,
  };
}
