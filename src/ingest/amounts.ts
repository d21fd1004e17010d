/**
 * Money as banks write it, read into integer minor units. One cell at a
 * time, and strict: a cell this cannot read exactly is refused with a
 * reason, never guessed at. Which separator is the decimal one is decided
 * over a whole column (see decimalSeparatorOf), because "1,234" alone could
 * be either.
 */

export type DecimalSeparator = "." | ",";

export type AmountReading = { ok: true; minor: number } | { ok: false; reason: string };

const plainWithPeriod = /^(-?)(\d+)\.?(\d*)$/;
const plainWithComma = /^(-?)(\d+),?(\d*)$/;
const currencyMarks = /^(?:[$€£¥]|USD|EUR|GBP|CAD|AUD|US\$|CA\$|A\$)/i;
const currencyMarksAtEnd = /(?:[$€£¥]|USD|EUR|GBP|CAD|AUD)$/i;

/**
 * Reads one amount. Accepts a leading or trailing minus, parentheses, a
 * trailing CR (credit, money in) or DR (debit, money out), currency symbols
 * or codes on either side, and thousands separators that are not the decimal
 * separator (including spaces and apostrophes). `decimals` is the currency's
 * minor-unit count (2 for USD).
 */
export function readAmount(cell: string, decimal: DecimalSeparator, decimals = 2): AmountReading {
  const plain = (decimal === "." ? plainWithPeriod : plainWithComma).exec(cell);
  if (plain) {
    // "-12.34": most cells of most exports, read without the general path's trimming and splitting.
    const [, sign, whole = "", fraction = ""] = plain;
    if (fraction.length <= decimals) {
      const minor = Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, "0"));
      if (Number.isSafeInteger(minor)) return { ok: true, minor: sign === "-" && minor !== 0 ? -minor : minor };
    }
  }
  let text = cell.trim().replace(/\u00a0|\u202f/g, " ");
  if (text === "") return { ok: false, reason: "no amount" };
  let negative = false;
  let marked = false;
  if (text.startsWith("(") && text.endsWith(")")) {
    negative = !negative;
    marked = true;
    text = text.slice(1, -1).trim();
  }
  const suffix = /\s*(CR|DR)\.?$/i.exec(text);
  if (suffix) {
    if (suffix[1]?.toUpperCase() === "DR") negative = !negative;
    marked = true;
    text = text.slice(0, suffix.index).trim();
  }
  if (text.startsWith("-") || text.startsWith("\u2212")) {
    negative = !negative;
    text = text.slice(1).trim();
  } else if (text.startsWith("+")) {
    text = text.slice(1).trim();
  }
  const leading = currencyMarks.exec(text);
  if (leading) text = text.slice(leading[0].length).trim();
  if (text.startsWith("-") && !marked) {
    // "$-12.00"
    negative = !negative;
    text = text.slice(1).trim();
  }
  const trailing = currencyMarksAtEnd.exec(text);
  if (trailing) text = text.slice(0, trailing.index).trim();
  if (text.endsWith("-")) {
    // A trailing minus, as some German and mainframe exports write it.
    negative = !negative;
    text = text.slice(0, -1).trim();
  }

  const [whole = "", fraction, extra] = text.split(decimal);
  if (extra !== undefined) return { ok: false, reason: `more than one decimal separator in ${JSON.stringify(cell)}` };
  const digits = wholeDigits(whole, decimal === "." ? [",", " ", "'"] : [".", " ", "'"]);
  if (digits === null) return { ok: false, reason: `not an amount: ${JSON.stringify(cell)}` };
  const cents = fraction ?? "";
  if (!/^\d*$/.test(cents) || cents.length > decimals) {
    return { ok: false, reason: `more than ${decimals} decimal places in ${JSON.stringify(cell)}` };
  }
  const minor = Number(digits) * 10 ** decimals + Number(cents.padEnd(decimals, "0"));
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `amount too large: ${JSON.stringify(cell)}` };
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

/** The digits of a whole part, either plain or grouped in threes by one of the separators ("1,234,567"). */
function wholeDigits(whole: string, separators: readonly string[]): string | null {
  if (/^\d+$/.test(whole)) return whole;
  const separator = separators.find((s) => whole.includes(s));
  if (separator === undefined) return null;
  const groups = whole.split(separator);
  const [first = "", ...rest] = groups;
  if (!/^\d{1,3}$/.test(first) || !rest.every((group) => /^\d{3}$/.test(group))) return null;
  return groups.join("");
}

/**
 * Decides a column's decimal separator from all its cells. A cell with both
 * marks settles it (the last one is the decimal). Otherwise a mark followed
 * by exactly one, two, or more than three digits is decimal; a mark
 * followed by exactly three digits is ambiguous on its own. When nothing
 * decides, the period wins: most exports that reach us are written that way.
 */
export function decimalSeparatorOf(cells: Iterable<string>): DecimalSeparator {
  let votes = 0;
  for (const cell of cells) votes += decimalVote(cell);
  return separatorOfVotes(votes);
}

/** The separator a column's summed votes choose; a tie goes to the period. */
export const separatorOfVotes = (votes: number): DecimalSeparator => (votes < 0 ? "," : ".");

/** One cell's say: +1 for the period, -1 for the comma, 0 when it has no mark or is ambiguous. */
export function decimalVote(raw: string): -1 | 0 | 1 {
  const cell = raw.trim();
  const lastPeriod = cell.lastIndexOf(".");
  const lastComma = cell.lastIndexOf(",");
  if (lastPeriod >= 0 && lastComma >= 0) return lastPeriod > lastComma ? 1 : -1;
  const at = Math.max(lastPeriod, lastComma);
  if (at < 0) return 0;
  const after = /^\d+/.exec(cell.slice(at + 1))?.[0].length ?? 0;
  if (after === 3) return 0;
  return lastPeriod >= 0 ? 1 : -1;
}
