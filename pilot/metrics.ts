/**
 * Judges what the pilot saw against the truth the files were made from: how
 * much each tier decided and how often it was right, what went to review,
 * which transfers were found, and whether the books keep their invariants.
 * Pure: observations and truth in, metrics and failures out.
 */
import { shareOf } from "../src/shared/ratio.ts";
import type { PilotCompany, TruthTransaction } from "./company.ts";
import type { BookedTransaction, CompanyObservation, LlmUsageObservation, MonthObservation } from "./book.ts";
import { addReliability, deciderOf, emptyReliability, emptyTally, type Decider, type Reliability } from "./bookkeeper.ts";
import { keyOf, truthMatcher } from "./truth.ts";
import { receiptCases, receiptMetrics, summedReceipts, type ReceiptCase, type ReceiptMetrics } from "./receipts.ts";
import { summedTraining, trainingFigures, type TrainingFigures } from "./training.ts";

/** Who decided a transaction: the tiers, the transfer pairing, or nobody yet (review). */
export interface TierShares {
  rule: number;
  learned: number;
  llm: number;
  review: number;
  /** Both sides of a transfer between the company's own accounts, decided by pairing rather than a tier. */
  transfer: number;
}

/** One month, as its new transactions stood when its statements were in, and what the bookkeeper did. */
export interface MonthMetrics {
  month: string;
  imported: number;
  /** The share decided automatically: by a tier or the transfer pairing. */
  automation: number | null;
  /** Of those, the share posted where the truth says. */
  accuracy: number | null;
  tiers: TierShares;
  /** How many of them the tiers left for review: what the queue took in that month. */
  review: number;
  /** The bookkeeper's corrections, accepted suggestions and undone pairings that month. */
  corrections: number;
  accepts: number;
  unpaired: number;
}

/** Months from the fourth on: once the books have had three months to learn the company. */
export interface LearnedWindow {
  fromMonth: number;
  imported: number;
  automation: number | null;
  accuracy: number | null;
}

export interface CompanyMetrics {
  name: string;
  slug: string;
  industry: string;
  transactions: { truth: number; imported: number; duplicatesSkipped: number; rejected: number };
  /**
   * Shares of the imported transactions, 0 to 1, to four places: they sum to 1 give or take that rounding.
   * With a bookkeeper, as each month's transactions stood before she touched them; without one, as the books end.
   */
  tiers: TierShares;
  /** Of the decided transactions (not in review), the share posted to the truth's account; null when none were decided. */
  accuracy: number | null;
  /** The share decided automatically (tiers and pairing), as `tiers` counts. */
  automation: number | null;
  bookkeeper: boolean;
  byMonth: MonthMetrics[];
  /** Months 4 on; null with fewer than four months. */
  fromMonth4: LearnedWindow | null;
  /** What the bookkeeper did over the whole run. */
  work: { corrections: number; accepts: number; unpaired: number };
  /** The learned tier's answers by tenth of confidence, as each month's transactions stood: how often each tenth was right. */
  reliability: Reliability;
  /** The LLM tier on its own: what it posted and how much was right, what it cost, and how soon after each import its decisions landed. */
  llm: LlmMetrics;
  reviewQueue: number;
  transfers: { truth: number; found: number; correct: number };
  /** The receipts sent, and how their matches to charges compare with the truth. */
  receipts: ReceiptMetrics;
  /** Each receipt's outcome, score and reasons: what the receipts' figures are counted from. */
  receiptCases: ReceiptCase[];
  /** The training dataset the API exports: its lines, splits and labels. */
  training: TrainingFigures;
  trialBalance: { debitMinor: number; creditMinor: number; balanced: boolean };
  latencyMs: { p50: number; p95: number };
  /** Each statement upload, in the order sent: what the latency figures are taken from. */
  imports: ImportLatency[];
  wallMs: number;
  /** Every invariant the books broke or count that disagreed with the truth; empty when all held. */
  failures: string[];
}

export interface ImportLatency {
  bankAccount: string;
  month: string;
  /** The file's rows, duplicates and rejections included. */
  rows: number;
  latencyMs: number;
}

/** The companies' figures summed; the lists of single cases stay with each company. */
export type TotalsMetrics = Omit<CompanyMetrics, "name" | "slug" | "industry" | "receiptCases" | "imports">;

const learnedFromMonth = 4;

