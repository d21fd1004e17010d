import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkPattern, patternLengthMax } from "./pattern-safety.ts";

/** The reason a pattern is refused; fails the test when it is accepted. */
function refusal(pattern: string): string {
  const check = checkPattern(pattern);
  if (check.ok) throw new Error(`expected ${JSON.stringify(pattern)} to be refused`);
  return check.reason;
}

describe("checkPattern accepts", () => {
  it.each([
    ["^AMZN", "AMZN MKTP US*2K3"],
    ["UBER\\s+\\*?TRIP", "UBER   *TRIP HELP.UBER.COM"],
    ["(?:ADP|PAYCHEX) (WAGE|TAX)", "PAYCHEX TAX 0314"],
    ["SQ \\*[A-Z ]+", "POS DEBIT SQ *BLUE OAK COFFEE"],
    ["\\d{4,6}", "CHECK 1043"],
    ["[(+*)]+", "(+*)"], // quantifier characters and parentheses inside a class are literal
    ["\\(a+\\)", "(aaa)"], // escaped parentheses are no group
    ["(?:[|+*]x)+", "+x*x"], // nor is a "|" or quantifier in a class part of the group around it
    ["(?:\\u{62}x)+", "bxbx"], // the braces of \u{..} are no quantifier
    ["(?:a+)?b", "aab"], // `?` does not repeat its group
    ["(ab){1}c", "abc"],
    ["(?<vendor>Kroger) #\\d{3}", "KROGER #417"],
    ["\\p{Lu}{2}", "ÉA"],
    ["\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2}:\\d{2}", "03/13/2025 12:00:00"],
  ])("%j, which matches %j", (pattern, description) => {
    const check = checkPattern(pattern);
    expect(check).toMatchObject({ ok: true });
    expect(check.ok && check.regex.test(description)).toBe(true);
  });

  it("compiles case-insensitively", () => {
    const check = checkPattern("amzn");
    expect(check.ok && check.regex.test("AMZN MKTP")).toBe(true);
  });

  it("compiles in unicode mode, where a character outside the basic plane is one character", () => {
    const check = checkPattern("^.$");
    expect(check.ok && check.regex.test("😀")).toBe(true);
  });

  it(`accepts exactly ${patternLengthMax} characters`, () => {
    expect(checkPattern("a".repeat(patternLengthMax)).ok).toBe(true);
  });
});

describe("checkPattern refuses", () => {
  it("an empty pattern", () => {
    expect(refusal("")).toMatch(/empty/);
  });

  it("a pattern over the length limit, saying both lengths", () => {
    expect(refusal("a".repeat(250))).toBe("pattern is 250 characters; at most 200");
  });

  it.each([["("], ["a{2"], ["[z-a]"], ["\\k"], ["(?i:a)"], ["\\8"]])("%j, which does not compile, with the engine's reason", (pattern) => {
    const reason = refusal(pattern);
    expect(reason).toMatch(/^pattern is not a valid regular expression: \S/);
    // The engine's message echoes the pattern; the reason keeps only what is wrong.
    expect(reason).not.toContain("/iu");
  });

  it.each([["(a)\\1"], ["(a)(b)\\2x"], ["(?<x>a)\\k<x>"], ["(a)\\1+"]])("the backreference in %j", (pattern) => {
    expect(refusal(pattern)).toMatch(/backreference/);
  });

  it("names the backreference it found", () => {
    expect(refusal("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10")).toContain("\\10");
  });

  it.each([
    ["(a+)+"],
    ["(a*)*"],
    ["(\\w+\\s?)*"],
    ["((ab)*c)+"],
    ["(?:x+y)+"],
    ["(a+){2,}"],
    ["(a+){1,5}"],
    ["(a+){3}"], // bounded, but it splits a run of a's in as many ways
    ["([a-z]+\\.)+com"],
    ["((a+))+"],
    ["(?:(?=a+)b)*"],
    ["(a+?)+?"],
  ])("the nested quantifier in %j", (pattern) => {
    expect(refusal(pattern)).toMatch(/nested quantifier/);
  });

  it.each([["(a|a)*"], ["(a|ab)+"], ["(foo|bar)+"], ["((?:a|aa))+"], ["(?:x(?:y|z))+"]])("the repeated alternation in %j", (pattern) => {
    expect(refusal(pattern)).toMatch(/"\|"/);
  });

  it("more than ten repeating quantifiers, counting them", () => {
    expect(checkPattern("a{2,3}".repeat(10)).ok).toBe(true);
    expect(refusal("\\d{2,4}".repeat(11))).toBe("pattern has 11 repeating quantifiers; at most 10");
  });

  it("more than one unbounded quantifier, whose failing matches grow with a power of the text", () => {
    expect(checkPattern("^SQ \\*.*COFFEE").ok).toBe(true);
    expect(checkPattern("\\d{1,15}-\\d{1,15}").ok).toBe(true);
    expect(refusal("\\w*\\w*!")).toContain("2 unbounded quantifiers");
    expect(refusal("a*a*a*b")).toContain("3 unbounded quantifiers");
    expect(refusal("\\s*x{2,}\\w+")).toContain("3 unbounded quantifiers");
    // A wide bounded range costs what * costs.
    expect(refusal("a{0,100}a{0,100}!")).toContain("2 unbounded quantifiers");
  });

  it("a repeated group whose body varies in length, even only by a ?", () => {
    expect(refusal("(?:\\w\\w?){1,20}!")).toContain("varies in length");
    expect(refusal("(a?){3}")).toContain("varies in length");
    expect(refusal("(\\w{2,5}-)+x")).toContain("varies in length");
    expect(checkPattern("(?:ab){3}").ok).toBe(true);
    expect(checkPattern("(?:\\d{3}-){2}\\d{4}").ok).toBe(true);
  });

  it("names the offending group", () => {
    expect(refusal("^PAYROLL (\\w+ ?)+$")).toContain("(\\w+ ?)+");
  });
});

