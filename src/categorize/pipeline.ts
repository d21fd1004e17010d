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
import { z } from "zod";
import { tierSources, type AccountSubtype, type AccountType, type BankAccountKind, type Evidence, type Industry, type TierSource } from "../shared/vocabulary.ts";
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
  /** For each vendor (as transactions name it), the accounts its latest placed transactions went to, newest first. */
  recentAccounts(vendors: readonly string[], perVendor: number): Promise<ReadonlyMap<string, readonly string[]>>;
}

export interface CompanyContext {
  companyId: string;
  industry: Industry;
  /** The books' currency: amounts are its minor units. */
  currency: string;
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
  /** Which tier this is, in logs and in the evidence of what it suggests ("rules", "learned-vendor", "llm-openai"). */
  readonly name: string;
  /** What kind of decider it is, the closed set the books and the metrics know: rule, learned or llm. */
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
  /** The caller's own limit on the whole run, if any (the request's, when its client goes away). */
  signal?: AbortSignal | undefined;
  /**
   * Told of what a tier could not do: a whole batch ("batch": it failed, was
   * late, answered the wrong count) or one answer ("answer": unreadable, or
   * naming an account it may not). Its items passed on either way.
   */
  onTierFailure?: (tier: string, kind: "batch" | "answer", error: unknown) => void;
}

/** The default confidence a suggestion needs to post. */
export const confidenceThresholdDefault = 0.8;

/** The longest reason kept: a sentence for a bookkeeper, not a model's essay. */
export const reasonLengthMax = 500;

/**
 * What a tier's answer must look like, whatever the tier (an LLM's answer is
 * whatever a model produced): flat evidence of a few short values, a reason
 * that is a sentence.
 */
const answerSchema = z.object({
  accountCode: z.string().min(1).max(20),
  source: z.enum(tierSources),
  confidence: z.number().min(0).max(1),
  reason: z.string().trim().min(1).transform((reason) => (reason.length > reasonLengthMax ? `${reason.slice(0, reasonLengthMax - 1)}…` : reason)),
  evidence: z
    .record(z.string().min(1).max(40), z.union([z.string().max(200), z.number()]))
    .refine((evidence) => Object.keys(evidence).length <= 20, "at most 20 pieces of evidence"),
  vendor: z.string().trim().min(1).max(200).optional(),
});

/** A bank or card account: an item posted there is one side of a transfer, which pairing posts, never a guess. */
const isTransferAccount = (account: ChartEntry): boolean => account.subtype === "bank" || account.subtype === "credit_card";

/**
 * Checks a tier's answer: its shape, then the chart. Returns the suggestion
 * as checked, or why it cannot be used. Answers are checked once per object,
 * so a tier that hands every item of one rule the same answer gets the same
 * checked suggestion.
 */
function answerChecker(tier: Tier, context: CompanyContext): (answer: unknown) => CheckedSuggestion | string {
  const byCode = new Map(context.chart.map((account) => [account.code, account]));
  const checked = new WeakMap<object, CheckedSuggestion | string>();
  const check = (raw: unknown): CheckedSuggestion | string => {
    const parsed = answerSchema.safeParse(raw);
    if (!parsed.success) return `the ${tier.name} tier's answer is not a suggestion (${parsed.error.issues.map((issue) => `${issue.path.join(".") || "the answer"}: ${issue.message}`).join("; ")})`;
    const answer = parsed.data;
    const account = byCode.get(answer.accountCode);
    if (account === undefined) return `account ${answer.accountCode} is not in the chart`;
    if (account.subtype === "suspense") return "the suspense account is where undecided items wait, not a decision";
    if (account.id === context.bankAccount.ledgerAccountId) return "an item cannot be posted against its own bank account";
    if (answer.source !== tier.source) return `the ${tier.name} tier is a ${tier.source} tier but answered as ${answer.source}`;
    // A person's rule may post to another of the company's accounts; a tier's guess may not, or a transfer would count twice.
    if (tier.source !== "rule" && isTransferAccount(account)) return `${account.code} is a bank or card account: one side of a transfer is posted by pairing with its other side`;
    return { ...answer, evidence: { ...answer.evidence, tier: tier.name }, accountId: account.id };
  };
  return (answer) => {
    if (typeof answer !== "object" || answer === null) return check(answer);
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
async function askTier(tier: Tier, items: readonly Categorizable[], context: CompanyContext, outer: AbortSignal | undefined): Promise<readonly unknown[]> {
  if (outer?.aborted === true) throw new TierDeadline(`the ${tier.name} tier was not asked: the caller stopped waiting`);
  const deadline = AbortSignal.timeout(tier.deadlineMs);
  const signal = outer === undefined ? deadline : AbortSignal.any([outer, deadline]);
  // A tier that ignores its signal is not waited for: the race ends at the deadline either way.
  let expire = (): void => undefined;
  const expired = new Promise<never>((_, reject) => {
    expire = () => {
      reject(new TierDeadline(`the ${tier.name} tier gave no answer within ${tier.deadlineMs} ms`));
    };
  });
  if (signal.aborted) expire();
  else signal.addEventListener("abort", expire, { once: true });
  try {
    // What came back is whatever the tier produced: checked here for its count, and answer by answer later.
    const answers: unknown = await Promise.race([tier.decide({ items, context, signal }), expired]);
    if (!Array.isArray(answers) || answers.length !== items.length) throw new Error(`the ${tier.name} tier answered ${Array.isArray(answers) ? answers.length : "no list of"} items of ${items.length}`);
    return answers as unknown[];
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
    // A tier that missed its deadline once is not asked again in this run: its other batches would only wait as long.
    let late = false;
    for (let start = 0; start < pending.length; start += tier.batchItemsMax) {
      const batch = pending.slice(start, start + tier.batchItemsMax);
      let answers: readonly unknown[];
      try {
        if (late) throw new TierDeadline(`the ${tier.name} tier was not asked again after missing its deadline`);
        answers = await askTier(tier, batch.map((index) => items[index] as Categorizable), context, options.signal);
      } catch (error) {
        late ||= error instanceof TierDeadline;
        options.onTierFailure?.(tier.name, "batch", error);
        stillPending.push(...batch);
        continue;
      }
      batch.forEach((itemIndex, answerIndex) => {
        const answer = answers[answerIndex];
        const checked = answer === undefined ? undefined : checkAnswer(answer);
        if (typeof checked === "string") options.onTierFailure?.(tier.name, "answer", new Error(checked));
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

/** The suggestion a reviewer is shown first: the most confident; on a tie, the tier that runs first (rule, learned, llm). */
export function bestSuggestion<Candidate extends { confidence: number; source: TierSource }>(suggestions: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const suggestion of suggestions) {
    const better = best === undefined || suggestion.confidence > best.confidence || (suggestion.confidence === best.confidence && tierSources.indexOf(suggestion.source) < tierSources.indexOf(best.source));
    if (better) best = suggestion;
  }
  return best;
}