export interface LlmMetrics {
  decided: number;
  correct: number;
  accuracy: number | null;
  /** From the host's usage report; null from a host without one. */
  calls: number | null;
  requests: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** From an import's answer to its LLM work being done, as the pilot waited for it. */
  settleMs: { p50: number; p95: number } | null;
}

function llmMetrics(months: readonly MonthObservation[], usages: readonly (LlmUsageObservation | null)[], settlesMs: readonly number[]): LlmMetrics {
  const decided = months.reduce((sum, month) => sum + month.llmDecided, 0);
  const correct = months.reduce((sum, month) => sum + month.llmCorrect, 0);
  const known = usages.filter((usage): usage is LlmUsageObservation => usage !== null);
  const sum = (pick: (usage: LlmUsageObservation) => number): number | null => (known.length === 0 ? null : known.reduce((total, usage) => total + pick(usage), 0));
  return {
    decided,
    correct,
    accuracy: shareOf(correct, decided),
    calls: sum((usage) => usage.calls),
    requests: sum((usage) => usage.requests),
    promptTokens: sum((usage) => usage.promptTokens),
    completionTokens: sum((usage) => usage.completionTokens),
    settleMs: settlesMs.length === 0 ? null : { p50: roundTo(percentile(settlesMs, 0.5), 1), p95: roundTo(percentile(settlesMs, 0.95), 1) },
  };
}

/**
 * What the totals row is made of: counts, not shares, so that the totals
 * weigh each company by its size.
 */
export interface CompanyTally {
  decidedBy: Record<keyof TierShares, number>;
  decided: number;
  correct: number;
  latenciesMs: number[];
  months: MonthObservation[];
  llmUsage: LlmUsageObservation | null;
  settlesMs: number[];
}

const settlesOf = (observed: CompanyObservation): number[] => observed.imports.flatMap((report) => (report.llmSettleMs === null ? [] : [report.llmSettleMs]));

/** Nearest rank: the smallest observed value with at least p of them at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? 0;
}

const roundTo = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

const total = (counts: Record<Decider, number>): number => counts.rule + counts.learned + counts.llm + counts.review + counts.transfer;

/** A share to four places, or null when there is nothing to share out. */

function shares(counts: Record<Decider, number>): TierShares {
  const all = total(counts);
  const of = (count: number): number => shareOf(count, all) ?? 0;
  return { rule: of(counts.rule), learned: of(counts.learned), llm: of(counts.llm), review: of(counts.review), transfer: of(counts.transfer) };
}

function monthMetrics(month: MonthObservation): MonthMetrics {
  return {
    month: month.month,
    imported: month.imported,
    automation: shareOf(month.decided, month.imported),
    accuracy: shareOf(month.correct, month.decided),
    tiers: shares(month.decidedBy),
    review: month.decidedBy.review,
    corrections: month.corrections,
    accepts: month.accepts,
    unpaired: month.unpaired,
  };
}

/** Months 4 on of a company: what its books had three months to learn. */
const window = (months: readonly MonthObservation[]): LearnedWindow | null => summed(months.slice(learnedFromMonth - 1));

/** Months already past the third, summed (a company's, or every company's for the totals). */
function summed(later: readonly MonthObservation[]): LearnedWindow | null {
  if (later.length === 0) return null;
  const imported = later.reduce((sum, month) => sum + month.imported, 0);
  const decided = later.reduce((sum, month) => sum + month.decided, 0);
  const correct = later.reduce((sum, month) => sum + month.correct, 0);
  return { fromMonth: learnedFromMonth, imported, automation: shareOf(decided, imported), accuracy: shareOf(correct, decided) };
}

const workOf = (months: readonly MonthObservation[]): CompanyMetrics["work"] => ({
  corrections: months.reduce((sum, month) => sum + month.corrections, 0),
  accepts: months.reduce((sum, month) => sum + month.accepts, 0),
  unpaired: months.reduce((sum, month) => sum + month.unpaired, 0),
});

function reliabilityOf(months: readonly MonthObservation[]): Reliability {
  const sum = emptyReliability();
  for (const month of months) addReliability(sum, month.reliability);
  return sum;
}

