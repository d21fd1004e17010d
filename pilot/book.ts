/**
 * Books one company through the API, as a bookkeeper's client would: create
 * the company and its bank accounts, upload every statement month by month,
 * then read back what the books hold. It records what it saw; judging it
 * against the truth is metrics.ts's job.
 */
import { uploadOrder, type PilotCompany } from "./company.ts";
import { planMonth, type BookkeeperPlan, type MonthJudgement } from "./bookkeeper.ts";
import { answers, type Answer } from "../client/answers.ts";
import { ApiAnswerError, ApiHttpError, send, type ApiTarget } from "../client/http.ts";
import { truthMatcher } from "./truth.ts";
import { readAllDocuments, receiptRounds, uploadReceipts, type ReceiptObservation } from "./receipts.ts";
import { downloadTraining } from "./training.ts";

// Every answer is checked against the schema its route declares (client/answers.ts): an answer of another
// shape (another app, another version) stops the run with what differed, not a TypeError. What the pilot
// keeps of each is a part of the API's own type, so a field the API renames stops the build here.
type ImportReport = Answer<"importReport">["import"];
type Transaction = Answer<"transactionsPage">["data"][number];
type Decision = Pick<NonNullable<Transaction["category"]>, "accountCode" | "source" | "confidence">;
type TrialBalance = Answer<"trialBalance">;
type BalanceSheet = Answer<"balanceSheet">;
type ImportSeen = Pick<ImportReport, "id" | "rejections"> & Partial<Pick<ImportReport, "llm">> & { rows: Pick<ImportReport["rows"], "total" | "inserted" | "duplicate" | "rejected"> };

export interface ImportObservation extends ImportSeen {
  bankAccount: string;
  month: string;
  latencyMs: number;
  /** The host had these bytes already and answered with its earlier report: nothing was inserted now. */
  replayed: boolean;
  /** From the import's answer to its LLM work being done (null when it sent the LLM nothing). */
  llmSettleMs: number | null;
}

export type LlmUsageObservation = Pick<Answer<"llmUsage">["usage"], "calls" | "requests" | "promptTokens" | "completionTokens">;

export type BookedTransaction = Pick<Transaction, "id" | "bankAccountId" | "postedOn" | "amountMinor" | "description" | "status" | "transferTransactionId"> & {
  category: Decision | null;
  suggestion: Decision | null;
};
export type TrialBalanceReport = Pick<TrialBalance, "totals" | "balanced"> & { accounts: Pick<TrialBalance["accounts"][number], "code" | "debitMinor" | "creditMinor">[] };
export type BalanceSheetReport = Pick<BalanceSheet, "totals" | "retainedEarningsMinor" | "currentYearEarningsMinor" | "balanced">;
export type ProfitAndLossReport = Pick<Answer<"profitAndLoss">, "netIncomeMinor">;

export interface BookedBankAccount {
  slug: string;
  id: string;
  ledgerCode: string;
}

/** A month as the bookkeeper found it, and what she did about it. */
export interface MonthObservation extends MonthJudgement {
  corrections: number;
  accepts: number;
  unpaired: number;
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
  /** Month by month, each month's new transactions as they were right after its statements came in. */
  months: MonthObservation[];
  /** Whether a bookkeeper reviewed and corrected each month (otherwise `months` only watched). */
  bookkeeper: boolean;
  /** What the LLM tier cost, as the host reports it; null from a host without the report. */
  llmUsage: LlmUsageObservation | null;
  /** Each receipt sent, and what the books made of it in the end. */
  receipts: ReceiptObservation[];
  /** The company's training dataset as the API exports it (JSON Lines). */
  training: string;
  wallMs: number;
}

export interface BookOptions {
  /** A bookkeeper reviews and corrects each month before the next (default); off, the books are only watched. */
  bookkeeper?: boolean;
  onProgress?: (progress: BookingProgress) => void;
}

export interface BookingProgress {
  company: string;
  uploadsDone: number;
  uploadsTotal: number;
}

