import { describe, expect, it } from "vitest";
import { featuresOf } from "./features.ts";
import { binOf, calibrated, classKey, labelIncrements, predict, wordTotalKey, type LabelCount, type LabelStats } from "./learned.ts";

/** Counts as the import and corrections would have stored them, from labelled transactions. */
function statsFrom(labels: { bankAccountId?: string; description: string; vendor: string; amountMinor: number; accountId: string; person?: boolean }[]): LabelStats {
  const stats = new Map<string, Map<string, LabelCount>>();
  for (const label of labels) {
    for (const [key, amount] of labelIncrements(featuresOf({ bankAccountId: "checking", ...label }))) {
      const byAccount = stats.get(key) ?? new Map<string, LabelCount>();
      const count = byAccount.get(label.accountId) ?? { auto: 0, person: 0 };
      if (label.person === true) count.person += amount;
      else count.auto += amount;
      byAccount.set(label.accountId, count);
      stats.set(key, byAccount);
    }
  }
  return stats;
}

const allowed = (): boolean => true;
const item = (description: string, vendor: string, amountMinor: number) => featuresOf({ bankAccountId: "checking", description, vendor, amountMinor });

describe("predict", () => {
  const history = [
    { description: "GUSTO NET 250101", vendor: "Gusto Net", amountMinor: -540_000, accountId: "payroll" },
    { description: "GUSTO NET 250115", vendor: "Gusto Net", amountMinor: -530_000, accountId: "payroll" },
    { description: "COSTCO WHSE #0375", vendor: "Costco Whse", amountMinor: -2_500, accountId: "office" },
    { description: "COSTCO WHSE #0375", vendor: "Costco Whse", amountMinor: -41_000, accountId: "food", person: true },
    { description: "COSTCO WHSE #0412", vendor: "Costco Whse", amountMinor: -38_000, accountId: "food", person: true },
    { description: "REFUND COSTCO WHSE", vendor: "Costco Whse", amountMinor: 2_500, accountId: "returns" },
  ];
  const stats = statsFrom(history);

  it("remembers a vendor whatever reference the payment carries, sure of it", () => {
    const prediction = predict(item("GUSTO NET 250129 REF 99", "Gusto Net", -545_000), stats, new Map(), { allowed });
    expect(prediction).toMatchObject({ accountId: "payroll", basis: "vendor_amount" });
    expect(prediction?.confidence).toBeGreaterThan(0.8);
  });

  it("splits one vendor by amount, and keeps money in apart from money out", () => {
    expect(predict(item("COSTCO WHSE #0375", "Costco Whse", -40_000), stats, new Map(), { allowed })?.accountId).toBe("food");
    expect(predict(item("COSTCO WHSE #0375", "Costco Whse", -2_400), stats, new Map(), { allowed })?.accountId).toBe("office");
    expect(predict(item("COSTCO WHSE REFUND", "Costco Whse", 2_600), stats, new Map(), { allowed })?.accountId).toBe("returns");
  });

  it("is less sure of a vendor at an amount it has never seen it at", () => {
    const seen = predict(item("GUSTO NET", "Gusto Net", -540_000), stats, new Map(), { allowed });
    const unseen = predict(item("GUSTO NET", "Gusto Net", -900), stats, new Map(), { allowed });
    expect(unseen?.basis).toBe("vendor");
    expect(unseen?.accountId).toBe("payroll");
    expect(unseen?.probability).toBeLessThan(seen?.probability ?? 0);
  });

  it("weighs a person's label above an automatic one", () => {
    const contested = statsFrom([
      { description: "KROGER", vendor: "Kroger", amountMinor: -5_000, accountId: "office" },
      { description: "KROGER", vendor: "Kroger", amountMinor: -5_100, accountId: "food", person: true },
    ]);
    const prediction = predict(item("KROGER #417", "Kroger", -5_050), contested, new Map(), { allowed });
    expect(prediction?.accountId).toBe("food");
    // Weighed, not counted twice: one of the two labels backs the answer, whoever made it.
    expect(prediction).toMatchObject({ support: 1, seen: 2 });
  });

  it("answers a vendor never seen from its words, and trusts that little until the company's outcomes say otherwise", () => {
    const prediction = predict(item("GUSTO TAX 250129", "Gusto Tax", -120_000), stats, new Map(), { allowed });
    expect(prediction).toMatchObject({ accountId: "payroll", basis: "words" });
    expect(prediction?.confidence).toBe(0.5);
  });

  it("leans, for a vendor never seen, on what its bank account usually pays for", () => {
    const twoAccounts = statsFrom([
      ...["TACO STAND", "NOODLE BAR", "BURGER HUT"].map((description) => ({ bankAccountId: "card", description, vendor: description, amountMinor: -1_500, accountId: "meals" })),
      ...["ACME RENT", "CITY WATER", "GAS CO"].map((description) => ({ bankAccountId: "checking", description, vendor: description, amountMinor: -90_000, accountId: "rent" })),
    ]);
    const throughCard = featuresOf({ bankAccountId: "card", description: "ZEPHYR HOUSE", vendor: "Zephyr House", amountMinor: -1_800 });
    const throughChecking = featuresOf({ bankAccountId: "checking", description: "ZEPHYR HOUSE", vendor: "Zephyr House", amountMinor: -1_800 });
    expect(predict(throughCard, twoAccounts, new Map(), { allowed })).toMatchObject({ accountId: "meals", basis: "words" });
    expect(predict(throughChecking, twoAccounts, new Map(), { allowed })).toMatchObject({ accountId: "rent", basis: "words" });
  });

  it("answers nothing without labels in the item's direction, and never with an account it may not name", () => {
    expect(predict(item("NEW CLIENT PAYMENT", "New Client", 90_000), statsFrom(history.filter((label) => label.amountMinor < 0)), new Map(), { allowed })).toBeUndefined();
    expect(predict(item("GUSTO NET", "Gusto Net", -540_000), stats, new Map(), { allowed: (accountId) => accountId !== "payroll" })?.accountId).not.toBe("payroll");
  });
});

