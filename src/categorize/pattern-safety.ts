/**
 * Rules may match a transaction's description with a regular expression the
 * user wrote. JavaScript's engine backtracks, so some patterns take
 * exponential time on an unlucky description and would stall every import
 * that runs the rule. A rule's pattern is checked once, when it is stored:
 * a short hand-written scan refuses the shapes that backtrack badly.
 *
 * The scan runs only on a pattern that already compiles with "iu", so it can
 * lean on unicode mode's strict grammar: a lone `{`, `}` or `]`, a quantified
 * assertion and a `\digit` that names no group are all syntax errors there.
 */

export const patternLengthMax = 200;

/** At most this many repeating quantifiers in one pattern. */
const repeatingQuantifiersMax = 10;
/**
 * At most one unbounded quantifier (`*`, `+`, `{n,}`, or a range wider than
 * wideRangeMin). Two in a row (`\w*\w*!`) backtrack in cubic time, about 40 ms
 * per 256-character description, which a 100,000-row import cannot afford;
 * one costs at most the square of the (bounded, see rules.ts) text.
 */
const unboundedQuantifiersMax = 1;
/** `{n,m}` with m - n at least this is as costly as `*` when it backtracks. */
const wideRangeMin = 16;

export type PatternCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

/** What a group holds, recorded while its body is scanned. */
type Group = { start: number; alternates: boolean; varies: boolean };

/** A quantifier read at some position: where it ends and whether it repeats its atom. */
/** `varies`: its atom may match a varying number of times (`?` included), which a repeated group multiplies. */
type Quantifier = { end: number; repeats: boolean; unbounded: boolean; varies: boolean };

/** The index just past the next `char` from `at`, or the end: never backwards, so the scan always advances. */
function past(pattern: string, char: string, at: number): number {
  const found = pattern.indexOf(char, at);
  return found === -1 ? pattern.length : found + 1;
}

/**
 * The quantifier at `at`, if any. It repeats when it can match its atom more
 * than once: `*`, `+`, `{n,}`, `{n,m}` with m > 1, and `{n}` with n > 1 too,
 * since `(a+){3}` splits a run of a's as many ways as `(a+){1,3}` does.
 */
function readQuantifier(pattern: string, at: number): Quantifier | undefined {
  const c = pattern.charAt(at);
  let end = at + 1;
  let repeats: boolean;
  let unbounded = false;
  let varies = true;
  if (c === "*" || c === "+") repeats = unbounded = true;
  else if (c === "?") repeats = false;
  else if (c === "{") {
    // Unicode mode allows `{` only as a whole quantifier, so a `}` follows.
    end = past(pattern, "}", at);
    const [min = "", max] = pattern.slice(at + 1, end - 1).split(",");
    unbounded = max === "" || (max !== undefined && Number(max) - Number(min) >= wideRangeMin);
    varies = max !== undefined && max !== min;
    repeats = max === undefined ? Number(min) > 1 : max === "" || Number(max) > 1;
  } else return undefined;
  if (pattern.charAt(end) === "?") end += 1; // lazy: same backtracking, other order
  return { end, repeats, unbounded, varies };
}

/** Where the escape starting at the backslash at `at` ends: `\p{..}`, `\P{..}` and `\u{..}` carry braces that are not a quantifier. */
function escapeEnd(pattern: string, at: number): number {
  const letter = pattern.charAt(at + 1);
  if ("pPu".includes(letter) && pattern.charAt(at + 2) === "{") return past(pattern, "}", at);
  return at + 2;
}