/** Every company's month of the same name, summed: the totals' series. */
function sumByMonth(companies: readonly CompanyTally[]): MonthObservation[] {
  const byName = new Map<string, MonthObservation>();
  for (const month of companies.flatMap((tally) => tally.months)) {
    const sum = byName.get(month.month);
    if (sum === undefined) {
      byName.set(month.month, { ...month, decidedBy: { ...month.decidedBy }, reliability: month.reliability.map((bin) => ({ ...bin })) });
      continue;
    }
    for (const decider of Object.keys(sum.decidedBy) as Decider[]) sum.decidedBy[decider] += month.decidedBy[decider];
    for (const key of ["imported", "decided", "correct", "corrections", "accepts", "unpaired", "llmDecided", "llmCorrect"] as const) sum[key] += month[key];
    addReliability(sum.reliability, month.reliability);
  }
  return [...byName.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

function describeKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).join("; ");
  return keys.length > 3 ? `${shown}; and ${keys.length - 3} more` : shown;
}

/**
 * The pairs the books found, and those that are pairs in the truth too.
 * Finding fewer or other pairs than the truth is a miss, shown in the
 * metrics; a pair that breaks what a transfer is (one side only, the same
 * account twice, money that does not net to zero) is broken books.
 */
function transferPairs(transactions: readonly BookedTransaction[], truthOf: ReadonlyMap<string, TruthTransaction>, failures: string[]): { found: number; correct: number } {
  const byId = new Map(transactions.map((t) => [t.id, t]));
  let found = 0;
  let correct = 0;
  const broken: string[] = [];
  for (const booked of transactions) {
    if (booked.transferTransactionId === null) {
      if (booked.category?.source === "transfer") broken.push(`${booked.id} is posted as a transfer with no other side`);
      continue;
    }
    const partner = byId.get(booked.transferTransactionId);
    if (partner === undefined || partner.transferTransactionId !== booked.id) {
      broken.push(`${booked.id} names ${booked.transferTransactionId} as its other side, which does not name it back`);
      continue;
    }
    // Each pair once, from its side with the smaller id.
    if (booked.id > partner.id) continue;
    if (booked.bankAccountId === partner.bankAccountId || booked.amountMinor + partner.amountMinor !== 0) {
      broken.push(`${booked.id} and ${partner.id} are paired but are not a transfer between two accounts (${booked.amountMinor} and ${partner.amountMinor})`);
      continue;
    }
    found += 1;
    const pairId = truthOf.get(booked.id)?.transferPairId;
    if (pairId !== undefined && pairId !== null && truthOf.get(partner.id)?.transferPairId === pairId) correct += 1;
  }
  if (broken.length > 0) failures.push(`${broken.length} broken transfer pairs: ${describeKeys(broken)}`);
  return { found, correct };
}

/** The export's figures; it must hold exactly the settled transactions, one line each. */
function trainingOf(observed: CompanyObservation, failures: string[]): TrainingFigures {
  const figures = trainingFigures(observed.training);
  const settled = observed.transactions.filter((transaction) => transaction.status !== "review").length;
  if (figures.lines !== settled) failures.push(`the training export has ${figures.lines} lines, the books ${settled} settled transactions`);
  return figures;
}

