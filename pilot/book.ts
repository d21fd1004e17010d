/**
 * Books one company through the API, as a bookkeeper's client would: create
 * the company and its bank accounts, upload every statement month by month,
 * then read back what the books hold. It records what it saw; judging it
 * against the truth is metrics.ts's job.
 */
import { z } from "zod";
import { uploadOrder, type PilotCompany } from "./company.ts";
import { planMonth, type BookkeeperPlan, type MonthJudgement } from "./bookkeeper.ts";
import { PilotAnswerError, PilotHttpError, send, type PilotTarget } from "./client.ts";
import { truthMatcher } from "./truth.ts";
import { readAllDocuments, receiptRounds, uploadReceipts, type ReceiptObservation } from "./receipts.ts";
import { downloadTraining } from "./training.ts";

// What the pilot reads from each answer, as the API contract states it. An answer of another
// shape (another app, another version) stops the run with what differed, not a TypeError.
const minor = z.number().int();
const rowCounts = z.object({ total: z.number().int(), inserted: z.number().int(), duplicate: z.number().int(), rejected: z.number().int() });
const llmState = z.object({ status: z.string(), vendors: z.number().int(), decided: z.number().int(), suggested: z.number().int() });
const importReport = z.object({
  id: z.string(),
  rows: rowCounts,
  rejections: z.array(z.object({ line: z.number().int(), reason: z.string(), raw: z.string() })),
  // A host from before the LLM tier has no such field.
  llm: llmState.nullable().optional(),
});
const llmUsage = z.object({ usage: z.object({ calls: z.number().int(), requests: z.number().int(), promptTokens: z.number().int(), completionTokens: z.number().int() }) });
const createdCompany = z.object({ company: z.object({ id: z.string() }), apiKey: z.string() });
const createdBankAccount = z.object({ bankAccount: z.object({ id: z.string(), ledgerAccount: z.object({ code: z.string() }) }) });
const bookedTransaction = z.object({
  id: z.string(),
  bankAccountId: z.string(),
  postedOn: z.string(),
  amountMinor: minor,
  description: z.string(),
  category: z.object({ accountCode: z.string(), source: z.string(), confidence: z.number() }).nullable(),
  suggestion: z.object({ accountCode: z.string(), source: z.string(), confidence: z.number() }).nullable(),
  status: z.string(),
  transferTransactionId: z.string().nullable(),
});
const correctionsAnswer = z.object({ corrections: z.array(z.object({ transactionId: z.string(), status: z.string() })) });
const transactionAnswer = z.object({ transaction: bookedTransaction });
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
  /** From the import's answer to its LLM work being done (null when it sent the LLM nothing). */
  llmSettleMs: number | null;
}

export type LlmUsageObservation = z.infer<typeof llmUsage>["usage"];

export type BookedTransaction = z.infer<typeof bookedTransaction>;
export type TrialBalanceReport = z.infer<typeof trialBalanceReport>;
export type BalanceSheetReport = z.infer<typeof balanceSheetReport>;
export type ProfitAndLossReport = z.infer<typeof profitAndLossReport>;

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
async function readLlmUsage(target: PilotTarget, companyId: string, token: string): Promise<LlmUsageObservation | null> {
  try {
    return (await send(target, "GET", `/v1/companies/${companyId}/llm/usage?since=2000-01-01`, { token }, llmUsage)).body.usage;
  } catch (error) {
    if (error instanceof PilotHttpError && error.status === 404) return null;
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
async function untilLlmSettles(target: PilotTarget, path: string, token: string, status: string | undefined, answeredAt: number): Promise<number | null> {
  if (status !== "pending") return null;
  for (let pause = 5; ; pause = Math.min(200, pause * 2)) {
    const report = (await send(target, "GET", path, { token }, z.object({ import: importReport }))).body.import;
    if (report.llm?.status !== "pending") return performance.now() - answeredAt;
    if (performance.now() - answeredAt > llmSettleMsMax) throw new PilotAnswerError(`the import's LLM work was still pending ${llmSettleMsMax / 1000} s after it answered (${path})`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

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

/** The bookkeeper's month: what she accepts, corrects (500 at a time, all or none each) and unpairs. */
async function review(target: PilotTarget, companyId: string, token: string, plan: BookkeeperPlan): Promise<Pick<MonthObservation, "corrections" | "accepts" | "unpaired">> {
  const base = `/v1/companies/${companyId}/transactions`;
  for (const id of plan.unpair) await send(target, "POST", `${base}/${id}/unpair`, { token }, transactionAnswer);
  for (const id of plan.accept) await send(target, "POST", `${base}/${id}/accept`, { token }, transactionAnswer);
  for (let start = 0; start < plan.correct.length; start += correctionsPerRequest) {
    await send(target, "POST", `${base}/corrections`, { token, json: plan.correct.slice(start, start + correctionsPerRequest) }, correctionsAnswer);
  }
  return { corrections: plan.correct.length, accepts: plan.accept.length, unpaired: plan.unpair.length };
}

const correctionsPerRequest = 500;

export async function bookCompany(target: PilotTarget, company: PilotCompany, options: BookOptions = {}): Promise<CompanyObservation> {
  const bookkeeper = options.bookkeeper ?? true;
  const onProgress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const created = (await send(target, "POST", "/v1/companies", { token: target.adminToken, json: { name: company.name, industry: company.industry } }, createdCompany)).body;
  const companyId = created.company.id;
  const token = created.apiKey;

  const bankAccounts: BookedBankAccount[] = [];
  const idBySlug = new Map<string, string>();
  for (const account of company.bankAccounts) {
    const { bankAccount } = (await send(target, "POST", `/v1/companies/${companyId}/bank-accounts`, { token, json: { name: account.name, kind: account.kind, ...(account.last4 === undefined ? {} : { last4: account.last4 }) } }, createdBankAccount)).body;
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
    const answer = await send(target, "POST", path, { token, body: statement.bytes, contentType: "text/csv" }, z.object({ imports: z.array(importReport) }));
    const latencyMs = performance.now() - requested;
    // 200 is the API's replay of an earlier report for the same bytes (201 is a new import).
    const replayed = answer.status === 200;
    const importsPath = `/v1/companies/${companyId}/bank-accounts/${idBySlug.get(bankAccount.slug) ?? ""}/imports`;
    for (const report of answer.body.imports) {
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
      send(target, "GET", reportPath("trial-balance", `asOf=${period.to}`), { token }, trialBalanceReport),
      send(target, "GET", reportPath("balance-sheet", `asOf=${period.to}`), { token }, balanceSheetReport),
      send(target, "GET", reportPath("profit-and-loss", `from=${period.from}&to=${period.to}`), { token }, profitAndLossReport),
    ]);
    reports = { trialBalance: trialBalance.body, balanceSheet: balanceSheet.body, profitAndLoss: profitAndLoss.body };
  }
  const llm = await readLlmUsage(target, companyId, token);
  const documents = new Map((company.receipts.length === 0 ? [] : await readAllDocuments(target, companyId, token)).map((document) => [document.id, document]));
  const receipts = company.receipts.map((receipt) => ({ receiptId: receipt.id, mediaType: receipt.mediaType, document: documents.get(documentOf.get(receipt.id) ?? "") ?? null }));
  const training = await downloadTraining(target, companyId, token);
  return { companyId, apiKey: token, bankAccounts, imports, transactions, reviewQueue, reports, months, bookkeeper, llmUsage: llm, receipts, training, wallMs: performance.now() - started };
}
