import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type TransferSide, dayShift, isBalanced, pairTransfers, reversalLines, transactionLines, transferWindowDays } from "./post.ts";
import { natural } from "./reports.ts";

const sum = (lines: readonly { amountMinor: number }[]): number => lines.reduce((total, line) => total + line.amountMinor, 0);

describe("transactionLines", () => {
  it("debits a bank account for money in and credits the other account", () => {
    const lines = transactionLines("checking", "sales", 10_000);
    expect(lines).toEqual([
      { accountId: "checking", amountMinor: 10_000 },
      { accountId: "sales", amountMinor: -10_000 },
    ]);
    expect(isBalanced(lines)).toBe(true);
    expect(natural("asset", lines[0].amountMinor)).toBe(10_000);
    expect(natural("revenue", lines[1].amountMinor)).toBe(10_000);
  });

  it("credits a bank account for money out and debits the expense", () => {
    const lines = transactionLines("checking", "rent", -2_500);
    expect(lines).toEqual([
      { accountId: "checking", amountMinor: -2_500 },
      { accountId: "rent", amountMinor: 2_500 },
    ]);
    expect(natural("asset", lines[0].amountMinor)).toBe(-2_500);
    expect(natural("expense", lines[1].amountMinor)).toBe(2_500);
  });

  it("credits a card for a purchase, raising what is owed on it", () => {
    const lines = transactionLines("card", "meals", -4_000);
    expect(lines).toEqual([
      { accountId: "card", amountMinor: -4_000 },
      { accountId: "meals", amountMinor: 4_000 },
    ]);
    expect(natural("liability", lines[0].amountMinor)).toBe(4_000);
    expect(isBalanced(lines)).toBe(true);
  });

  it("debits a card for a payment to it, lowering what is owed", () => {
    const lines = transactionLines("card", "checking", 4_000);
    expect(lines).toEqual([
      { accountId: "card", amountMinor: 4_000 },
      { accountId: "checking", amountMinor: -4_000 },
    ]);
    expect(natural("liability", lines[0].amountMinor)).toBe(-4_000);
  });

  it("balances for any non-zero safe amount, the bank taking it as is", () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger().filter((amount) => amount !== 0),
        (amount) => {
          const lines = transactionLines("bank", "other", amount);
          expect(lines[0]).toEqual({ accountId: "bank", amountMinor: amount });
          expect(lines[1].accountId).toBe("other");
          expect(sum(lines)).toBe(0);
          expect(isBalanced(lines)).toBe(true);
        },
      ),
    );
  });

  it("refuses a zero amount and amounts that are not safe integers", () => {
    expect(() => transactionLines("bank", "other", 0)).toThrow(RangeError);
    expect(() => transactionLines("bank", "other", 1.5)).toThrow(RangeError);
    expect(() => transactionLines("bank", "other", Number.NaN)).toThrow(RangeError);
    expect(() => transactionLines("bank", "other", 2 ** 53)).toThrow(RangeError);
  });
});

describe("reversalLines", () => {
  it("negates every line on the same account", () => {
    const lines = [
      { accountId: "a", amountMinor: 500 },
      { accountId: "b", amountMinor: -200 },
      { accountId: "c", amountMinor: -300 },
    ];
    const reversal = reversalLines(lines);
    expect(reversal).toEqual([
      { accountId: "a", amountMinor: -500 },
      { accountId: "b", amountMinor: 200 },
      { accountId: "c", amountMinor: 300 },
    ]);
    expect(isBalanced(reversal)).toBe(true);
    expect(lines[0]).toEqual({ accountId: "a", amountMinor: 500 });
  });
});

describe("isBalanced", () => {
  it("needs two or more non-zero safe lines that sum to zero", () => {
    expect(isBalanced([])).toBe(false);
    expect(isBalanced([{ accountId: "a", amountMinor: 0 }])).toBe(false);
    expect(isBalanced([{ accountId: "a", amountMinor: 5 }, { accountId: "b", amountMinor: -5 }])).toBe(true);
    expect(isBalanced([{ accountId: "a", amountMinor: 5 }, { accountId: "b", amountMinor: -4 }])).toBe(false);
    expect(isBalanced([{ accountId: "a", amountMinor: 5 }, { accountId: "b", amountMinor: -2 }, { accountId: "c", amountMinor: -3 }])).toBe(true);
    expect(isBalanced([{ accountId: "a", amountMinor: 5 }, { accountId: "b", amountMinor: -5 }, { accountId: "c", amountMinor: 0 }])).toBe(false);
    expect(isBalanced([{ accountId: "a", amountMinor: 0.5 }, { accountId: "b", amountMinor: -0.5 }])).toBe(false);
    expect(isBalanced([{ accountId: "a", amountMinor: 2 ** 53 }, { accountId: "b", amountMinor: -(2 ** 53) }])).toBe(false);
  });
});

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

const side = (bankAccountId: string, postedOn: string, amountMinor: number): TransferSide => ({ bankAccountId, postedOn, amountMinor });

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
        const valid = (one: TransferSide, candidate: TransferSide): boolean =>
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
          const distance = (other: TransferSide): number => Math.abs(dayOf(other.postedOn) - dayOf(one.postedOn));
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
