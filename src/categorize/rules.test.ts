import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Rule, type RuleConditions, conditionsProblem, rulesTier } from "./rules.ts";
import { type Categorizable, type Decision, type Tier, categorize, confidenceToPostMin } from "./tiers.ts";

let ruleCount = 0;
function rule(conditions: RuleConditions, accountCode = "6900", renameVendor: string | null = null): Rule {
  ruleCount += 1;
  return { id: `rule-${ruleCount}`, name: `rule ${ruleCount}`, conditions, accountId: `id-${accountCode}`, accountCode, renameVendor };
}

const item = (description: string, amountMinor = -1_000, overrides: Partial<Categorizable> = {}): Categorizable => ({
  bankAccountId: "checking",
  postedOn: "2025-03-01",
  amountMinor,
  description,
  vendor: "",
  ...overrides,
});

/** The id of the rule that decides each item, or undefined. */
async function decidedBy(rules: readonly Rule[], items: readonly Categorizable[]): Promise<(string | null | undefined)[]> {
  const decisions = await rulesTier(rules).decide(items);
  return decisions.map((decision) => decision?.ruleId);
}

describe("rulesTier", () => {
  it("decides by the first rule that holds, in order", async () => {
    const coffee = rule({ description: { operator: "contains", value: "coffee" } }, "6900");
    const blueOak = rule({ description: { operator: "contains", value: "blue oak coffee" } }, "5000");
    expect(await decidedBy([coffee, blueOak], [item("BLUE OAK COFFEE")])).toEqual([coffee.id]);
    expect(await decidedBy([blueOak, coffee], [item("BLUE OAK COFFEE"), item("RED COFFEE"), item("TEA")])).toEqual([blueOak.id, coffee.id, undefined]);
  });

  it("answers with a certain decision naming the rule and its account", async () => {
    const coffee = rule({ description: { operator: "contains", value: "coffee" } }, "6900");
    const [decision] = await rulesTier([coffee]).decide([item("BLUE OAK COFFEE")]);
    expect(decision).toEqual({
      accountId: "id-6900",
      source: "rule",
      confidence: 1,
      reason: `rule "${coffee.name}" sent it to 6900`,
      ruleId: coffee.id,
      vendor: undefined,
    });
  });

  it("returns the rule's vendor rename", async () => {
    const rename = rule({ description: { operator: "contains", value: "sq *blue oak" } }, "6900", "Blue Oak Coffee");
    const [decision] = await rulesTier([rename]).decide([item("SQ *BLUE OAK #12")]);
    expect(decision?.vendor).toBe("Blue Oak Coffee");
  });

  it("compares contains case- and space-insensitively", async () => {
    const blueOak = rule({ description: { operator: "contains", value: "  Blue   OAK " } });
    expect(await decidedBy([blueOak], [item("POS  BLUE\tOAK COFFEE"), item("blue oak"), item("BLUEOAK"), item("BLUE OA K")])).toEqual([
      blueOak.id,
      blueOak.id,
      undefined,
      undefined,
    ]);
  });

  it("compares equals with the whole text, case- and space-insensitively", async () => {
    const equals = rule({ description: { operator: "equals", value: "Blue Oak Coffee" } });
    expect(await decidedBy([equals], [item("  BLUE   OAK COFFEE "), item("BLUE OAK COFFEE #2"), item("THE BLUE OAK COFFEE")])).toEqual([equals.id, undefined, undefined]);
  });

  it("matches a regular expression case-insensitively", async () => {
    const pattern = rule({ description: { operator: "matches", value: String.raw`^sq \*\w+` } });
    expect(await decidedBy([pattern], [item("SQ *BLUEOAK"), item("sq *blueoak"), item("POS SQ *BLUEOAK"), item("SQ *")])).toEqual([pattern.id, pattern.id, undefined, undefined]);
  });

  it("tests the vendor field", async () => {
    const vendor = rule({ vendor: { operator: "equals", value: "kroger" } });
    expect(await decidedBy([vendor], [item("POS 1234", -1_000, { vendor: "KROGER" }), item("KROGER", -1_000, { vendor: "Aldi" })])).toEqual([vendor.id, undefined]);
  });

  it("needs every condition present to hold", async () => {
    const both = rule({ description: { operator: "contains", value: "kroger" }, vendor: { operator: "contains", value: "kroger" }, direction: "out" });
    expect(
      await decidedBy(
        [both],
        [item("KROGER 417", -1_000, { vendor: "Kroger" }), item("KROGER 417", 1_000, { vendor: "Kroger" }), item("KROGER 417", -1_000, { vendor: "Aldi" })],
      ),
    ).toEqual([both.id, undefined, undefined]);
  });

  it("bounds the amount's size inclusively, whatever its sign", async () => {
    const bounded = rule({ amount: { minMinor: 1_000, maxMinor: 5_000 } });
    const amounts = [999, 1_000, -1_000, 3_000, 5_000, -5_000, 5_001, -5_001, -999];
    expect(await decidedBy([bounded], amounts.map((amount) => item("X", amount)))).toEqual([
      undefined,
      bounded.id,
      bounded.id,
      bounded.id,
      bounded.id,
      bounded.id,
      undefined,
      undefined,
      undefined,
    ]);
    const atLeast = rule({ amount: { minMinor: 1_000 } });
    const atMost = rule({ amount: { maxMinor: 1_000 } });
    expect(await decidedBy([atLeast], [item("X", -999), item("X", -1_000_000)])).toEqual([undefined, atLeast.id]);
    expect(await decidedBy([atMost], [item("X", -1_001), item("X", -1)])).toEqual([undefined, atMost.id]);
  });

  it("tells money in from money out", async () => {
    const moneyIn = rule({ direction: "in" });
    const moneyOut = rule({ direction: "out" });
    expect(await decidedBy([moneyIn], [item("X", 100), item("X", -100)])).toEqual([moneyIn.id, undefined]);
    expect(await decidedBy([moneyOut], [item("X", 100), item("X", -100)])).toEqual([undefined, moneyOut.id]);
  });

  it("limits a rule to one bank account", async () => {
    const cardOnly = rule({ bankAccountId: "card", description: { operator: "contains", value: "shell" } });
    expect(await decidedBy([cardOnly], [item("SHELL OIL", -100, { bankAccountId: "card" }), item("SHELL OIL", -100, { bankAccountId: "checking" })])).toEqual([
      cardOnly.id,
      undefined,
    ]);
  });

  it("answers nothing without rules, and one answer per item", async () => {
    expect(await decidedBy([], [item("A"), item("B")])).toEqual([undefined, undefined]);
    expect(await decidedBy([rule({ direction: "out" })], [])).toEqual([]);
  });

  it("a stored pattern that no longer passes the check matches nothing", async () => {
    const unsafe = rule({ description: { operator: "matches", value: "(a+)+$" } });
    const fallback = rule({ direction: "out" });
    expect(await decidedBy([unsafe, fallback], [item("aaaa")])).toEqual([fallback.id]);
  });

  it("decides a batch with repeated texts as it decides each item alone, the first rule that holds winning", async () => {
    const words = ["kroger", "shell", "oil", "blue oak", "coffee", "0412", "0413", "#12", "7"];
    const text = fc.array(fc.constantFrom(...words, "KROGER", "Shell  Oil", "STORE 0412"), { maxLength: 3 }).map((parts) => parts.join(" "));
    const patterns = [String.raw`\bshell\b`, String.raw`\d{4}`, String.raw`\b0412\b`, String.raw`^\D+$`, String.raw`#\d`, String.raw`kroger \w+`, String.raw`[a-z]+ 7$`, String.raw`\d\d`, String.raw`^\D+\d$`, "."];
    const textCondition = fc.oneof(
      fc.record({ operator: fc.constantFrom("contains" as const, "equals" as const), value: fc.constantFrom(...words, "shell oil", "store 0412") }),
      fc.record({ operator: fc.constant("matches" as const), value: fc.constantFrom(...patterns) }),
    );
    const conditions: fc.Arbitrary<RuleConditions> = fc.record(
      {
        description: textCondition,
        vendor: textCondition,
        amount: fc.record({ minMinor: fc.integer({ min: 0, max: 3_000 }), maxMinor: fc.integer({ min: 3_000, max: 9_000 }) }, { requiredKeys: [] }),
        direction: fc.constantFrom("in" as const, "out" as const),
        bankAccountId: fc.constantFrom("checking", "card"),
      },
      { requiredKeys: [] },
    );
    const items = fc.array(
      fc.record({
        bankAccountId: fc.constantFrom("checking", "card"),
        postedOn: fc.constant("2025-03-01"),
        amountMinor: fc.integer({ min: -10_000, max: 10_000 }),
        description: text,
        vendor: text,
      }),
      { maxLength: 15 },
    );
    const collapse = (value: string): string => value.trim().replace(/\s+/g, " ").toLowerCase();
    const textHolds = (condition: RuleConditions["description"], value: string): boolean => {
      if (condition === undefined) return true;
      switch (condition.operator) {
        case "contains":
          return collapse(value).includes(collapse(condition.value));
        case "equals":
          return collapse(value) === collapse(condition.value);
        case "matches":
          // eslint-disable-next-line security/detect-non-literal-regexp -- one of the fixed patterns above
          return new RegExp(condition.value, "iu").test(value);
      }
    };
    const holds = (one: Rule, candidate: Categorizable): boolean => {
      const { description, vendor, amount, direction, bankAccountId } = one.conditions;
      const size = Math.abs(candidate.amountMinor);
      return (
        textHolds(description, candidate.description) &&
        textHolds(vendor, candidate.vendor) &&
        (amount?.minMinor === undefined || size >= amount.minMinor) &&
        (amount?.maxMinor === undefined || size <= amount.maxMinor) &&
        (direction === undefined || (direction === "in" ? candidate.amountMinor > 0 : candidate.amountMinor <= 0)) &&
        (bankAccountId === undefined || bankAccountId === candidate.bankAccountId)
      );
    };
    await fc.assert(
      fc.asyncProperty(fc.array(conditions.filter((one) => conditionsProblem(one) === undefined).map((one) => rule(one)), { maxLength: 8 }), items, async (rules, batch) => {
        const together = await decidedBy(rules, batch);
        const alone = await Promise.all(batch.map(async (one) => (await decidedBy(rules, [one])).at(0)));
        expect(together).toEqual(alone);
        expect(together).toEqual(batch.map((one) => rules.find((candidate) => holds(candidate, one))?.id));
      }),
    );
  });

  it("tells reference numbers apart when a rule names digits, in one batch", async () => {
    const store412 = rule({ description: { operator: "contains", value: "store 0412" } }, "5010");
    const anyStore = rule({ description: { operator: "matches", value: String.raw`^store \d+$` } }, "6600");
    const batch = [item("STORE 0412"), item("STORE 0413"), item("STORE 0412"), item("STORE 9999"), item("STORE")];
    expect(await decidedBy([store412, anyStore], batch)).toEqual([store412.id, anyStore.id, store412.id, anyStore.id, undefined]);
    const exactly = rule({ description: { operator: "equals", value: "Check 1043" } });
    const anyCheck = rule({ description: { operator: "contains", value: "check" } });
    expect(await decidedBy([exactly, anyCheck], [item("CHECK 1044"), item("CHECK 1043"), item("check  1043")])).toEqual([anyCheck.id, exactly.id, exactly.id]);
  });
});

