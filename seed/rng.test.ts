import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apportion, createRng } from "./rng.ts";

const draw = (seed: number, ...labels: (string | number)[]): number[] => {
  const rng = createRng(seed, ...labels);
  return Array.from({ length: 8 }, () => rng.int(0, 1_000_000));
};

describe("createRng", () => {
  it("gives the same stream for the same seed and labels, and another for any change", () => {
    expect(draw(42, "company", 0)).toEqual(draw(42, "company", 0));
    expect(draw(42, "company", 0)).not.toEqual(draw(43, "company", 0));
    expect(draw(42, "company", 0)).not.toEqual(draw(42, "company", 1));
    // A label's type is part of its name: 1 and "1" are different streams.
    expect(draw(42, 1)).not.toEqual(draw(42, "1"));
  });

  it("forks streams that do not depend on how much the parent has drawn", () => {
    const a = createRng(7);
    const b = createRng(7);
    b.next();
    b.next();
    const forkA = a.fork("x");
    const forkB = b.fork("x");
    expect(Array.from({ length: 5 }, () => forkA.next())).toEqual(Array.from({ length: 5 }, () => forkB.next()));
  });

  it("keeps int() inside its bounds and reaches both ends", () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = rng.int(3, 7);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(7);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
  });

  it("picks by weight, roughly in proportion", () => {
    const rng = createRng(9);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted(["a", "b"] as const, (item) => (item === "a" ? 3 : 1))]++;
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
    expect(() => rng.weighted([1], () => 0)).toThrow(RangeError);
  });
});

describe("apportion", () => {
  it("splits a count exactly, each part within one of its share", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 24 }), (total, weights) => {
        const parts = apportion(total, weights);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        const sum = weights.reduce((s, w) => s + w, 0);
        parts.forEach((part, i) => expect(Math.abs(part - ((weights[i] ?? 0) / sum) * total)).toBeLessThan(1));
      }),
    );
  });
});