export function companyMetrics(company: PilotCompany, observed: CompanyObservation): { metrics: CompanyMetrics; tally: CompanyTally } {
  const failures: string[] = [];
  const rows = { inserted: 0, duplicate: 0, rejected: 0 };
  for (const report of observed.imports) {
    if (report.replayed) {
      // The same bytes a second time: the host inserted nothing now, and every row of the file is a duplicate.
      rows.duplicate += report.rows.inserted + report.rows.duplicate;
      continue;
    }
    rows.inserted += report.rows.inserted;
    rows.duplicate += report.rows.duplicate;
    rows.rejected += report.rows.rejected;
  }
  const truthCount = company.truth.length;
  if (rows.inserted !== truthCount) failures.push(`imported ${rows.inserted} transactions, the truth has ${truthCount}`);
  if (rows.duplicate !== company.overlapRows) failures.push(`skipped ${rows.duplicate} rows as duplicates, the files overlap by ${company.overlapRows}`);
  if (rows.rejected !== 0) {
    const first = observed.imports.flatMap((report) => report.rejections.map((r) => `${report.bankAccount} ${report.month} line ${r.line}: ${r.reason}`));
    failures.push(`rejected ${rows.rejected} rows, the truth has none (${describeKeys(first)})`);
  }
  if (observed.transactions.length !== rows.inserted) failures.push(`the books list ${observed.transactions.length} transactions, the imports inserted ${rows.inserted}`);

  // Each booked transaction is matched to one truth transaction with the same account, date, amount and words.
  const slugById = new Map(observed.bankAccounts.map((account) => [account.id, account.slug]));
  const matcher = truthMatcher(company, observed.bankAccounts);
  const truthOf = new Map<string, TruthTransaction>();
  const strangers: string[] = [];
  for (const booked of observed.transactions) {
    const match = matcher.truthOf(booked);
    if (match === undefined) strangers.push(keyOf(slugById.get(booked.bankAccountId) ?? booked.bankAccountId, booked));
    else truthOf.set(booked.id, match);
  }
  if (strangers.length > 0) failures.push(`${strangers.length} booked transactions are not in the truth: ${describeKeys(strangers)}`);
  const missing = matcher.unmatched();
  if (missing.length > 0) failures.push(`${missing.length} truth transactions are not in the books: ${describeKeys(missing)}`);

  // With a bookkeeper, the books end corrected: how the tiers did is how each month stood before she looked.
  const decidedBy: Record<Decider, number> = emptyTally();
  let correct = 0;
  let decided = 0;
  if (observed.bookkeeper) {
    for (const month of observed.months) {
      for (const decider of Object.keys(decidedBy) as Decider[]) decidedBy[decider] += month.decidedBy[decider];
      decided += month.decided;
      correct += month.correct;
    }
  } else {
    for (const booked of observed.transactions) {
      const decider = deciderOf(booked);
      decidedBy[decider] += 1;
      if (decider === "review") continue;
      const truth = truthOf.get(booked.id);
      if (truth === undefined) continue;
      decided += 1;
      if (booked.category?.accountCode === matcher.expectedCode(truth)) correct += 1;
    }
  }

  const transfers = transferPairs(observed.transactions, truthOf, failures);
  const truthPairs = new Set(company.truth.flatMap((t) => (t.transferPairId === null ? [] : [t.transferPairId])));
  const reviewByStatus = observed.transactions.filter((t) => t.status === "review").length;
  if (observed.reviewQueue !== reviewByStatus) failures.push(`the review filter lists ${observed.reviewQueue} transactions, ${reviewByStatus} are in review`);

  const reports = observed.reports;
  const trialBalance = { debitMinor: reports?.trialBalance.totals.debitMinor ?? 0, creditMinor: reports?.trialBalance.totals.creditMinor ?? 0, balanced: true };
  if (reports !== null) {
    const { trialBalance: tb, balanceSheet: bs, profitAndLoss: pl } = reports;
    trialBalance.balanced = tb.balanced && tb.totals.debitMinor === tb.totals.creditMinor;
    if (!trialBalance.balanced) failures.push(`the trial balance does not balance: debits ${tb.totals.debitMinor}, credits ${tb.totals.creditMinor}`);
    if (!bs.balanced || bs.totals.assetsMinor !== bs.totals.liabilitiesAndEquityMinor) {
      failures.push(`the balance sheet does not balance: assets ${bs.totals.assetsMinor}, liabilities and equity ${bs.totals.liabilitiesAndEquityMinor}`);
    }
    const earnings = bs.retainedEarningsMinor + bs.currentYearEarningsMinor;
    if (pl.netIncomeMinor !== earnings) failures.push(`net income over the whole period is ${pl.netIncomeMinor}, the balance sheet's earnings are ${earnings}`);
    // The books' side of each bank account must hold exactly what the bank says moved through it.
    const ledgerBalance = new Map(tb.accounts.map((row) => [row.code, row.debitMinor - row.creditMinor]));
    for (const account of observed.bankAccounts) {
      const bankSays = company.truth.filter((t) => t.bankAccount === account.slug).reduce((sum, t) => sum + t.amountMinor, 0);
      const booksSay = ledgerBalance.get(account.ledgerCode) ?? 0;
      if (booksSay !== bankSays) failures.push(`ledger account ${account.ledgerCode} (${account.slug}) holds ${booksSay}, the bank's transactions sum to ${bankSays}`);
    }
  } else if (truthCount > 0) {
    failures.push("the books hold no transactions, so there are no reports to check");
  }

  const latenciesMs = observed.imports.map((report) => report.latencyMs);
  const cases = receiptCases(company.receipts, observed.receipts, truthOf);
  return {
    metrics: {
      name: company.name,
      slug: company.slug,
      industry: company.industry,
      transactions: { truth: truthCount, imported: rows.inserted, duplicatesSkipped: rows.duplicate, rejected: rows.rejected },
      tiers: shares(decidedBy),
      accuracy: shareOf(correct, decided),
      automation: shareOf(total(decidedBy) - decidedBy.review, total(decidedBy)),
      bookkeeper: observed.bookkeeper,
      byMonth: observed.months.map(monthMetrics),
      fromMonth4: window(observed.months),
      work: workOf(observed.months),
      reliability: reliabilityOf(observed.months),
      llm: llmMetrics(observed.months, [observed.llmUsage], settlesOf(observed)),
      reviewQueue: observed.reviewQueue,
      transfers: { truth: truthPairs.size, ...transfers },
      receipts: receiptMetrics(cases),
      receiptCases: cases,
      training: trainingOf(observed, failures),
      trialBalance,
      latencyMs: { p50: roundTo(percentile(latenciesMs, 0.5), 1), p95: roundTo(percentile(latenciesMs, 0.95), 1) },
      imports: observed.imports.map((report) => ({ bankAccount: report.bankAccount, month: report.month, rows: report.rows.total, latencyMs: roundTo(report.latencyMs, 1) })),
      wallMs: Math.round(observed.wallMs),
      failures,
    },
    tally: { decidedBy, decided, correct, latenciesMs, months: observed.months, llmUsage: observed.llmUsage, settlesMs: settlesOf(observed) },
  };
}

