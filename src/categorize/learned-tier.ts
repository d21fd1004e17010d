/**
 * The second tier: what the company's own labelled transactions say (see
 * learned.ts for the model). It answers in every case it has evidence for,
 * with a calibrated confidence; the pipeline posts what reaches the
 * company's threshold and keeps the rest as suggestions for review.
 */
import { featuresOf } from "./features.ts";
import { keysToRead, learnedModelVersion, predict, type Basis, type Prediction } from "./learned.ts";
import type { ChartEntry, Suggestion, Tier } from "./pipeline.ts";

/** A bank or card account: a transaction the company's history puts there is one side of a transfer, which pairing posts. */
const isTransferAccount = (account: ChartEntry): boolean => account.subtype === "bank" || account.subtype === "credit_card";

/** "3 of 5 earlier labels for Gusto point", "the 2 earlier labels for Gusto point", "the earlier label for Gusto points". */
function labelsPoint(prediction: Prediction, vendor: string): string {
  const support = Math.round(prediction.support);
  const seen = Math.round(prediction.seen);
  if (support === seen) return seen === 1 ? `the earlier label for ${vendor} points` : `the ${seen} earlier labels for ${vendor} point`;
  return `${support} of ${seen} earlier labels for ${vendor} point`;
}

function reasonFor(prediction: Prediction, account: ChartEntry, vendor: string): string {
  const where = `${account.code} ${account.name}`;
  const why: Record<Basis, string> = {
    vendor: `${labelsPoint(prediction, vendor)} to ${where}, though never at about this amount`,
    vendor_amount: `at about this amount, ${labelsPoint(prediction, vendor)} to ${where}`,
    words: `its words are most like the company's transactions in ${where}`,
  };
  return `${why[prediction.basis]} (${Math.round(prediction.confidence * 100)}% sure)`;
}

export const learnedTier: Tier = {
  name: "learned",
  source: "learned",
  batchItemsMax: 5_000,
  deadlineMs: 10_000,
  async decide({ items, context }) {
    const features = items.map(featuresOf);
    const { stats, calibration } = await context.history.learned([...new Set(features.flatMap(keysToRead))]);
    const accounts = new Map(context.chart.filter((account) => account.subtype !== "suspense").map((account) => [account.id, account]));
    const allowed = (accountId: string): boolean => accounts.has(accountId);
    return features.map((itemFeatures, index): Suggestion | undefined => {
      const prediction = predict(itemFeatures, stats, calibration, { allowed });
      const account = prediction === undefined ? undefined : accounts.get(prediction.accountId);
      // What looks like one side of a transfer waits for its other side: the pairing posts it, not a guess.
      if (prediction === undefined || account === undefined || isTransferAccount(account)) return undefined;
      return {
        accountCode: account.code,
        source: "learned",
        // Four places are plenty for a confidence, and read better than a double's seventeen.
        confidence: Math.round(prediction.confidence * 10_000) / 10_000,
        reason: reasonFor(prediction, account, items[index]?.vendor ?? "this vendor"),
        evidence: { model: learnedModelVersion, basis: prediction.basis, bin: prediction.bin, probability: Math.round(prediction.probability * 1000) / 1000, support: prediction.support, seen: prediction.seen },
      };
    });
  },
};
