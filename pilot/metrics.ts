/**
 * Judges what the pilot saw against the truth the files were made from: how
 * much each tier decided and how often it was right, what went to review,
 * which transfers were found, and whether the books keep their invariants.
 * Pure: observations and truth in, metrics and failures out.
 */
import type { PilotCompany, TruthTransaction } from "./company.ts";
import type { BookedTransaction, CompanyObservation } from "./book.ts";

/** Who decided a transaction: the tiers, the transfer pairing, or nobody yet (review). */
export interface TierShares {
  rule: number;
  learned: number;
  llm: number;
  review: number;
  /** Both sides of a transfer between the company's own accounts, decided by pairing rather than a tier. */
  transfer: number;
}

export interface CompanyMetrics {
  name: string;
  slug: string;
  industry: string;
  transactions: { truth: number; imported: number; duplicatesSkipped: number; rejected: number };
  /** Shares of the imported transactions, 0 to 1, to four places: they sum to 1 give or take that rounding. */
  tiers: TierShares;
  /** Of the decided transactions (not in review), the share posted to the truth's account; null when none were decided. */
  accuracy: number | null;
  reviewQueue: number;
  transfers: { truth: number; found: number; correct: number };
  trialBalance: { debitMinor: number; creditMinor: number; balanced: boolean };
  latencyMs: { p50: number; p95: number };
  wallMs: number;
  /** Every invariant the books broke or count that disagreed with the truth; empty when all held. */
  failures: string[];
}

export type TotalsMetrics = Omit<CompanyMetrics, "name" | "slug" | "industry">;

/**
 * What the totals row is made of: counts, not shares, so that the totals
 * weigh each company by its size.
 */
export interface CompanyTally {
  decidedBy: Record<keyof TierShares, number>;
  decided: number;
  correct: number;
  latenciesMs: number[];
}

type Decider = keyof TierShares;

function deciderOf(transaction: BookedTransaction): Decider {
  if (transaction.status === "review") return "review";
  switch (transaction.category?.source) {
    case "rule":
      return "rule";
    case "learned":
      return "learned";
    case "llm":
      return "llm";
    case "transfer":
      return "transfer";
    default:
      // `none` is always in review; `manual` needs a person's correction, which the pilot never makes.
      return "review";
  }
}

const truthKey = (bankAccount: string, postedOn: string, amountMinor: number, description: string): string => `${bankAccount}|${postedOn}|${amountMinor}|${description}`;

/** Nearest rank: the smallest observed value with at least p of them at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? 0;
}

const roundTo = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places;

function shares(counts: Record<Decider, number>): TierShares {
  const total = counts.rule + counts.learned + counts.llm + counts.review + counts.transfer;
  const share = (count: number): number => (total === 0 ? 0 : roundTo(count / total, 4));
  return { rule: share(counts.rule), learned: share(counts.learned), llm: share(counts.llm), review: share(counts.review), transfer: share(counts.transfer) };
}

/**
 * The account each truth transaction should land on, in these books: a
 * transfer's side goes to the other side's bank account, whose ledger code
 * the books chose when the bank account was created.
 */
