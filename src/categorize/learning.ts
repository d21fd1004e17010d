/**
 * How the learned tier's counts and calibration follow the books: what each
 * label adds or takes back. Automatic decisions count as labels until a
 * person changes them; a person's label replaces whatever was there. Pure:
 * the import and the corrections send these deltas in their own batches, so
 * the model is retrained incrementally, in step with the books.
 */
import type { DecisionSource } from "../shared/vocabulary.ts";
import { featuresOf } from "./features.ts";
import { labelIncrements } from "./learned.ts";

export type LabelWeight = "auto" | "person";

export interface CountDelta {
  feature: string;
  accountId: string;
  auto: number;
  person: number;
}

export interface CalibrationDelta {
  bin: string;
  suggested: number;
  right: number;
}

/**
 * What the tier learns from a decision: a tier's (and the transfer
 * matcher's: that a vendor is a transfer is worth knowing) is automatic, a
 * person's is a person's; suspense teaches nothing.
 */
export function labelWeightOf(source: DecisionSource | null): LabelWeight | undefined {
  switch (source) {
    case "rule":
    case "learned":
    case "llm":
    case "transfer":
      return "auto";
    case "manual":
      return "person";
    default:
      return undefined;
  }
}

export interface Labelled {
  bankAccountId: string;
  description: string;
  vendor: string;
  amountMinor: number;
}

/**
 * Sums the counts labels add (sign 1) or take back (sign -1), one delta per
 * feature and account: an import's thousand labels become a few hundred rows.
 */
export function countTally(): { add: (transaction: Labelled, accountId: string, weight: LabelWeight, sign: 1 | -1) => void; deltas: () => CountDelta[] } {
  const sums = new Map<string, CountDelta>();
  return {
    add(transaction, accountId, weight, sign) {
      for (const [feature, amount] of labelIncrements(featuresOf(transaction))) {
        const key = `${feature}\u0000${accountId}`;
        let sum = sums.get(key);
        if (sum === undefined) {
          sum = { feature, accountId, auto: 0, person: 0 };
          sums.set(key, sum);
        }
        sum[weight] += sign * amount;
      }
    },
    deltas: () => [...sums.values()].filter((delta) => delta.auto !== 0 || delta.person !== 0),
  };
}

export function mergeCalibrationDeltas(deltas: Iterable<CalibrationDelta>): CalibrationDelta[] {
  const merged = new Map<string, CalibrationDelta>();
  for (const delta of deltas) {
    const sum = merged.get(delta.bin);
    if (sum === undefined) merged.set(delta.bin, { ...delta });
    else {
      sum.suggested += delta.suggested;
      sum.right += delta.right;
    }
  }
  return [...merged.values()].filter((delta) => delta.suggested !== 0 || delta.right !== 0);
}

/** The learned tier's suggestion for a transaction, as stored: the account and the bin it was judged in. */
export interface LearnedSuggestion {
  accountId: string;
  bin: string;
}

/** A suggestion the learned tier posted by itself counts as right, until a person says otherwise. */
export const calibrationOnPosting = (suggestion: LearnedSuggestion): CalibrationDelta => ({ bin: suggestion.bin, suggested: 1, right: 1 });

/**
 * What a person's label says of the learned tier's suggestion for the same
 * transaction. Posted by the tier, it was counted right: a different account
 * takes that back. Left for review (or posted by another tier), it is judged
 * now. After a person's first label it has been judged already.
 */
export function calibrationOnLabel(previousSource: DecisionSource | null, suggestion: LearnedSuggestion | undefined, accountId: string): CalibrationDelta | undefined {
  if (suggestion === undefined || previousSource === "manual") return undefined;
  const right = suggestion.accountId === accountId;
  if (previousSource === "learned") return right ? undefined : { bin: suggestion.bin, suggested: 0, right: -1 };
  return { bin: suggestion.bin, suggested: 1, right: right ? 1 : 0 };
}
