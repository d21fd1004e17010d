import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PairableSide, dayShift, pairTransfers, transferWindowDays } from "./transfers.ts";

describe("dayShift", () => {
  it.each([
    ["2025-03-10", 0, "2025-03-10"],
    ["2025-01-31", 1, "2025-02-01"],
    ["2025-03-01", -1, "2025-02-28"],
    ["2024-12-31", 1, "2025-01-01"],
    ["2025-01-01", -1, "2024-12-31"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2000-02-28", 1, "2000-02-29"],
    ["1900-02-28", 1, "1900-03-01"],
    ["2024-12-30", 3, "2025-01-02"],
  ] as const)("shifts %s by %i days to %s", (date, days, expected) => {
    expect(dayShift(date, days)).toBe(expected);
  });

  it("is undone by the opposite shift and moves forward for positive days", () => {
    const dayMs = 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / dayMs, max: Date.UTC(2090, 0, 1) / dayMs }), fc.integer({ min: -800, max: 800 }), (day, days) => {
        const date = new Date(day * dayMs).toISOString().slice(0, 10);
        const shifted = dayShift(date, days);
        expect(shifted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(dayShift(shifted, -days)).toBe(date);
        expect(Math.sign(shifted.localeCompare(date))).toBe(Math.sign(days));
        expect((Date.parse(shifted) - Date.parse(date)) / dayMs).toBe(days);
      }),
    );
  });
});

const side = (bankAccountId: string, postedOn: string, amountMinor: number): PairableSide => ({ bankAccountId, postedOn, amountMinor });

