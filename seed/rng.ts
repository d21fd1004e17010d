/**
 * The generator's only source of randomness. Everything in seed/ draws from
 * an Rng handed to it, and every Rng descends from the user's seed through
 * named forks, so a company's data depends on (seed, its own labels, the
 * period) alone: adding a sixth company does not reshuffle the first five.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) passes
 * PractRand, needs only 32-bit integer arithmetic, and gives the same stream
 * on every JavaScript engine, which Math.random and transcendental-based
 * distributions cannot promise.
 */

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

/**
 * sfc32's state and the draws made from it. A class, not closures: a
 * million-row run makes a stream for every receipt's text, and an instance
 * is four numbers where a set of closures was six functions and a context.
 */
class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private readonly root: number;

  constructor(root: number) {
    this.root = root;
    this.a = root;
    this.b = hashLabels(root, ["b"]);
    this.c = hashLabels(root, ["c"]);
    // The first outputs of a fresh sfc32 still echo its seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  next(): number {
    return this.nextUint32() / 4294967296;
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

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
}

export function createRng(seed: number, ...labels: readonly (string | number)[]): Rng {
  return new Sfc32(hashLabels(seed >>> 0, labels));
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
