/**
 * Categorization in tiers. Each tier sees only what the tiers before it left
 * undecided, and answers with a decision or nothing; whatever no tier decides
 * with enough confidence goes to the suspense account for a person to review.
 * The rules tier comes first; the learned and LLM tiers plug in behind it
 * with this same interface.
 */

export type TierSource = "rule" | "learned" | "llm";

/** What a tier may look at: the transaction as imported. */
export interface Categorizable {
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  description: string;
  vendor: string;
}

export interface Decision {
  accountId: string;
  source: TierSource;
  /** 0 to 1. A rule is certain; a model says how sure it is. */
  confidence: number;
  /** One short sentence a bookkeeper can read: why this account. */
  reason: string;
  ruleId: string | null;
  /** A cleaner vendor name, when the tier has one (a rule's rename). */
  vendor?: string | undefined;
}

export interface Tier {
  readonly source: TierSource;
  /** One answer per item, in order; undefined passes the item on. Async: later tiers call models. */
  decide(items: readonly Categorizable[]): Promise<(Decision | undefined)[]>;
}

/** Below this, a decision is a suggestion: the transaction still goes to review. */
export const confidenceToPostMin = 0.8;

/**
 * Runs the tiers in order over what is still undecided. Returns one entry per
 * item: the accepted decision, or undefined for review.
 */
export async function categorize(items: readonly Categorizable[], tiers: readonly Tier[]): Promise<(Decision | undefined)[]> {
  const decided: (Decision | undefined)[] = items.map(() => undefined);
  let pending = items.map((_, index) => index);
  for (const tier of tiers) {
    if (pending.length === 0) break;
    const answers = await tier.decide(pending.map((index) => items[index] as Categorizable));
    const stillPending: number[] = [];
    pending.forEach((itemIndex, answerIndex) => {
      const answer = answers[answerIndex];
      if (answer !== undefined && answer.confidence >= confidenceToPostMin) decided[itemIndex] = answer;
      else stillPending.push(itemIndex);
    });
    pending = stillPending;
  }
  return decided;
}
