/**
 * The vendor behind a bank description: what the categorizer and a person
 * both want to see. Banks wrap the merchant in channel words (CHECKCARD 0412,
 * PURCHASE AUTHORIZED ON 03/13, POS DEBIT), processor prefixes (SQ *, TST*,
 * PAYPAL *), ACH envelopes (ORIG CO NAME:, DES:, PPD ID:), store numbers,
 * card digits, trace numbers and the city and state; this takes them off.
 * The description itself is always kept verbatim beside it.
 */
import { collapseSpaces, hasUnevenSpace, withoutAccents } from "../shared/text.ts";

const usStates = new Set(
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split(" "),
);
/** First words of two-word city names, so "WEST CHESTER OH" goes whole. */
const cityFirstWords = new Set(["SANTA", "SAN", "LOS", "LAS", "NEW", "ST", "SAINT", "FORT", "FT", "EL", "WEST", "EAST", "NORTH", "SOUTH", "MOUNTAIN", "SALT", "PALO", "MENLO", "BLUE", "OVERLAND"]);

/**
 * Each pattern with a literal it cannot match without: a plain substring test
 * skips most patterns for most descriptions, and this runs on every row of an
 * import.
 */
type Pattern = readonly [needle: string, pattern: RegExp];

const channelWords: readonly Pattern[] = [
  ["ORIG CO NAME:", /^ORIG CO NAME:(.+?)\s+ORIG ID:.*$/],
  ["DES:", /^(.+?)\s+DES:.*$/],
  ["CARD ", /^(?:CARD PURCHASE(?: WITH PIN)?|CARD REFUND)\s+\d\d\/\d\d\s+/],
  ["AUTHORIZED ON", /^PURCHASE (?:RETURN )?AUTHORIZED ON\s+\d\d\/\d\d\s+/],
  ["CHECKCARD", /^CHECKCARD\s+\d{4}\s+/],
  ["DEBIT CARD", /^DEBIT CARD (?:PURCHASE|RETURN) AT\s+/],
  ["", /^(?:POS (?:DEBIT|CREDIT|PURCHASE)|ACH (?:DEBIT|CREDIT)|RECURRING PAYMENT|PREAUTHORIZED DEBIT)\s*-?\s+/],
];