describe("conditionsProblem", () => {
  it("accepts a rule with at least one usable condition", () => {
    expect(conditionsProblem({ direction: "in" })).toBeUndefined();
    expect(conditionsProblem({ description: { operator: "matches", value: String.raw`^sq \*` } })).toBeUndefined();
    expect(conditionsProblem({ amount: { minMinor: 500, maxMinor: 500 } })).toBeUndefined();
    expect(conditionsProblem({ bankAccountId: "checking" })).toBeUndefined();
  });

  it("refuses a rule with no conditions", () => {
    expect(conditionsProblem({})?.code).toBe("validation_failed");
    expect(conditionsProblem({ description: undefined, vendor: undefined, amount: undefined, direction: undefined, bankAccountId: undefined })?.code).toBe(
      "validation_failed",
    );
  });

  it("refuses a minimum above the maximum", () => {
    const problem = conditionsProblem({ amount: { minMinor: 501, maxMinor: 500 } });
    expect(problem?.code).toBe("validation_failed");
    expect(problem?.message).toMatch(/minMinor/);
  });

  it("refuses an unsafe or broken regular expression with unsafe_pattern, naming the field", () => {
    const nested = conditionsProblem({ description: { operator: "matches", value: "(a+)+$" } });
    expect(nested?.code).toBe("unsafe_pattern");
    expect(nested?.message).toMatch(/^conditions\.description\.value: /);
    const vendor = conditionsProblem({ vendor: { operator: "matches", value: String.raw`(\w)\1` } });
    expect(vendor?.code).toBe("unsafe_pattern");
    expect(vendor?.message).toMatch(/^conditions\.vendor\.value: /);
    expect(conditionsProblem({ description: { operator: "matches", value: "(" } })?.code).toBe("unsafe_pattern");
    // The same text is no pattern for contains.
    expect(conditionsProblem({ description: { operator: "contains", value: "(a+)+$" } })).toBeUndefined();
  });
});

