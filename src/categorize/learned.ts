/**
 * The learned tier's model: what a company's own labelled transactions say
 * about a new one. Pure: label counts and calibration in, a prediction out.
 *
 * - **Vendor memory first.** The accounts this vendor's transactions went to,
 *   in this direction, counted (a person's label weighs twice an automatic
 *   one: it is known to be right), then those at about this amount, since
 *   one vendor can split between accounts by amount.
 * - **Words for the rest.** A multinomial naive Bayes over the description's
 *   words (as smart_importer's linear model reads narrations) gives the prior
 *   that vendor memory sharpens, and the whole answer for a vendor never seen.
 * - **Calibrated.** The model's probability is binned with the kind of
 *   evidence behind it, and the company's own outcomes in that bin (was the
 *   suggestion right, when a person looked or when it posted and stayed) pull
 *   it towards what actually happens: a suggestion at 0.9 is right about nine
 *   times in ten for this company, not in general.
 */
import type { Direction, Features } from "./features.ts";

/** Labels counted for one feature and account. */
export interface LabelCount {
  /** Posted by a tier and not corrected (yet). */
  auto: number;
  /** Set by a person: a correction or an accepted suggestion. */
  person: number;
}

/** Per feature key, per account id. Only the features asked for need be present. */
export type LabelStats = ReadonlyMap<string, ReadonlyMap<string, LabelCount>>;

/** Per calibration bin, how often suggestions in it turned out right. */
export type Calibration = ReadonlyMap<string, { suggested: number; right: number }>;

export type Basis = "vendor" | "vendor_amount" | "words";

export interface Prediction {
  accountId: string;
  /** What the counts alone say. */
  probability: number;
  /** The probability corrected by the company's outcomes in its bin: what the tier reports. */
  confidence: number;
  basis: Basis;
  /** The bin this prediction is judged in, kept with the suggestion so its outcome can be counted. */
  bin: string;
  /** How many of the vendor's labelled transactions (at about this amount, for that basis) went to the account; for words, 0. */
  support: number;
  /** How many of them there are in all, whatever account they went to (for words: the company's, in this direction). */
  seen: number;
}

/** What changes the model's answers: bump it when features or weights change, so stored counts are rebuilt. */
export const learnedModelVersion = "learned-5";

const personWeight = 2;
/** Pseudo-counts of the prior each level hands the next: small, so a company's own labels dominate quickly. */
const priorStrength = 1;
/** The words a small business's descriptions use, for naive Bayes' smoothing. */
const vocabularySize = 2000;
/** Outcomes a bin needs before they count as much as the model's own probability. */
const calibrationPriorWeight = 5;

const weightOf = (count: LabelCount): number => count.auto + personWeight * count.person;

type Distribution = Map<string, number>;

interface Weights {
  byAccount: Distribution;
  total: number;
  /** Labels, not weights: how many transactions, per account and in all. */
  labelsByAccount: Distribution;
  labels: number;
}

/** The weighted counts for one feature, by account, with their total and the number of labels behind them. */
function weights(stats: LabelStats, key: string, allowed: (accountId: string) => boolean): Weights {
  const byAccount: Distribution = new Map();
  const labelsByAccount: Distribution = new Map();
  let total = 0;
  let labels = 0;
  for (const [accountId, count] of stats.get(key) ?? []) {
    if (!allowed(accountId)) continue;
    const weight = weightOf(count);
    if (weight <= 0) continue;
    byAccount.set(accountId, weight);
    labelsByAccount.set(accountId, count.auto + count.person);
    total += weight;
    labels += count.auto + count.person;
  }
  return { byAccount, total, labelsByAccount, labels };
}

/**
 * Naive Bayes over the words, normalized; empty when the company has no
 * labels in this direction. The prior is how often each account is used
 * through this bank account, sharpened over how often it is used at all.
 */
function wordDistribution(features: Features, stats: LabelStats, allowed: (accountId: string) => boolean): Distribution {
  const classes = weights(stats, classKey(features.direction), allowed);
  if (classes.total <= 0) return new Map();
  const overall: Distribution = new Map([...classes.byAccount].map(([accountId, weight]) => [accountId, weight / classes.total]));
  const prior = posterior(weights(stats, features.bankAccount, allowed), overall);
  const totals = weights(stats, wordTotalKey(features.direction), allowed);
  const logScores = new Map<string, number>();
  for (const accountId of classes.byAccount.keys()) {
    let score = Math.log(prior.get(accountId) ?? 0);
    const wordsOfClass = totals.byAccount.get(accountId) ?? 0;
    for (const word of features.words) {
      const count = stats.get(word)?.get(accountId);
      score += Math.log(((count === undefined ? 0 : weightOf(count)) + 1) / (wordsOfClass + vocabularySize));
    }
    logScores.set(accountId, score);
  }
  return softmax(logScores);
}