const noise: readonly Pattern[] = [
  ["FROM CARD#:", /\s+ON \d{4} FROM CARD#:.*$/], // Fifth Third's tail
  ["PPD ID:", /\s+PPD ID:.*$/],
  ["", /\s+S\d{12,}\b.*$/], // Wells Fargo's transaction code and card
  ["CARD ", /\s+CARD \d{4}$/],
  ["XXXX", /\bX{4,}\d{4}\b/g],
  [".", /\b[\w.-]+\.(?:COM|NET|ORG|IO|CO)\b/g], // HELP.UBER.COM, AWS.AMAZON.CO
  ["*", /\*[A-Z0-9]{6,}\b/g], // AMAZON MKTPL*RA4KL2JH3: the order reference
  ["#", /#\s*\d+/g], // store numbers
  ["", /\b\d[\d-]{3,}\b/g], // long numbers: ids, traces, phone numbers
];

const processorPrefixes = /^(?:SQ|TST|PAYPAL|PP|SP|EB|GOOGLE|FACEBK|MSFT|INTUIT|CANVA|UBER|VISTAPR|UPWORK)\s?\*\s*/;

const wordStarts = new Set([" ", "\t", "\n", "\r", "/", "-"]);

/** Lowercase with each word's first letter raised; a word starts the text or follows a space, slash or hyphen. */
function titleCase(text: string): string {
  const lower = text.toLowerCase();
  let result = "";
  let from = 0;
  for (let i = 0; i < lower.length; i++) {
    if (i > 0 && !wordStarts.has(lower.charAt(i - 1))) continue;
    const letter = String.fromCodePoint(lower.codePointAt(i) as number);
    result += lower.slice(from, i) + letter.toUpperCase();
    from = i + letter.length;
  }
  return result + lower.slice(from);
}

/**
 * A word that is a reference, not a name: letters and digits mixed, five or
 * more of them (GUSTO NET KD9JZ71CY, SLACK T0XP0JT5N55, GSUITE_W29241YDK).
 * Brands with a digit keep theirs: 7-ELEVEN, 5/3, 3M.
 */
const referenceWord = /^(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z\d]{5,}$/;

/**
 * A reference of letters alone after a processor's star (FACEBK *AACKKCKUG):
 * one long word with a run of five consonants, which names rarely have.
 */
function isLetterReference(text: string): boolean {
  if (text.length < 8 || !/^[A-Z]+$/.test(text)) return false;
  let run = 0;
  for (const letter of text) {
    run = "AEIOU".includes(letter) ? 0 : run + 1;
    if (run >= 5) return true;
  }
  return false;
}

/** A day and month as banks print them inside descriptions (01/22, 01/22/25), never a brand like 5/3. */
function isPrintedDate(word: string): boolean {
  const parts = word.split("/");
  const digits = (part: string | undefined, ...lengths: number[]): boolean => part !== undefined && lengths.includes(part.length) && /^\d+$/.test(part);
  return (parts.length === 2 || parts.length === 3) && digits(parts[0], 2) && digits(parts[1], 2) && (parts.length === 2 || digits(parts[2], 2, 4));
}

/** A label for a number that the noise rules took away: TRANSACTION#, CONFIRMATION#:. */
const numberLabel = /#:?$/;

/** Words a bank adds around the name that say nothing about who was paid. */
const envelopeWords = new Set(["REFUND", "RETURN", "US", "USA", "WEB", "PMNT", "DESC"]);

/** Drops reference words, and the receiving company's own name (ACH entries print it: INDN:, the payee line). */
function withoutReferences(text: string, companyWords: ReadonlySet<string>): string[] {
  return text
    .replace(/_/g, " ")
    .split(" ")
    .filter((word) => word !== "" && !referenceWord.test(word.replace(/^[-*]+/, "")) && !isPrintedDate(word) && !numberLabel.test(word) && !companyWords.has(word));
}

/** "ADP WAGE PAY WAGE PAY" has one name in it: a run of words printed twice in a row is kept once. */
function withoutRepeats(words: readonly string[]): string[] {
  const kept = [...words];
  for (let size = Math.floor(kept.length / 2); size >= 1; size--) {
    for (let start = 0; start + 2 * size <= kept.length; start++) {
      const first = kept.slice(start, start + size).join(" ");
      if (first === kept.slice(start + size, start + 2 * size).join(" ")) kept.splice(start + size, size);
    }
  }
  return kept;
}

/** Words of the company's name that banks print in its own ACH entries, so they never become part of a vendor. */
function nameWords(companyName: string | undefined): Set<string> {
  const words = (companyName ?? "").toUpperCase().split(/[^A-Z0-9&]+/);
  // Its legal-form and very short words are common in vendors' names too.
  return new Set(words.filter((word) => word.length >= 4 && !["INC.", "CORP", "GROUP", "COMPANY"].includes(word)));
}

/**
 * A trailing state code, and the city before it. "CO" is as often "Company"
 * (SMITH PLUMBING CO) as Colorado: it is a place only after a known city.
 */
function withoutPlace(words: string[]): string[] {
  const last = words[words.length - 1];
  if (words.length < 3 || last === undefined || !/^[A-Z]{2}$/.test(last) || !usStates.has(last)) return words;
  if (last === "CO" && !cityFirstWords.has(words[words.length - 2] ?? "")) return words;
  const kept = words.slice(0, -2);
  if (kept.length >= 1 && cityFirstWords.has(kept[kept.length - 1] ?? "")) kept.pop();
  return kept;
}

/**
 * The vendor behind a bank description. `companyName` is the company whose
 * statement it is: its name, printed in its own ACH entries, is not a vendor.
 */
export function normalizeVendor(description: string, companyName?: string): string {
  let text = description.toUpperCase().trim();
  for (const [needle, pattern] of channelWords) {
    if (!text.includes(needle)) continue;
    const match = pattern.exec(text);
    if (!match) continue;
    text = match[1] !== undefined ? match[1].trim() : text.slice(match[0].length);
  }
  // Fixed-width fields (Chase's ACH company, Amex's merchant): the first run of spaces ends the name.
  if (hasUnevenSpace(text)) text = collapseSpaces(text.replace(/^(.{3,22}?)\s{2,}.*$/, "$1"));
  const processor = processorPrefixes.exec(text);
  text = text.replace(processorPrefixes, "");
  for (const [needle, pattern] of noise) if (text.includes(needle)) text = text.replace(pattern, " ");
  text = collapseSpaces(text).replace(/\s+[:#]\s*|\s*[:#]\s+|\.{2,}/g, " ").trim();
  let words = withoutPlace(withoutReferences(text, nameWords(companyName)));
  words = withoutRepeats(words.filter((word, index) => index > 0 || !envelopeWords.has(word)));
  while (words.length > 0 && envelopeWords.has(words[words.length - 1] ?? "")) words.pop();
  text = words.join(" ").replace(/[*,\s:-]+$/, "").replace(/^[*,\s:-]+/, "").trim();
  // FACEBK *KQPD8R8QE: what followed the processor was only a reference, so the processor is who was paid.
  if (processor && (text === "" || isLetterReference(text))) text = processor[0].replace(/[\s*]+/g, "");
  // Nothing but the company's own name: the name is the vendor after all (a namesake, or its own shop's card).
  if (text === "" && companyName !== undefined) return normalizeVendor(description);
  return text === "" ? titleCase(description.trim()).slice(0, 80) : titleCase(text);
}

/**
 * The vendor as the learned tier keys on it: lower case, letters (of any
 * script: a Tokyo stationer is not nobody) and the digits of brand names
 * only, single spaces. Two printings of one vendor (SQ *BLUE OAK, Blue Oak
 * Coffee Ro) are not merged here; that is what the tier's word features are
 * for.
 */
export function vendorKey(vendor: string): string {
  return collapseSpaces(withoutAccents(vendor).toLowerCase().replace(/[^\p{L}\p{N}&/ ]+/gu, " ")).trim();
}
