/**
 * Categorization in tiers. The host assembles an ordered list of tiers (see
 * tiers.ts); each sees only what the tiers before it left undecided, in
 * bounded batches, under a deadline, with the company's context. A tier
 * answers each item with a suggestion or nothing. A suggestion at or above
 * the company's confidence threshold decides the item; every suggestion,
 * sure or not, is kept, so a reviewer sees the best one and the learning
 * loop sees them all. A tier that fails, answers late or answers nonsense
 * costs nothing but its own answers: its items pass on, never lost.
 */
import type { AccountSubtype, AccountType, BankAccountKind, Industry, TierSource } from "../shared/vocabulary.ts";
import type { Calibration, LabelStats } from "./learned.ts";
import type { Rule } from "./rules.ts";

/** What a tier may look at: the transaction as imported. */
export interface Categorizable {
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  description: string;
  vendor: string;
}

export interface ChartEntry {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  subtype: AccountSubtype;
}

/** What a suggestion rests on, as the tier states it: a rule id, a model and its version, a provider. Stored as JSON. */
export type Evidence = Readonly<Record<string, string | number>>;

/** A tier's answer for one item, in the chart's own words: an account code, as a person or a model would say it. */
export interface Suggestion {
  accountCode: string;
  source: TierSource;
  /** 0 to 1: about how often a suggestion this sure is right. A rule is certain. */
  confidence: number;
  /** One short sentence a bookkeeper can read: why this account. */
  reason: string;
  evidence: Evidence;
  /** A cleaner vendor name, when the tier has one (a rule's rename). */
  vendor?: string | undefined;
}

/** A suggestion the pipeline checked against the company's chart: it names an account a transaction may be posted to. */
export interface CheckedSuggestion extends Suggestion {
  accountId: string;
}

/** The company's own data, read when a tier asks and at most once per pipeline run. */
export interface CompanyHistory {
  /** Its rules, in the order they are tried. */
  rules(): Promise<readonly Rule[]>;
  /** What its labelled transactions say about these feature keys (see learned.ts), and the learned tier's calibration. */
  learned(keys: readonly string[]): Promise<{ stats: LabelStats; calibration: Calibration }>;
}

export interface CompanyContext {
  companyId: string;
  industry: Industry;
  chart: readonly ChartEntry[];
  /** The account the items were imported into. */
  bankAccount: { id: string; kind: BankAccountKind; ledgerAccountId: string };
  now: Date;
  history: CompanyHistory;
}

export interface TierRequest {
  items: readonly Categorizable[];
  context: CompanyContext;
  /** Aborts at the tier's deadline or when the caller gives up; a tier that calls out passes it on. */
  signal: AbortSignal;
}

export interface Tier {
  readonly source: TierSource;
  /** The most items one call is given. */
  readonly batchItemsMax: number;
  /** How long one call may take before its items pass on undecided. */
  readonly deadlineMs: number;
  /** One answer per item, in order; undefined passes the item on. */
  decide(request: TierRequest): Promise<readonly (Suggestion | undefined)[]>;
}

export interface Categorized {
  /** The suggestion that decides the item, or undefined: it waits for review. */
  decision: CheckedSuggestion | undefined;
  /** Every usable suggestion any tier made for the item, in tier order; the decision is among them. */
  suggestions: CheckedSuggestion[];
}

export interface PipelineOptions {
  /** A suggestion at or above this decides (the company's setting, 0.8 by default). */
  confidenceThreshold: number;
  /** The caller's own limit on the whole run, if any. */
  signal?: AbortSignal | undefined;
  /** Told of every batch a tier could not answer (failed, late, malformed); its items passed on. */
  onTierFailure?: (source: TierSource, error: unknown) => void;
}

/** The default confidence a suggestion needs to post. */
export const confidenceThresholdDefault = 0.8;

/**
 * Checks a tier's answer against the chart: the account it names, or why it
 * cannot be used. Answers are checked once per object, so a tier that hands
 * every item of one rule the same answer gets the same checked suggestion.
 */
