import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { entryNumbersAfter, isBalanced, reversalEntry, reversalLines, transactionEntry, transactionLines, transferEntry, type Attribution } from "./entries.ts";
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

const byRule: Attribution = { source: "rule", confidence: 1, reason: "rule sent it", evidence: { ruleId: "r1" } };
const person: Attribution = { source: "manual", confidence: 1, reason: "a person moved it", evidence: null };
const coffee = { id: "t1", postedOn: "2025-03-02", amountMinor: -1_825, description: "PANERA BREAD #204" };

describe("transactionEntry", () => {
  it("posts a transaction on its own date, against the decided account, with who decided and why", () => {
    const entry = transactionEntry(7, coffee, "card", "meals", byRule);
    expect(entry).toEqual({
      number: 7,
      entryDate: "2025-03-02",
      description: "PANERA BREAD #204",
      kind: "transaction",
      transactionId: "t1",
      transferTransactionId: null,
      reversesNumber: null,
      ...byRule,
      lines: [
        { accountId: "card", amountMinor: -1_825 },
        { accountId: "meals", amountMinor: 1_825 },
      ],
    });
  });

  it("refuses to build an entry that could not balance, or a number that is not a positive integer", () => {
    expect(() => transactionEntry(1, { ...coffee, amountMinor: 0 }, "card", "meals", byRule)).toThrow(RangeError);
    expect(() => transactionEntry(1, { ...coffee, amountMinor: 0.5 }, "card", "meals", byRule)).toThrow(RangeError);
    expect(() => transactionEntry(0, coffee, "card", "meals", byRule)).toThrow(/positive integer/);
    expect(() => transactionEntry(1.5, coffee, "card", "meals", byRule)).toThrow(/positive integer/);
  });
});

describe("reversalEntry", () => {
  it("undoes every line of the original on its date, naming what it reverses", () => {
    const original = transactionEntry(3, coffee, "card", "suspense", { source: "none", confidence: 0, reason: "waiting", evidence: null });
    const reversal = reversalEntry(9, original, person, original.description);
    expect(reversal).toMatchObject({ number: 9, kind: "reversal", reversesNumber: 3, entryDate: "2025-03-02", transactionId: "t1", source: "manual" });
    expect(reversal.description).toBe("Reversal of entry 3: PANERA BREAD #204");
    expect(reversal.lines).toEqual(reversalLines(original.lines));
    expect(sum([...original.lines, ...reversal.lines])).toBe(0);
  });

  it("refuses to reverse an entry with fewer than two lines (nothing balanced to undo)", () => {
    expect(() => reversalEntry(2, { number: 1, entryDate: "2025-03-02", transactionId: null, transferTransactionId: null, lines: [{ accountId: "a", amountMinor: 5 }] }, person, "broken")).toThrow(/does not balance/);
  });
});

describe("transferEntry", () => {
  const checking = { transaction: { id: "out", postedOn: "2025-03-10", amountMinor: -125_000, description: "PAYMENT TO CARD" }, ledgerAccountId: "1010", bankAccountName: "Checking" };
  const card = { transaction: { id: "in", postedOn: "2025-03-12", amountMinor: 125_000, description: "PAYMENT THANK YOU" }, ledgerAccountId: "2100", bankAccountName: "Card" };

  it("posts both sides once, dated when the money left, from the leaving side to the arriving one, whichever came first", () => {
    for (const [first, second] of [
      [checking, card],
      [card, checking],
    ] as const) {
      const entry = transferEntry(4, first, second);
      expect(entry).toMatchObject({ kind: "transfer", entryDate: "2025-03-10", transactionId: "out", transferTransactionId: "in", source: "transfer", description: "Transfer from Checking to Card" });
      expect(new Map(entry.lines.map((line) => [line.accountId, line.amountMinor]))).toEqual(new Map([["1010", -125_000], ["2100", 125_000]]));
    }
  });

  it("refuses two sides that do not net to zero", () => {
    expect(() => transferEntry(4, checking, { ...card, transaction: { ...card.transaction, amountMinor: 124_999 } })).toThrow(/do not net to zero/);
  });
});

describe("entryNumbersAfter", () => {
  it("hands out consecutive numbers after the last one written", () => {
    const next = entryNumbersAfter(41);
    expect([next(), next(), next()]).toEqual([42, 43, 44]);
    expect(entryNumbersAfter(0)()).toBe(1);
  });
});
