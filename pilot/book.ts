/**
 * Books one company through the API, as a bookkeeper's client would: create
 * the company and its bank accounts, upload every statement month by month,
 * then read back what the books hold. It records what it saw; judging it
 * against the truth is metrics.ts's job.
 */
import { uploadOrder, type PilotCompany } from "./company.ts";
import { requestJson, type PilotTarget } from "./client.ts";

export interface ImportObservation {
  bankAccount: string;
  month: string;
  latencyMs: number;
  rows: { total: number; inserted: number; duplicate: number; rejected: number };
  rejections: { line: number; reason: string; raw: string }[];
}

export interface BookedTransaction {
  id: string;
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  description: string;
  category: { accountCode: string; source: string; confidence: number } | null;
  status: string;
  transferTransactionId: string | null;
}

export interface BookedBankAccount {
  slug: string;
  id: string;
  ledgerCode: string;
}

export interface TrialBalanceReport {
  accounts: { code: string; debitMinor: number; creditMinor: number }[];
  totals: { debitMinor: number; creditMinor: number };
  balanced: boolean;
}

export interface BalanceSheetReport {
  totals: { assetsMinor: number; liabilitiesAndEquityMinor: number };
  retainedEarningsMinor: number;
  currentYearEarningsMinor: number;
  balanced: boolean;
}

export interface ProfitAndLossReport {
  netIncomeMinor: number;
}

export interface CompanyObservation {
  companyId: string;
  /** The company's API key, for a caller that reads more than the pilot did. */
  apiKey: string;
  bankAccounts: BookedBankAccount[];
  imports: ImportObservation[];
  transactions: BookedTransaction[];
  /** The period the books hold, first to last transaction; null when they hold none. */
  period: { from: string; to: string } | null;
  reports: { trialBalance: TrialBalanceReport; balanceSheet: BalanceSheetReport; profitAndLoss: ProfitAndLossReport } | null;
  wallMs: number;
}

export interface BookingProgress {
  company: string;
  uploadsDone: number;
  uploadsTotal: number;
}

const transactionsPageSize = 500;

async function readAllTransactions(target: PilotTarget, companyId: string, token: string): Promise<BookedTransaction[]> {
  const transactions: BookedTransaction[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const page: { data: BookedTransaction[]; nextCursor: string | null } = await requestJson(target, "GET", `/v1/companies/${companyId}/transactions?limit=${transactionsPageSize}${query}`, {
      token,
    });
    transactions.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return transactions;
}

function periodOf(transactions: readonly BookedTransaction[]): { from: string; to: string } | null {
  if (transactions.length === 0) return null;
  let from = transactions[0]?.postedOn ?? "";
  let to = from;
  for (const { postedOn } of transactions) {
    if (postedOn < from) from = postedOn;
    if (postedOn > to) to = postedOn;
  }
  return { from, to };
}

export async function bookCompany(
  target: PilotTarget,
  company: PilotCompany,
  onProgress: (progress: BookingProgress) => void = () => undefined,
): Promise<CompanyObservation> {
  const started = performance.now();
  const created = await requestJson<{ company: { id: string }; apiKey: string }>(target, "POST", "/v1/companies", {
    token: target.adminToken,
    json: { name: company.name, industry: company.industry },
  });
  const companyId = created.company.id;
  const token = created.apiKey;

  const bankAccounts: BookedBankAccount[] = [];
  const idBySlug = new Map<string, string>();
  for (const account of company.bankAccounts) {
    const { bankAccount } = await requestJson<{ bankAccount: { id: string; ledgerAccount: { code: string } } }>(target, "POST", `/v1/companies/${companyId}/bank-accounts`, {
      token,
      json: { name: account.name, kind: account.kind },
    });
    bankAccounts.push({ slug: account.slug, id: bankAccount.id, ledgerCode: bankAccount.ledgerAccount.code });
    idBySlug.set(account.slug, bankAccount.id);
  }

  const uploads = uploadOrder(company);
  const imports: ImportObservation[] = [];
  onProgress({ company: company.name, uploadsDone: 0, uploadsTotal: uploads.length });
  // One file at a time, in order: a transfer's second side must find its first, as in a real close.
  for (const [index, { bankAccount, statement }] of uploads.entries()) {
    const path = `/v1/companies/${companyId}/bank-accounts/${idBySlug.get(bankAccount.slug) ?? ""}/imports?filename=${encodeURIComponent(statement.filename)}`;
    const requested = performance.now();
    const answer = await requestJson<{ imports: Omit<ImportObservation, "bankAccount" | "month" | "latencyMs">[] }>(target, "POST", path, {
      token,
      body: statement.bytes,
      contentType: "text/csv",
    });
    const latencyMs = performance.now() - requested;
    for (const report of answer.imports) imports.push({ bankAccount: bankAccount.slug, month: statement.month, latencyMs, rows: report.rows, rejections: report.rejections });
    onProgress({ company: company.name, uploadsDone: index + 1, uploadsTotal: uploads.length });
  }

  const transactions = await readAllTransactions(target, companyId, token);
  const period = periodOf(transactions);
  let reports: CompanyObservation["reports"] = null;
  if (period !== null) {
    const reportPath = (name: string, query: string): string => `/v1/companies/${companyId}/reports/${name}?${query}`;
    const [trialBalance, balanceSheet, profitAndLoss] = await Promise.all([
      requestJson<TrialBalanceReport>(target, "GET", reportPath("trial-balance", `asOf=${period.to}`), { token }),
      requestJson<BalanceSheetReport>(target, "GET", reportPath("balance-sheet", `asOf=${period.to}`), { token }),
      requestJson<ProfitAndLossReport>(target, "GET", reportPath("profit-and-loss", `from=${period.from}&to=${period.to}`), { token }),
    ]);
    reports = { trialBalance, balanceSheet, profitAndLoss };
  }
  return { companyId, apiKey: token, bankAccounts, imports, transactions, period, reports, wallMs: performance.now() - started };
}