/** A tier that decides every item with one confidence, and records what it was asked. */
function fixedTier(confidence: number, accountId: string, asked: string[][]): Tier {
  return {
    source: "learned",
    decide(items) {
      asked.push(items.map((one) => one.description));
      return Promise.resolve(items.map((): Decision => ({ accountId, source: "learned", confidence, reason: "fixed", ruleId: null })));
    },
  };
}

/** A tier that decides nothing. */
const silentTier: Tier = { source: "llm", decide: (items) => Promise.resolve(items.map(() => undefined)) };

describe("categorize", () => {
  const items = [item("KROGER 417"), item("MYSTERY 1"), item("SHELL OIL"), item("MYSTERY 2")];
  const rules = [rule({ description: { operator: "contains", value: "kroger" } }, "5010"), rule({ description: { operator: "contains", value: "shell" } }, "6910")];

  it("passes what a tier leaves undecided to the next, keeping the input's order", async () => {
    const asked: string[][] = [];
    const results = await categorize(items, [rulesTier(rules), fixedTier(0.95, "id-6600", asked)]);
    expect(asked).toEqual([["MYSTERY 1", "MYSTERY 2"]]);
    expect(results.map((decision) => [decision?.source, decision?.accountId])).toEqual([
      ["rule", "id-5010"],
      ["learned", "id-6600"],
      ["rule", "id-6910"],
      ["learned", "id-6600"],
    ]);
  });

  it("passes on a decision below the confidence to post, and accepts one at it", async () => {
    const asked: string[][] = [];
    const results = await categorize(items.slice(0, 2), [fixedTier(confidenceToPostMin - 0.01, "id-6600", asked), fixedTier(confidenceToPostMin, "id-6300", asked)]);
    expect(asked).toEqual([
      ["KROGER 417", "MYSTERY 1"],
      ["KROGER 417", "MYSTERY 1"],
    ]);
    expect(results.map((decision) => decision?.accountId)).toEqual(["id-6300", "id-6300"]);
    expect(results.map((decision) => decision?.confidence)).toEqual([confidenceToPostMin, confidenceToPostMin]);
  });

  it("returns undefined for what no tier decides with enough confidence", async () => {
    const asked: string[][] = [];
    const results = await categorize(items, [rulesTier(rules), silentTier, fixedTier(0.3, "id-6600", asked)]);
    expect(asked).toEqual([["MYSTERY 1", "MYSTERY 2"]]);
    expect(results.map((decision) => decision?.ruleId)).toEqual([rules.at(0)?.id, undefined, rules.at(1)?.id, undefined]);
    expect(await categorize(items, [])).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("asks no further tier once everything is decided", async () => {
    const asked: string[][] = [];
    const results = await categorize([item("KROGER 1"), item("SHELL 2")], [rulesTier(rules), fixedTier(1, "id-6600", asked)]);
    expect(asked).toEqual([]);
    expect(results.map((decision) => decision?.source)).toEqual(["rule", "rule"]);
  });
});

describe("conditionsProblem on blank text", () => {
  it("refuses a text condition of spaces alone, which would match everything", () => {
    expect(conditionsProblem({ description: { operator: "contains", value: "   " } })).toMatchObject({ code: "validation_failed" });
    expect(conditionsProblem({ vendor: { operator: "equals", value: " " } })).toMatchObject({ code: "validation_failed" });
  });
});