function answerChecker(tier: Tier, context: CompanyContext): (answer: Suggestion) => CheckedSuggestion | string {
  const byCode = new Map(context.chart.map((account) => [account.code, account]));
  const checked = new WeakMap<Suggestion, CheckedSuggestion | string>();
  const check = (answer: Suggestion): CheckedSuggestion | string => {
    const account = byCode.get(answer.accountCode);
    if (account === undefined) return `account ${answer.accountCode} is not in the chart`;
    if (account.subtype === "suspense") return "the suspense account is where undecided items wait, not a decision";
    if (account.id === context.bankAccount.ledgerAccountId) return "an item cannot be posted against its own bank account";
    if (!(answer.confidence >= 0 && answer.confidence <= 1)) return `confidence ${answer.confidence} is not between 0 and 1`;
    if (answer.source !== tier.source) return `the ${tier.source} tier answered as ${answer.source}`;
    return { ...answer, accountId: account.id };
  };
  return (answer) => {
    let result = checked.get(answer);
    if (result === undefined) {
      result = check(answer);
      checked.set(answer, result);
    }
    return result;
  };
}

class TierDeadline extends Error {}

/** The tier's answers for one batch; throws when the tier fails, answers the wrong count, or misses its deadline. */
async function askTier(tier: Tier, items: readonly Categorizable[], context: CompanyContext, outer: AbortSignal | undefined): Promise<readonly (Suggestion | undefined)[]> {
  if (outer?.aborted === true) throw new TierDeadline(`the ${tier.source} tier was not asked: the caller stopped waiting`);
  const deadline = AbortSignal.timeout(tier.deadlineMs);
  const signal = outer === undefined ? deadline : AbortSignal.any([outer, deadline]);
  // A tier that ignores its signal is not waited for: the race ends at the deadline either way.
  let expire = (): void => undefined;
  const expired = new Promise<never>((_, reject) => {
    expire = () => {
      reject(new TierDeadline(`the ${tier.source} tier gave no answer within ${tier.deadlineMs} ms`));
    };
  });
  if (signal.aborted) expire();
  else signal.addEventListener("abort", expire, { once: true });
  try {
    const answers = await Promise.race([tier.decide({ items, context, signal }), expired]);
    if (answers.length !== items.length) throw new Error(`the ${tier.source} tier answered ${answers.length} items of ${items.length}`);
    return answers;
  } finally {
    signal.removeEventListener("abort", expire);
  }
}

export async function categorize(items: readonly Categorizable[], tiers: readonly Tier[], context: CompanyContext, options: PipelineOptions): Promise<Categorized[]> {
  const results: Categorized[] = items.map(() => ({ decision: undefined, suggestions: [] }));
  let pending = items.map((_, index) => index);
  for (const tier of tiers) {
    if (pending.length === 0) break;
    const checkAnswer = answerChecker(tier, context);
    const stillPending: number[] = [];
    for (let start = 0; start < pending.length; start += tier.batchItemsMax) {
      const batch = pending.slice(start, start + tier.batchItemsMax);
      let answers: readonly (Suggestion | undefined)[];
      try {
        answers = await askTier(tier, batch.map((index) => items[index] as Categorizable), context, options.signal);
      } catch (error) {
        options.onTierFailure?.(tier.source, error);
        stillPending.push(...batch);
        continue;
      }
      batch.forEach((itemIndex, answerIndex) => {
        const answer = answers[answerIndex];
        const checked = answer === undefined ? undefined : checkAnswer(answer);
        if (typeof checked === "string") options.onTierFailure?.(tier.source, new Error(checked));
        if (checked === undefined || typeof checked === "string") {
          stillPending.push(itemIndex);
          return;
        }
        const result = results[itemIndex] as Categorized;
        result.suggestions.push(checked);
        if (checked.confidence >= options.confidenceThreshold) result.decision = checked;
        else stillPending.push(itemIndex);
      });
    }
    pending = stillPending;
  }
  return results;
}

/** The suggestion a reviewer is shown first: the most confident, the earlier tier on a tie. */
export function bestSuggestion<Candidate extends { confidence: number }>(suggestions: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const suggestion of suggestions) if (best === undefined || suggestion.confidence > best.confidence) best = suggestion;
  return best;
}