function expectedCodes(truth: readonly TruthTransaction[], ledgerCodeBySlug: ReadonlyMap<string, string>): Map<TruthTransaction, string> {
  const sidesByPair = new Map<string, TruthTransaction[]>();
  for (const t of truth) if (t.transferPairId !== null) sidesByPair.set(t.transferPairId, [...(sidesByPair.get(t.transferPairId) ?? []), t]);
  const expected = new Map<TruthTransaction, string>();
  for (const t of truth) {
    const other = t.transferPairId === null ? undefined : sidesByPair.get(t.transferPairId)?.find((side) => side !== t);
    expected.set(t, (other && ledgerCodeBySlug.get(other.bankAccount)) ?? t.accountCode);
  }
  return expected;
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
  const ledgerCodeBySlug = new Map(observed.bankAccounts.map((account) => [account.slug, account.ledgerCode]));
  const expected = expectedCodes(company.truth, ledgerCodeBySlug);
  const unmatched = new Map<string, TruthTransaction[]>();
  for (const t of company.truth) {
    const key = truthKey(t.bankAccount, t.postedOn, t.amountMinor, t.description);
    unmatched.set(key, [...(unmatched.get(key) ?? []), t]);
  }
  const truthOf = new Map<string, TruthTransaction>();
  const strangers: string[] = [];
  for (const booked of observed.transactions) {
    const key = truthKey(slugById.get(booked.bankAccountId) ?? booked.bankAccountId, booked.postedOn, booked.amountMinor, booked.description);
    const match = unmatched.get(key)?.pop();
    if (match === undefined) strangers.push(key);
    else truthOf.set(booked.id, match);
  }
  if (strangers.length > 0) failures.push(`${strangers.length} booked transactions are not in the truth: ${describeKeys(strangers)}`);
  const missing = [...unmatched.entries()].flatMap(([key, left]) => left.map(() => key));
  if (missing.length > 0) failures.push(`${missing.length} truth transactions are not in the books: ${describeKeys(missing)}`);

  const decidedBy: Record<Decider, number> = { rule: 0, learned: 0, llm: 0, review: 0, transfer: 0 };
  let correct = 0;
  let decided = 0;
  for (const booked of observed.transactions) {
    const decider = deciderOf(booked);
    decidedBy[decider] += 1;
    if (decider === "review") continue;
    const truth = truthOf.get(booked.id);
    if (truth === undefined) continue;
    decided += 1;
    if (booked.category?.accountCode === expected.get(truth)) correct += 1;
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
  return {
    metrics: {
      name: company.name,
      slug: company.slug,
      industry: company.industry,
      transactions: { truth: truthCount, imported: rows.inserted, duplicatesSkipped: rows.duplicate, rejected: rows.rejected },
      tiers: shares(decidedBy),
      accuracy: decided === 0 ? null : roundTo(correct / decided, 4),
      reviewQueue: observed.reviewQueue,
      transfers: { truth: truthPairs.size, ...transfers },
      trialBalance,
      latencyMs: { p50: roundTo(percentile(latenciesMs, 0.5), 1), p95: roundTo(percentile(latenciesMs, 0.95), 1) },
      wallMs: Math.round(observed.wallMs),
      failures,
    },
    tally: { decidedBy, decided, correct, latenciesMs },
  };
}

export function totalsOf(companies: readonly { metrics: CompanyMetrics; tally: CompanyTally }[], wallMs: number): TotalsMetrics {
  const sum = (pick: (metrics: CompanyMetrics) => number): number => companies.reduce((total, { metrics }) => total + pick(metrics), 0);
  const decidedBy: Record<Decider, number> = { rule: 0, learned: 0, llm: 0, review: 0, transfer: 0 };
  let decided = 0;
  let correct = 0;
  for (const { tally } of companies) {
    for (const decider of Object.keys(decidedBy) as Decider[]) decidedBy[decider] += tally.decidedBy[decider];
    decided += tally.decided;
    correct += tally.correct;
  }
  const latenciesMs = companies.flatMap(({ tally }) => tally.latenciesMs);
  return {
    transactions: {
      truth: sum((m) => m.transactions.truth),
      imported: sum((m) => m.transactions.imported),
      duplicatesSkipped: sum((m) => m.transactions.duplicatesSkipped),
      rejected: sum((m) => m.transactions.rejected),
    },
    tiers: shares(decidedBy),
    accuracy: decided === 0 ? null : roundTo(correct / decided, 4),
    reviewQueue: sum((m) => m.reviewQueue),
    transfers: { truth: sum((m) => m.transfers.truth), found: sum((m) => m.transfers.found), correct: sum((m) => m.transfers.correct) },
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
