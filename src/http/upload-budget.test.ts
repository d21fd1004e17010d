import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UploadBudget } from "./upload-budget.ts";

describe("the upload budget", () => {
  it("holds what fits, refuses what does not, and takes back each release once", () => {
    const budget = new UploadBudget(100);
    const first = budget.take(60);
    expect(first).toBeDefined();
    expect(budget.take(50)).toBeUndefined();
    const second = budget.take(40);
    expect(budget.held).toBe(100);
    first?.();
    first?.();
    expect(budget.held).toBe(40);
    second?.();
    expect(budget.held).toBe(0);
  });

  it("always lets one upload through, even one larger than the bound", () => {
    const budget = new UploadBudget(10);
    const release = budget.take(25);
    expect(release).toBeDefined();
    expect(budget.take(1)).toBeUndefined();
    release?.();
    expect(budget.take(1)).toBeDefined();
  });

  it("never holds more than its bound beside a lone oversized upload, and ends at zero", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.boolean()), { maxLength: 60 }), (steps) => {
        const budget = new UploadBudget(100);
        const releases: (() => void)[] = [];
        for (const [bytes, release] of steps) {
          if (release && releases.length > 0) releases.shift()?.();
          const taken = budget.take(bytes);
          if (taken !== undefined) releases.push(taken);
          expect(budget.held <= 100 || releases.length === 1).toBe(true);
        }
        for (const release of releases) release();
        expect(budget.held).toBe(0);
      }),
    );
  });
});