export function totalsOf(companies: readonly { metrics: CompanyMetrics; tally: CompanyTally }[], wallMs: number): TotalsMetrics {
  const sum = (pick: (metrics: CompanyMetrics) => number): number => companies.reduce((total, { metrics }) => total + pick(metrics), 0);
  const decidedBy: Record<Decider, number> = emptyTally();
  let decided = 0;
  let correct = 0;
  for (const { tally } of companies) {
    for (const decider of Object.keys(decidedBy) as Decider[]) decidedBy[decider] += tally.decidedBy[decider];
    decided += tally.decided;
    correct += tally.correct;
  }
  const latenciesMs = companies.flatMap(({ tally }) => tally.latenciesMs);
  const later = companies.flatMap(({ tally }) => tally.months.slice(learnedFromMonth - 1));
  const months = sumByMonth(companies.map(({ tally }) => tally));
  return {
    transactions: {
      truth: sum((m) => m.transactions.truth),
      imported: sum((m) => m.transactions.imported),
      duplicatesSkipped: sum((m) => m.transactions.duplicatesSkipped),
      rejected: sum((m) => m.transactions.rejected),
    },
    tiers: shares(decidedBy),
    accuracy: shareOf(correct, decided),
    automation: shareOf(total(decidedBy) - decidedBy.review, total(decidedBy)),
    bookkeeper: companies.some(({ metrics }) => metrics.bookkeeper),
    byMonth: months.map(monthMetrics),
    fromMonth4: summed(later),
    work: workOf(companies.flatMap(({ tally }) => tally.months)),
    reliability: reliabilityOf(companies.flatMap(({ tally }) => tally.months)),
    llm: llmMetrics(
      companies.flatMap(({ tally }) => tally.months),
      companies.map(({ tally }) => tally.llmUsage),
      companies.flatMap(({ tally }) => tally.settlesMs),
    ),
    reviewQueue: sum((m) => m.reviewQueue),
    transfers: { truth: sum((m) => m.transfers.truth), found: sum((m) => m.transfers.found), correct: sum((m) => m.transfers.correct) },
    receipts: summedReceipts(companies.map(({ metrics }) => metrics.receipts)),
    training: summedTraining(companies.map(({ metrics }) => metrics.training)),
    trialBalance: {
      debitMinor: sum((m) => m.trialBalance.debitMinor),
      creditMinor: sum((m) => m.trialBalance.creditMinor),
      balanced: companies.every(({ metrics }) => metrics.trialBalance.balanced),
    },
    latencyMs: { p50: roundTo(percentile(latenciesMs, 0.5), 1), p95: roundTo(percentile(latenciesMs, 0.95), 1) },
    wallMs: Math.round(wallMs),
    failures: companies.flatMap(({ metrics }) => metrics.failures.map((failure) => `${metrics.name}: ${failure}`)),
  };
}