describe("pairTransfers", () => {
  it("pairs the same amount with the opposite sign on another account", () => {
    expect(pairTransfers([side("checking", "2025-03-10", -5_000)], [side("card", "2025-03-11", 5_000)])).toEqual([0]);
    expect(pairTransfers([side("card", "2025-03-11", 5_000)], [side("checking", "2025-03-10", -5_000)])).toEqual([0]);
  });

  it("does not pair the same sign, another amount, or the same account", () => {
    expect(pairTransfers([side("checking", "2025-03-10", -5_000)], [side("card", "2025-03-10", -5_000)])).toEqual([undefined]);
    expect(pairTransfers([side("checking", "2025-03-10", -5_000)], [side("card", "2025-03-10", 5_001)])).toEqual([undefined]);
    expect(pairTransfers([side("checking", "2025-03-10", -5_000)], [side("checking", "2025-03-10", 5_000)])).toEqual([undefined]);
  });

  it("pairs within three days either way, not at four, counting across months and leap days", () => {
    expect(transferWindowDays).toBe(3);
    const fresh = [side("checking", "2025-03-10", -5_000)];
    expect(pairTransfers(fresh, [side("card", "2025-03-13", 5_000)])).toEqual([0]);
    expect(pairTransfers(fresh, [side("card", "2025-03-07", 5_000)])).toEqual([0]);
    expect(pairTransfers(fresh, [side("card", "2025-03-14", 5_000)])).toEqual([undefined]);
    expect(pairTransfers(fresh, [side("card", "2025-03-06", 5_000)])).toEqual([undefined]);
    // 2025 has no 29 February: 27 February to 2 March is three days; in 2024 it is four.
    expect(pairTransfers([side("checking", "2025-02-27", -5_000)], [side("card", "2025-03-02", 5_000)])).toEqual([0]);
    expect(pairTransfers([side("checking", "2024-02-27", -5_000)], [side("card", "2024-03-02", 5_000)])).toEqual([undefined]);
    expect(pairTransfers([side("checking", "2024-12-30", -5_000)], [side("card", "2025-01-02", 5_000)])).toEqual([0]);
  });

  it("takes the nearest date, then the earlier candidate", () => {
    const fresh = [side("checking", "2025-03-10", -5_000)];
    expect(pairTransfers(fresh, [side("card", "2025-03-13", 5_000), side("savings", "2025-03-09", 5_000)])).toEqual([1]);
    expect(pairTransfers(fresh, [side("card", "2025-03-12", 5_000), side("savings", "2025-03-08", 5_000)])).toEqual([1]);
    expect(pairTransfers(fresh, [side("card", "2025-03-08", 5_000), side("savings", "2025-03-12", 5_000)])).toEqual([0]);
  });

  it("uses each candidate once", () => {
    const fresh = [side("checking", "2025-03-10", -5_000), side("checking", "2025-03-10", -5_000)];
    expect(pairTransfers(fresh, [side("card", "2025-03-10", 5_000)])).toEqual([0, undefined]);
    expect(pairTransfers(fresh, [side("card", "2025-03-10", 5_000), side("card", "2025-03-11", 5_000)])).toEqual([0, 1]);
  });

  it("never pairs a zero amount", () => {
    expect(pairTransfers([side("checking", "2025-03-10", 0)], [side("card", "2025-03-10", 0)])).toEqual([undefined]);
    expect(pairTransfers([side("checking", "2025-03-10", 0)], [side("card", "2025-03-10", -0)])).toEqual([undefined]);
    expect(pairTransfers([side("checking", "2025-03-10", -0)], [side("card", "2025-03-10", 0)])).toEqual([undefined]);
  });

  it("returns one answer per fresh side, and nothing without candidates", () => {
    expect(pairTransfers([], [side("card", "2025-03-10", 5_000)])).toEqual([]);
    expect(pairTransfers([side("checking", "2025-03-10", -5_000), side("card", "2025-03-10", 5_000)], [])).toEqual([undefined, undefined]);
  });

  it("pairs only valid candidates, each once, the nearest free one, and leaves no valid free candidate unpaired", () => {
    const dayMs = 86_400_000;
    const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / dayMs;
    const first = dayOf("2025-02-20");
    const sideArb = fc.record({
      bankAccountId: fc.constantFrom("checking", "savings", "card"),
      postedOn: fc.integer({ min: first, max: first + 20 }).map((day) => new Date(day * dayMs).toISOString().slice(0, 10)),
      amountMinor: fc.constantFrom(0, 500, -500, 1_200, -1_200, 7_000, -7_000),
    });
    fc.assert(
      fc.property(fc.array(sideArb, { maxLength: 12 }), fc.array(sideArb, { maxLength: 12 }), (fresh, candidates) => {
        const result = pairTransfers(fresh, candidates);
        expect(result).toHaveLength(fresh.length);
        const valid = (one: PairableSide, candidate: PairableSide): boolean =>
          one.amountMinor !== 0 &&
          candidate.amountMinor === -one.amountMinor &&
          candidate.bankAccountId !== one.bankAccountId &&
          Math.abs(dayOf(candidate.postedOn) - dayOf(one.postedOn)) <= transferWindowDays;
        const taken = new Set<number>();
        fresh.forEach((one, freshIndex) => {
          const chosen = result.at(freshIndex);
          const free = candidates.map((candidate, index) => ({ candidate, index })).filter(({ candidate, index }) => !taken.has(index) && valid(one, candidate));
          if (chosen === undefined) {
            expect(free).toEqual([]);
            return;
          }
          const candidate = candidates.at(chosen);
          if (candidate === undefined) throw new Error(`index ${chosen} is no candidate`);
          expect(valid(one, candidate)).toBe(true);
          expect(taken.has(chosen)).toBe(false);
          const distance = (other: PairableSide): number => Math.abs(dayOf(other.postedOn) - dayOf(one.postedOn));
          for (const other of free) expect(distance(other.candidate)).toBeGreaterThanOrEqual(distance(candidate));
          taken.add(chosen);
        });
        // Every candidate left unpaired is valid for no fresh side that went unpaired.
        fresh.forEach((one, freshIndex) => {
          if (result.at(freshIndex) !== undefined) return;
          candidates.forEach((candidate, index) => {
            if (!taken.has(index)) expect(valid(one, candidate)).toBe(false);
          });
        });
      }),
    );
  });
});
