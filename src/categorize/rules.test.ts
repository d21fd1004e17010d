import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Categorizable } from "./pipeline.ts";
import { type Rule, type RuleConditions, conditionsProblem, decideByRules } from "./rules.ts";

let ruleCount = 0;
function rule(conditions: RuleConditions, accountCode = "6900", renameVendor: string | null = null): Rule {
  ruleCount += 1;
  return { id: `rule-${ruleCount}`, name: `rule ${ruleCount}`, conditions, accountId: `id-${accountCode}`, accountCode, renameVendor, origin: "person" };
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
function decidedBy(rules: readonly Rule[], items: readonly Categorizable[]): (string | number | undefined)[] {
  return decideByRules(rules, items).map((decision) => decision?.evidence.ruleId);
}

describe("decideByRules", () => {
  it("decides by the first rule that holds, in order", () => {
    const coffee = rule({ description: { operator: "contains", value: "coffee" } }, "6900");
    const blueOak = rule({ description: { operator: "contains", value: "blue oak coffee" } }, "5000");
    expect(decidedBy([coffee, blueOak], [item("BLUE OAK COFFEE")])).toEqual([coffee.id]);
    expect(decidedBy([blueOak, coffee], [item("BLUE OAK COFFEE"), item("RED COFFEE"), item("TEA")])).toEqual([blueOak.id, coffee.id, undefined]);
  });

  it("answers with a certain decision naming the rule and its account", () => {
    const coffee = rule({ description: { operator: "contains", value: "coffee" } }, "6900");
    const [decision] = decideByRules([coffee], [item("BLUE OAK COFFEE")]);
    expect(decision).toEqual({
      accountCode: "6900",
      source: "rule",
      confidence: 1,
      reason: `rule "${coffee.name}" sent it to 6900`,
      evidence: { ruleId: coffee.id },
      vendor: undefined,
    });
  });

  it("returns the rule's vendor rename", () => {
    const rename = rule({ description: { operator: "contains", value: "sq *blue oak" } }, "6900", "Blue Oak Coffee");
    const [decision] = decideByRules([rename], [item("SQ *BLUE OAK #12")]);
    expect(decision?.vendor).toBe("Blue Oak Coffee");
  });

  it("compares contains case- and space-insensitively", () => {
    const blueOak = rule({ description: { operator: "contains", value: "  Blue   OAK " } });
    expect(decidedBy([blueOak], [item("POS  BLUE\tOAK COFFEE"), item("blue oak"), item("BLUEOAK"), item("BLUE OA K")])).toEqual([
      blueOak.id,
      blueOak.id,
      undefined,
      undefined,
    ]);
  });

  it("compares equals with the whole text, case- and space-insensitively", () => {
    const equals = rule({ description: { operator: "equals", value: "Blue Oak Coffee" } });
    expect(decidedBy([equals], [item("  BLUE   OAK COFFEE "), item("BLUE OAK COFFEE #2"), item("THE BLUE OAK COFFEE")])).toEqual([equals.id, undefined, undefined]);
  });

  it("matches a regular expression case-insensitively", () => {
    const pattern = rule({ description: { operator: "matches", value: String.raw`^sq \*\w+` } });
    expect(decidedBy([pattern], [item("SQ *BLUEOAK"), item("sq *blueoak"), item("POS SQ *BLUEOAK"), item("SQ *")])).toEqual([pattern.id, pattern.id, undefined, undefined]);
  });

  it("tests the vendor field", () => {
    const vendor = rule({ vendor: { operator: "equals", value: "kroger" } });
    expect(decidedBy([vendor], [item("POS 1234", -1_000, { vendor: "KROGER" }), item("KROGER", -1_000, { vendor: "Aldi" })])).toEqual([vendor.id, undefined]);
  });

  it("needs every condition present to hold", () => {
    const both = rule({ description: { operator: "contains", value: "kroger" }, vendor: { operator: "contains", value: "kroger" }, direction: "out" });
    expect(
      decidedBy(
        [both],
        [item("KROGER 417", -1_000, { vendor: "Kroger" }), item("KROGER 417", 1_000, { vendor: "Kroger" }), item("KROGER 417", -1_000, { vendor: "Aldi" })],
      ),
    ).toEqual([both.id, undefined, undefined]);
  });

  it("bounds the amount's size inclusively, whatever its sign", () => {
    const bounded = rule({ amount: { minMinor: 1_000, maxMinor: 5_000 } });
    const amounts = [999, 1_000, -1_000, 3_000, 5_000, -5_000, 5_001, -5_001, -999];
    expect(decidedBy([bounded], amounts.map((amount) => item("X", amount)))).toEqual([
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
    expect(decidedBy([atLeast], [item("X", -999), item("X", -1_000_000)])).toEqual([undefined, atLeast.id]);
    expect(decidedBy([atMost], [item("X", -1_001), item("X", -1)])).toEqual([undefined, atMost.id]);
  });

  it("tells money in from money out", () => {
    const moneyIn = rule({ direction: "in" });
    const moneyOut = rule({ direction: "out" });
    expect(decidedBy([moneyIn], [item("X", 100), item("X", -100)])).toEqual([moneyIn.id, undefined]);
    expect(decidedBy([moneyOut], [item("X", 100), item("X", -100)])).toEqual([undefined, moneyOut.id]);
  });

  it("limits a rule to one bank account", () => {
    const cardOnly = rule({ bankAccountId: "card", description: { operator: "contains", value: "shell" } });
    expect(decidedBy([cardOnly], [item("SHELL OIL", -100, { bankAccountId: "card" }), item("SHELL OIL", -100, { bankAccountId: "checking" })])).toEqual([
      cardOnly.id,
      undefined,
    ]);
  });

  it("answers nothing without rules, and one answer per item", () => {
    expect(decidedBy([], [item("A"), item("B")])).toEqual([undefined, undefined]);
    expect(decidedBy([rule({ direction: "out" })], [])).toEqual([]);
  });

  it("a stored pattern that no longer passes the check matches nothing", () => {
    const unsafe = rule({ description: { operator: "matches", value: "(a+)+$" } });
    const fallback = rule({ direction: "out" });
    expect(decidedBy([unsafe, fallback], [item("aaaa")])).toEqual([fallback.id]);
  });

  it("decides a batch with repeated texts as it decides each item alone, the first rule that holds winning", () => {
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
    fc.assert(
      fc.property(fc.array(conditions.filter((one) => conditionsProblem(one) === undefined).map((one) => rule(one)), { maxLength: 8 }), items, (rules, batch) => {
        const together = decidedBy(rules, batch);
        const alone = batch.map((one) => decidedBy(rules, [one]).at(0));
        expect(together).toEqual(alone);
        expect(together).toEqual(batch.map((one) => rules.find((candidate) => holds(candidate, one))?.id));
      }),
    );
  });

  it("tells reference numbers apart when a rule names digits, in one batch", () => {
    const store412 = rule({ description: { operator: "contains", value: "store 0412" } }, "5010");
    const anyStore = rule({ description: { operator: "matches", value: String.raw`^store \d+$` } }, "6600");
    const batch = [item("STORE 0412"), item("STORE 0413"), item("STORE 0412"), item("STORE 9999"), item("STORE")];
    expect(decidedBy([store412, anyStore], batch)).toEqual([store412.id, anyStore.id, store412.id, anyStore.id, undefined]);
    const exactly = rule({ description: { operator: "equals", value: "Check 1043" } });
    const anyCheck = rule({ description: { operator: "contains", value: "check" } });
    expect(decidedBy([exactly, anyCheck], [item("CHECK 1044"), item("CHECK 1043"), item("check  1043")])).toEqual([anyCheck.id, exactly.id, exactly.id]);
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

describe("conditionsProblem on blank text", () => {
  it("refuses a text condition of spaces alone, which would match everything", () => {
    expect(conditionsProblem({ description: { operator: "contains", value: "   " } })).toMatchObject({ code: "validation_failed" });
    expect(conditionsProblem({ vendor: { operator: "equals", value: " " } })).toMatchObject({ code: "validation_failed" });
  });
});
