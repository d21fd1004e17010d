/**
 * Books one company through the API, as a bookkeeper's client would: create
 * the company and its bank accounts, upload every statement month by month,
 * then read back what the books hold. It records what it saw; judging it
 * against the truth is metrics.ts's job.
 */
import { z } from "zod";
import { uploadOrder, type PilotCompany } from "./company.ts";
import { send, type PilotTarget } from "./client.ts";

// What the pilot reads from each answer, as the API contract states it. An answer of another
// shape (another app, another version) stops the run with what differed, not a TypeError.
const minor = z.number().int();
const rowCounts = z.object({ total: z.number().int(), inserted: z.number().int(), duplicate: z.number().int(), rejected: z.number().int() });
const importReport = z.object({ rows: rowCounts, rejections: z.array(z.object({ line: z.number().int(), reason: z.string(), raw: z.string() })) });
const createdCompany = z.object({ company: z.object({ id: z.string() }), apiKey: z.string() });
const createdBankAccount = z.object({ bankAccount: z.object({ id: z.string(), ledgerAccount: z.object({ code: z.string() }) }) });
const bookedTransaction = z.object({
  id: z.string(),
  bankAccountId: z.string(),
  postedOn: z.string(),
  amountMinor: minor,
  description: z.string(),
  category: z.object({ accountCode: z.string(), source: z.string(), confidence: z.number() }).nullable(),
  status: z.string(),
  transferTransactionId: z.string().nullable(),
});
const transactionsPage = z.object({ data: z.array(bookedTransaction), nextCursor: z.string().nullable() });
const trialBalanceReport = z.object({
  accounts: z.array(z.object({ code: z.string(), debitMinor: minor, creditMinor: minor })),
  totals: z.object({ debitMinor: minor, creditMinor: minor }),
  balanced: z.boolean(),
});
const balanceSheetReport = z.object({
  totals: z.object({ assetsMinor: minor, liabilitiesAndEquityMinor: minor }),
  retainedEarningsMinor: minor,
  currentYearEarningsMinor: minor,
  balanced: z.boolean(),
});
const profitAndLossReport = z.object({ netIncomeMinor: minor });

export interface ImportObservation extends z.infer<typeof importReport> {
  bankAccount: string;
  month: string;
  latencyMs: number;
  /** The host had these bytes already and answered with its earlier report: nothing was inserted now. */
  replayed: boolean;
}

export type BookedTransaction = z.infer<typeof bookedTransaction>;
export type TrialBalanceReport = z.infer<typeof trialBalanceReport>;
export type BalanceSheetReport = z.infer<typeof balanceSheetReport>;
export type ProfitAndLossReport = z.infer<typeof profitAndLossReport>;

export interface BookedBankAccount {
  slug: string;
  id: string;
  ledgerCode: string;
}

export interface CompanyObservation {
  companyId: string;
  /** The company's API key, for a caller that reads more than the pilot did. */
  apiKey: string;
  bankAccounts: BookedBankAccount[];
  imports: ImportObservation[];
  transactions: BookedTransaction[];
  /** What the review filter (`?status=review`) lists, to compare with the statuses of all transactions. */
  reviewQueue: number;
  reports: { trialBalance: TrialBalanceReport; balanceSheet: BalanceSheetReport; profitAndLoss: ProfitAndLossReport } | null;
  wallMs: number;
}

export interface BookingProgress {
  company: string;
  uploadsDone: number;
  uploadsTotal: number;
}

const transactionsPageSize = 500;

async function readAllTransactions(target: PilotTarget, companyId: string, token: string, filter = ""): Promise<BookedTransaction[]> {
  const transactions: BookedTransaction[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const path = `/v1/companies/${companyId}/transactions?limit=${transactionsPageSize}${filter}${query}`;
    const page: z.infer<typeof transactionsPage> = (await send(target, "GET", path, { token }, transactionsPage)).body;
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
  const created = (await send(target, "POST", "/v1/companies", { token: target.adminToken, json: { name: company.name, industry: company.industry } }, createdCompany)).body;
  const companyId = created.company.id;
  const token = created.apiKey;

  const bankAccounts: BookedBankAccount[] = [];
  const idBySlug = new Map<string, string>();
  for (const account of company.bankAccounts) {
    const { bankAccount } = (await send(target, "POST", `/v1/companies/${companyId}/bank-accounts`, { token, json: { name: account.name, kind: account.kind } }, createdBankAccount)).body;
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
    const answer = await send(target, "POST", path, { token, body: statement.bytes, contentType: "text/csv" }, z.object({ imports: z.array(importReport) }));
    const latencyMs = performance.now() - requested;
    // 200 is the API's replay of an earlier report for the same bytes (201 is a new import).
    const replayed = answer.status === 200;
    for (const report of answer.body.imports) imports.push({ ...report, bankAccount: bankAccount.slug, month: statement.month, latencyMs, replayed });
    onProgress({ company: company.name, uploadsDone: index + 1, uploadsTotal: uploads.length });
  }

  const transactions = await readAllTransactions(target, companyId, token);
  const reviewQueue = (await readAllTransactions(target, companyId, token, "&status=review")).length;
  const period = periodOf(transactions);
  let reports: CompanyObservation["reports"] = null;
  if (period !== null) {
    const reportPath = (name: string, query: string): string => `/v1/companies/${companyId}/reports/${name}?${query}`;
    const [trialBalance, balanceSheet, profitAndLoss] = await Promise.all([
      send(target, "GET", reportPath("trial-balance", `asOf=${period.to}`), { token }, trialBalanceReport),
      send(target, "GET", reportPath("balance-sheet", `asOf=${period.to}`), { token }, balanceSheetReport),
      send(target, "GET", reportPath("profit-and-loss", `from=${period.from}&to=${period.to}`), { token }, profitAndLossReport),
    ]);
    reports = { trialBalance: trialBalance.body, balanceSheet: balanceSheet.body, profitAndLoss: profitAndLoss.body };
  }
  return { companyId, apiKey: token, bankAccounts, imports, transactions, reviewQueue, reports, wallMs: performance.now() - started };
}
