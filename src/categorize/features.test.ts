import { describe, expect, it } from "vitest";
import { amountBand, featuresOf, wordsOf } from "./features.ts";

describe("featuresOf", () => {
  it("keys a vendor the same whatever reference, date or store number its line carries", () => {
    const a = featuresOf({ bankAccountId: "checking", description: "GUSTO NET KD9JZ71CY 250124", vendor: "Gusto Net", amountMinor: -540_000 });
    const b = featuresOf({ bankAccountId: "checking", description: "GUSTO NET FXJFB5KNA 250502", vendor: "Gusto Net", amountMinor: -531_000 });
    expect(a.vendor).toBe(b.vendor);
    expect(a.vendorBand).toBe(b.vendorBand);
    expect(a.words).toEqual(b.words);
  });

  it("tells money in from money out, and one amount band from another", () => {
    const out = featuresOf({ bankAccountId: "checking", description: "AMAZON MKTP", vendor: "Amazon Mktp", amountMinor: -2_000 });
    const refund = featuresOf({ bankAccountId: "checking", description: "AMAZON MKTP", vendor: "Amazon Mktp", amountMinor: 2_000 });
    const big = featuresOf({ bankAccountId: "checking", description: "AMAZON MKTP", vendor: "Amazon Mktp", amountMinor: -200_000 });
    expect(out.vendor).not.toBe(refund.vendor);
    expect(out.vendorBand).not.toBe(big.vendorBand);
    expect(out.vendor).toBe(big.vendor);
  });

  it("keys the bank account apart from the words, in the direction of the money", () => {
    const card = featuresOf({ bankAccountId: "depot", description: "SUPPLY DEPOT", vendor: "Supply Depot", amountMinor: -500 });
    const checking = featuresOf({ bankAccountId: "checking", description: "SUPPLY DEPOT", vendor: "Supply Depot", amountMinor: -500 });
    expect(card.bankAccount).toBe("b|out|depot");
    expect(card.words).toEqual(checking.words);
    expect(card.words).toContain("w|out|depot");
    expect(card.all).toContain(card.bankAccount);
    expect(checking.bankAccount).not.toBe(card.bankAccount);
  });
});

describe("amountBand", () => {
  it("doubles from band to band, in dollars, whatever the sign", () => {
    expect([100, 199, 200, 399, 400, 102_400].map(amountBand)).toEqual([0, 0, 1, 1, 2, 10]);
    expect(amountBand(-400)).toBe(amountBand(400));
    expect(amountBand(0)).toBe(0);
  });
});

describe("wordsOf", () => {
  it("keeps words of three letters or more, each once, without the banks' own words", () => {
    expect(wordsOf("ACH DEBIT ADP WAGE PAY WAGE PAY 00267035 PPD ID: 99 OH")).toEqual(["adp", "wage", "pay"]);
  });
});