describe("calibrated", () => {
  it("is the model's probability until the bin has outcomes, then moves towards how often the bin was right", () => {
    expect(calibrated(0.95, "vendor", new Map())).toBe(0.95);
    const bin = binOf("vendor", 0.95);
    const rightHalfTheTime = new Map([[bin, { suggested: 100, right: 50 }]]);
    expect(calibrated(0.95, "vendor", rightHalfTheTime)).toBeCloseTo((50 + 5 * 0.95) / 105, 10);
    expect(calibrated(0.95, "vendor", new Map([[bin, { suggested: 10, right: 10 }]]))).toBeGreaterThan(0.95);
  });

  it("never lets counts that went negative (a posting taken back) make a probability out of range", () => {
    const bin = binOf("vendor_amount", 0.9);
    const confidence = calibrated(0.9, "vendor_amount", new Map([[bin, { suggested: 3, right: -2 }]]));
    expect(confidence).toBeGreaterThanOrEqual(0);
    expect(confidence).toBeLessThanOrEqual(1);
  });

  it("bins word answers coarsely and vendor answers by tenth", () => {
    expect(binOf("words", 0.3)).toBe(binOf("words", 0.7));
    expect(binOf("words", 0.3)).not.toBe(binOf("words", 0.9));
    expect(binOf("vendor", 0.91)).toBe(binOf("vendor", 0.99));
    expect(binOf("vendor", 0.89)).not.toBe(binOf("vendor", 0.91));
    expect(binOf("vendor", 1)).toBe(binOf("vendor", 0.95));
  });
});

describe("labelIncrements", () => {
  it("counts the vendor, the vendor at its amount band, each word, the class and the words' total", () => {
    const features = featuresOf({ bankAccountId: "checking", description: "SHELL OIL 57444", vendor: "Shell Oil", amountMinor: -4_800 });
    const increments = new Map(labelIncrements(features));
    expect(increments.get(features.vendor)).toBe(1);
    expect(increments.get(features.vendorBand)).toBe(1);
    expect(increments.get(features.bankAccount)).toBe(1);
    expect(increments.get(classKey("out"))).toBe(1);
    expect(increments.get(wordTotalKey("out"))).toBe(features.words.length);
    for (const word of features.words) expect(increments.get(word)).toBe(1);
  });
});