describe("checkPattern on any input", () => {
  /** Text made of regular-expression pieces, so the scan meets unbalanced and odd input often. */
  const regexish = fc
    .array(fc.constantFrom("a", "\\", "(", ")", "(?:", "(?<n>", "[", "]", "^", "|", "*", "+", "?", "{2}", "{1,3}", "{2,}", "\\1", "\\k<n>", "\\p{L}", "\\u{61}"), { maxLength: 120 })
    .map((pieces) => pieces.join(""));

  /** Patterns built from the grammar, so they compile and reach the scan: groups in groups, classes, alternations, every quantifier. */
  const { alternation: wellFormed, term } = fc.letrec((tie) => ({
    term: fc.oneof(
      { depthSize: "small" },
      fc.constantFrom("a", "b", ".", "\\d", "\\s", "[a-c]", "[(+*)|]", "\\(", "\\|", "\\p{L}", "\\u{61}"),
      fc.tuple(fc.constantFrom("(", "(?:"), tie("alternation"), fc.constant(")")).map((parts) => parts.join("")),
    ),
    piece: fc.oneof(
      fc.tuple(tie("term"), fc.constantFrom("", "", "?", "*", "+", "+?", "{2}", "{1,3}", "{2,}")).map((parts) => parts.join("")),
      fc.constantFrom("^", "$", "(?=a+)", "(?<!b)"), // assertions take no quantifier in unicode mode
    ),
    sequence: fc.array(tie("piece"), { maxLength: 3 }).map((pieces) => pieces.join("")),
    alternation: fc.array(tie("sequence"), { minLength: 1, maxLength: 2 }).map((branches) => branches.join("|")),
  }));

  it("never throws; what it accepts is short and compiles again from its source", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 260 }), regexish, wellFormed), (pattern) => {
        const check = checkPattern(pattern);
        if (check.ok) {
          expect(pattern.length).toBeLessThanOrEqual(patternLengthMax);
          // eslint-disable-next-line security/detect-non-literal-regexp -- the property under test: an accepted source compiles
          expect(() => new RegExp(check.regex.source, "iu")).not.toThrow();
        } else {
          expect(check.reason).toMatch(/^pattern /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses any group that repeats something repeating, whatever surrounds it", () => {
    fc.assert(
      fc.property(wellFormed, term, wellFormed, (before, repeated, after) => {
        expect(checkPattern(`(?:${before}(?:${repeated})+${after})*`).ok).toBe(false);
      }),
    );
  });

  it("gives the same verdict for a pattern and the same pattern in a group that does not repeat", () => {
    fc.assert(
      fc.property(wellFormed, (pattern) => {
        fc.pre(pattern !== "" && pattern.length + 4 <= patternLengthMax);
        expect(checkPattern(`(?:${pattern})`).ok).toBe(checkPattern(pattern).ok);
      }),
    );
  });

  it("whatever it accepts finishes against a long adversarial description", () => {
    // Arbitrary text, not grammar-built patterns: those would include runs such as a*a*b,
    // which the rules accept yet which backtrack polynomially (only their number is capped).
    const adversarial = ["a".repeat(5000) + "!", " ".repeat(5000) + "!", "ab".repeat(2500) + "!"];
    fc.assert(
      fc.property(fc.string({ maxLength: patternLengthMax }), (pattern) => {
        const check = checkPattern(pattern);
        if (check.ok) for (const description of adversarial) check.regex.test(description);
      }),
    );
  });
});