/** Why the structure of a compiled pattern is refused, or undefined when it is not. */
function structuralProblem(pattern: string): string | undefined {
  const groups: Group[] = [{ start: 0, alternates: false, varies: false }];
  let repeating = 0;
  let unbounded = 0;
  let i = 0;
  while (i < pattern.length) {
    const top = groups.at(-1) ?? { start: 0, alternates: false, varies: false };
    const c = pattern.charAt(i);
    let closed: Group | undefined; // the group this atom closes, when it is a `)`
    if (c === "\\") {
      const next = pattern.charAt(i + 1);
      if (next === "k" || (next >= "1" && next <= "9")) {
        // Matching a backreference can need every way of splitting the text before it.
        let end = next === "k" ? past(pattern, ">", i) : i + 2;
        while (next !== "k" && pattern.charAt(end) >= "0" && pattern.charAt(end) <= "9") end += 1;
        return `pattern uses the backreference ${pattern.slice(i, end)}; backreferences can make matching take exponential time`;
      }
      i = escapeEnd(pattern, i);
    } else if (c === "[") {
      // A class is one atom; inside it quantifier characters, `|` and parentheses are literal.
      i += 1;
      while (i < pattern.length && pattern.charAt(i) !== "]") i = pattern.charAt(i) === "\\" ? escapeEnd(pattern, i) : i + 1;
      i += 1;
    } else if (c === "(") {
      groups.push({ start: i, alternates: false, varies: false });
      // `(?:`, `(?=`, `(?<name>`: the `?` is no quantifier; the rest are plain atoms.
      i += pattern.charAt(i + 1) === "?" ? 2 : 1;
      continue;
    } else if (c === ")") {
      closed = groups.pop();
      i += 1;
    } else if (c === "|") {
      top.alternates = true;
      i += 1;
      continue;
    } else i += 1;

    const quantifier = readQuantifier(pattern, i);
    const repeats = quantifier?.repeats ?? false;
    const outer = groups.at(-1) ?? top;
    if (closed !== undefined) {
      const text = pattern.slice(closed.start, quantifier?.end ?? i);
      if (repeats && closed.varies) {
        return `pattern repeats the group ${text} whose body varies in length too; nested quantifiers make matching take exponential time`;
      }
      if (repeats && closed.alternates) {
        return `pattern repeats the group ${text}, which holds a "|" whose branches may match the same text; write the alternatives without repeating the group`;
      }
      // The enclosing group holds whatever this one holds, however deep.
      outer.alternates ||= closed.alternates;
      outer.varies ||= closed.varies;
    }
    if (repeats) repeating += 1;
    if (quantifier?.unbounded === true) unbounded += 1;
    if (quantifier?.varies === true) outer.varies = true;
    i = quantifier?.end ?? i;
  }
  // Runs such as \s*\s*\s* backtrack polynomially, to the power of their length: the cap bounds that power, it does not remove it.
  if (unbounded > unboundedQuantifiersMax) {
    return `pattern has ${unbounded} unbounded quantifiers (*, +, {n,} or a range of ${wideRangeMin} or more); at most ${unboundedQuantifiersMax}, since each one more multiplies the time a failing match can take`;
  }
  if (repeating > repeatingQuantifiersMax) {
    return `pattern has ${repeating} repeating quantifiers; at most ${repeatingQuantifiersMax}`;
  }
  return undefined;
}

/** Compiles a rule's pattern, or says in one sentence why it is refused. */
export function checkPattern(pattern: string): PatternCheck {
  if (pattern === "") return { ok: false, reason: "pattern is empty" };
  if (pattern.length > patternLengthMax) {
    return { ok: false, reason: `pattern is ${pattern.length} characters; at most ${patternLengthMax}` };
  }
  let regex: RegExp;
  try {
    // eslint-disable-next-line security/detect-non-literal-regexp -- at most patternLengthMax characters, and the regex is handed out only after the scan below refuses backreferences, nested quantifiers and repeated alternations
    regex = new RegExp(pattern, "iu");
  } catch (error) {
    // The engine repeats the pattern in its message; only its last part says what is wrong.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `pattern is not a valid regular expression: ${message.slice(message.lastIndexOf(": ") + 1).trim()}` };
  }
  const problem = structuralProblem(pattern);
  return problem === undefined ? { ok: true, regex } : { ok: false, reason: problem };
}