const transactionsPageSize = 500;
/** What the LLM tier cost the company; null from a host that has no such report (404). */
async function readLlmUsage(target: ApiTarget, companyId: string, token: string): Promise<LlmUsageObservation | null> {
  try {
    return (await send(target, "GET", `/v1/companies/${companyId}/llm/usage?since=2000-01-01`, { token }, answers.llmUsage)).body.usage;
  } catch (error) {
    if (error instanceof ApiHttpError && error.status === 404) return null;
    throw error;
  }
}

/** The LLM tier answers within seconds of its import; a minute without is a host that lost the work. */
const llmSettleMsMax = 60_000;

/**
 * Waits for an import's LLM work to be done, as a client that wants the
 * tier's decisions before reading the month would: polls the import's
 * report. Returns how long after the import's answer it was done.
 */
async function untilLlmSettles(target: ApiTarget, path: string, token: string, status: string | undefined, answeredAt: number): Promise<number | null> {
  if (status !== "pending") return null;
  for (let pause = 5; ; pause = Math.min(200, pause * 2)) {
    const report = (await send(target, "GET", path, { token }, answers.importReport)).body.import;
    if (report.llm?.status !== "pending") return performance.now() - answeredAt;
    if (performance.now() - answeredAt > llmSettleMsMax) throw new ApiAnswerError(`the import's LLM work was still pending ${llmSettleMsMax / 1000} s after it answered (${path})`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

async function readAllTransactions(target: ApiTarget, companyId: string, token: string, filter = ""): Promise<BookedTransaction[]> {
  const transactions: BookedTransaction[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const path = `/v1/companies/${companyId}/transactions?limit=${transactionsPageSize}${filter}${query}`;
    const page: Answer<"transactionsPage"> = (await send(target, "GET", path, { token }, answers.transactionsPage)).body;
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

/** The bookkeeper's month: what she accepts, corrects (500 at a time, all or none each) and unpairs. */
async function review(target: ApiTarget, companyId: string, token: string, plan: BookkeeperPlan): Promise<Pick<MonthObservation, "corrections" | "accepts" | "unpaired">> {
  const base = `/v1/companies/${companyId}/transactions`;
  for (const id of plan.unpair) await send(target, "POST", `${base}/${id}/unpair`, { token }, answers.unpaired);
  for (const id of plan.accept) await send(target, "POST", `${base}/${id}/accept`, { token }, answers.transaction);
  for (let start = 0; start < plan.correct.length; start += correctionsPerRequest) {
    await send(target, "POST", `${base}/corrections`, { token, json: plan.correct.slice(start, start + correctionsPerRequest) }, answers.corrections);
  }
  return { corrections: plan.correct.length, accepts: plan.accept.length, unpaired: plan.unpair.length };
}

const correctionsPerRequest = 500;

export async function bookCompany(target: ApiTarget, company: PilotCompany, options: BookOptions = {}): Promise<CompanyObservation> {
  const bookkeeper = options.bookkeeper ?? true;
  const onProgress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const created = (await send(target, "POST", "/v1/companies", { token: target.adminToken, json: { name: company.name, industry: company.industry } }, answers.createdCompany)).body;
  const companyId = created.company.id;
  const token = created.apiKey;

  const bankAccounts: BookedBankAccount[] = [];
  const idBySlug = new Map<string, string>();
  for (const account of company.bankAccounts) {
    const { bankAccount } = (await send(target, "POST", `/v1/companies/${companyId}/bank-accounts`, { token, json: { name: account.name, kind: account.kind, ...(account.last4 === undefined ? {} : { last4: account.last4 }) } }, answers.createdBankAccount)).body;
    bankAccounts.push({ slug: account.slug, id: bankAccount.id, ledgerCode: bankAccount.ledgerAccount.code });
    idBySlug.set(account.slug, bankAccount.id);
  }
  const matcher = truthMatcher(company, bankAccounts);

  const uploads = uploadOrder(company);
  const rounds = receiptRounds(company.receipts, [...new Set(uploads.map((upload) => upload.statement.month))]);
  const documentOf = new Map<string, string>();
  const sendReceipts = async (month: string, when: "before" | "after"): Promise<void> => {
    for (const [receipt, document] of await uploadReceipts(target, companyId, token, rounds.get(month)?.[when] ?? [])) documentOf.set(receipt, document);
  };
  const imports: ImportObservation[] = [];
  const months: MonthObservation[] = [];
  const seen = new Set<string>();
  onProgress({ company: company.name, uploadsDone: 0, uploadsTotal: uploads.length });
  // One file at a time, in order: a transfer's second side must find its first, as in a real close.
  for (const [index, { bankAccount, statement }] of uploads.entries()) {
    if (uploads[index - 1]?.statement.month !== statement.month) await sendReceipts(statement.month, "before");
    const path = `/v1/companies/${companyId}/bank-accounts/${idBySlug.get(bankAccount.slug) ?? ""}/imports?filename=${encodeURIComponent(statement.filename)}`;
    const requested = performance.now();
    const answer = await send(target, "POST", path, { token, body: statement.bytes, contentType: "text/csv" }, answers.imports);
    const latencyMs = performance.now() - requested;
    // 200 is the API's replay of an earlier report for the same bytes (201 is a new import).
    const replayed = answer.status === 200;
    const importsPath = `/v1/companies/${companyId}/bank-accounts/${idBySlug.get(bankAccount.slug) ?? ""}/imports`;
    for (const report of answer.body.imports) {
      // One CSV per request: a file the host could not read is refused with an error, never listed here.
      if (!("rows" in report)) throw new ApiAnswerError(`${path} listed a failed file in a ${answer.status} answer: ${JSON.stringify(report)}`);
      const llmSettleMs = await untilLlmSettles(target, `${importsPath}/${report.id}`, token, report.llm?.status, requested + latencyMs);
      imports.push({ ...report, bankAccount: bankAccount.slug, month: statement.month, latencyMs, replayed, llmSettleMs });
    }
    onProgress({ company: company.name, uploadsDone: index + 1, uploadsTotal: uploads.length });
    // The month is in once its last file is: the bookkeeper opens it then.
    if (uploads[index + 1]?.statement.month === statement.month) continue;
    await sendReceipts(statement.month, "after");
    const fresh = (await readAllTransactions(target, companyId, token)).filter((transaction) => !seen.has(transaction.id));
    for (const transaction of fresh) seen.add(transaction.id);
    const plan = planMonth(statement.month, fresh, matcher);
    const actions = bookkeeper ? await review(target, companyId, token, plan) : { corrections: 0, accepts: 0, unpaired: 0 };
    months.push({ ...plan.judgement, ...actions });
  }

  const transactions = await readAllTransactions(target, companyId, token);
  const reviewQueue = (await readAllTransactions(target, companyId, token, "&status=review")).length;
  const period = periodOf(transactions);
  let reports: CompanyObservation["reports"] = null;
  if (period !== null) {
    const reportPath = (name: string, query: string): string => `/v1/companies/${companyId}/reports/${name}?${query}`;
    const [trialBalance, balanceSheet, profitAndLoss] = await Promise.all([
      send(target, "GET", reportPath("trial-balance", `asOf=${period.to}`), { token }, answers.trialBalance),
      send(target, "GET", reportPath("balance-sheet", `asOf=${period.to}`), { token }, answers.balanceSheet),
      send(target, "GET", reportPath("profit-and-loss", `from=${period.from}&to=${period.to}`), { token }, answers.profitAndLoss),
    ]);
    reports = { trialBalance: trialBalance.body, balanceSheet: balanceSheet.body, profitAndLoss: profitAndLoss.body };
  }
  const llm = await readLlmUsage(target, companyId, token);
  const documents = new Map((company.receipts.length === 0 ? [] : await readAllDocuments(target, companyId, token)).map((document) => [document.id, document]));
  const receipts = company.receipts.map((receipt) => ({ receiptId: receipt.id, mediaType: receipt.mediaType, document: documents.get(documentOf.get(receipt.id) ?? "") ?? null }));
  const training = await downloadTraining(target, companyId, token);
  return { companyId, apiKey: token, bankAccounts, imports, transactions, reviewQueue, reports, months, bookkeeper, llmUsage: llm, receipts, training, wallMs: performance.now() - started };
}