function softmax(logScores: ReadonlyMap<string, number>): Distribution {
  const top = Math.max(...logScores.values());
  const exp = new Map([...logScores].map(([accountId, score]) => [accountId, Math.exp(score - top)]));
  const sum = [...exp.values()].reduce((total, value) => total + value, 0);
  return new Map([...exp].map(([accountId, value]) => [accountId, value / sum]));
}

/** Counts sharpened over a prior: (count + strength × prior) / (total + strength), for every account either knows. */
function posterior(counts: { byAccount: Distribution; total: number }, prior: Distribution): Distribution {
  const accounts = new Set([...counts.byAccount.keys(), ...prior.keys()]);
  const uniform = accounts.size === 0 ? 0 : 1 / accounts.size;
  const result: Distribution = new Map();
  for (const accountId of accounts) {
    const priorShare = prior.size === 0 ? uniform : (prior.get(accountId) ?? 0);
    result.set(accountId, ((counts.byAccount.get(accountId) ?? 0) + priorStrength * priorShare) / (counts.total + priorStrength));
  }
  return result;
}

function best(distribution: Distribution): [string, number] | undefined {
  let top: [string, number] | undefined;
  for (const entry of distribution) if (top === undefined || entry[1] > top[1]) top = entry;
  return top;
}

/**
 * The bin a probability is judged in: its kind of evidence and its tenth.
 * Word-model answers are few and weak, so they share two bins (sure, or not),
 * which fill with outcomes fast enough to say what they are worth.
 */
export function binOf(basis: Basis, probability: number): string {
  if (basis === "words") return `${basis}|${probability >= 0.8 ? "high" : "low"}`;
  return `${basis}|${Math.min(9, Math.floor(probability * 10))}`;
}

/**
 * What a probability is worth before the company's outcomes say: vendor
 * memory is what bookkeepers have always relied on, so its counts are taken
 * at their word; a word model is not trusted at all (a coin toss) until the
 * company's own outcomes show it right, since naive Bayes is famously sure of
 * itself.
 */
const startingBelief = (basis: Basis, probability: number): number => (basis === "words" ? 0.5 : probability);

/** The probability pulled towards what the company's outcomes in its bin say. */
export function calibrated(probability: number, basis: Basis, calibration: Calibration): number {
  const belief = startingBelief(basis, probability);
  const outcomes = calibration.get(binOf(basis, probability));
  if (outcomes === undefined || outcomes.suggested <= 0) return belief;
  const right = Math.min(Math.max(outcomes.right, 0), outcomes.suggested);
  return (right + calibrationPriorWeight * belief) / (outcomes.suggested + calibrationPriorWeight);
}

export interface PredictOptions {
  /** Accounts the model weighs: every one labels can name but suspense. */
  allowed: (accountId: string) => boolean;
}

export function predict(features: Features, stats: LabelStats, calibration: Calibration, options: PredictOptions): Prediction | undefined {
  const words = wordDistribution(features, stats, options.allowed);
  const vendor = weights(stats, features.vendor, options.allowed);
  let distribution = words;
  let basis: Basis = "words";
  let evidence: Weights | undefined;
  if (vendor.total > 0) {
    distribution = posterior(vendor, words);
    basis = "vendor";
    evidence = vendor;
    // The vendor's labels at about this amount sharpen it further: one vendor can split by amount (a
    // settlement and a small refund, supplies and equipment). Where this amount is new for the vendor,
    // the answer stands on the vendor alone, and is judged in a bin of its own.
    const band = weights(stats, features.vendorBand, options.allowed);
    if (band.total > 0) {
      distribution = posterior(band, distribution);
      basis = "vendor_amount";
      evidence = band;
    }
  }
  const top = best(distribution);
  if (top === undefined) return undefined;
  const [accountId, probability] = top;
  const bin = binOf(basis, probability);
  const seen = evidence?.labels ?? weights(stats, classKey(features.direction), options.allowed).labels;
  const support = evidence?.labelsByAccount.get(accountId) ?? 0;
  return { accountId, probability, confidence: calibrated(probability, basis, calibration), basis, bin, support, seen };
}

/** The key every labelled transaction of a direction counts under: how often each account is used at all. */
export const classKey = (direction: Direction): string => `c|${direction}`;

/** Where the number of word features each account's labels carried is counted: naive Bayes' denominators. */
export const wordTotalKey = (direction: Direction): string => `n|${direction}`;

/** The counts one labelled transaction adds (or, with sign -1, takes back): every feature key with its weight. */
export function labelIncrements(features: Features): [key: string, amount: number][] {
  return [
    [features.vendor, 1],
    [features.vendorBand, 1],
    [features.bankAccount, 1],
    [classKey(features.direction), 1],
    [wordTotalKey(features.direction), features.words.length],
    ...features.words.map((word): [string, number] => [word, 1]),
  ];
}

/** Every key a prediction for these features reads. */
export const keysToRead = (features: Features): string[] => [...features.all, classKey(features.direction), wordTotalKey(features.direction)];
