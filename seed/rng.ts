/**
 * The generator's only source of randomness. Everything in seed/ draws from
 * an Rng handed to it, and every Rng descends from the user's seed through
 * named forks, so a company's data depends on (seed, its own labels, the
 * period) alone: adding a sixth company does not reshuffle the first five.
 *
 * The stream is seedrandom's Tyche-i (Neves and Araujo's generator, which
 * passes BigCrush): 32-bit integer arithmetic only, so it gives the same
 * stream on every JavaScript engine, which Math.random and
 * transcendental-based distributions cannot promise; and seeding it is
 * cheap, which matters because a run makes a stream for every receipt.
 */
import seedrandom from "seedrandom";

export interface Rng {
  /** A uniform float in [0, 1), with 32 bits of resolution. */
  next(): number;
  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight; weights need not sum to one. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T;
  /** A new, independent stream named by the labels. */
  fork(...labels: readonly (string | number)[]): Rng;
}

function fnv1a(hash: number, text: string): number {
  let result = hash;
  for (let i = 0; i < text.length; i++) result = Math.imul(result ^ text.charCodeAt(i), 0x01000193);
  return result;
}

/** Folds labels into a 32-bit seed (FNV-1a over the labels' text, then a final avalanche). */
export function hashLabels(seed: number, labels: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ seed;
  // Each label's text is `${typeof label}:${label}|`, hashed piece by piece: a receipt's text makes a
  // new stream, so this runs for every receipt, and need not build the string.
  for (const label of labels) {
    hash = fnv1a(hash, typeof label);
    hash = fnv1a(hash, ":");
    hash = fnv1a(hash, String(label));
    hash = fnv1a(hash, "|");
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A named stream of seedrandom's Tyche-i and the draws made from it. */
class SeededStream implements Rng {
  private readonly source: seedrandom.PRNG;
  private readonly root: number;

  constructor(root: number) {
    this.root = root;
    this.source = seedrandom.tychei(String(root));
  }

  next(): number {
    return this.source();
  }

  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}) needs two safe integers with min <= max`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError("pick() from an empty list");
    return item;
  }

  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const item of items) total += weightOf(item);
    if (!(total > 0)) throw new RangeError("weighted() needs a positive total weight");
    let target = this.next() * total;
    for (const item of items) {
      target -= weightOf(item);
      if (target < 0) return item;
    }
    // Rounding can leave target a hair above zero after the last item.
    return items[items.length - 1] as T;
  }

  fork(...labels: readonly (string | number)[]): Rng {
    return createRng(this.root, ...labels);
  }
}

export function createRng(seed: number, ...labels: readonly (string | number)[]): Rng {
  return new SeededStream(hashLabels(seed >>> 0, labels));
}

/**
 * Splits a whole number into parts proportional to weights, exactly
 * (largest remainder), so that scheduled volumes add up to their target.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`apportion(${total}) needs a count`);
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0 || !(sum > 0)) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((x, y) => y.remainder - x.remainder || x.index - y.index);
  for (const { index } of byRemainder) {
    if (left === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    left--;
  }
  return parts;
}
