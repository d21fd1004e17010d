/**
 * The vendor behind a bank description: what the categorizer and a person
 * both want to see. Banks wrap the merchant in channel words (CHECKCARD 0412,
 * PURCHASE AUTHORIZED ON 03/13, POS DEBIT), processor prefixes (SQ *, TST*,
 * PAYPAL *), ACH envelopes (ORIG CO NAME:, DES:, PPD ID:), store numbers,
 * card digits, trace numbers and the city and state; this takes them off.
 * The description itself is always kept verbatim beside it.
 */
import { collapseSpaces, hasUnevenSpace } from "../shared/text.ts";

const usStates = new Set(
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split(" "),
);
/** First words of two-word city names, so "WEST CHESTER OH" goes whole. */
const cityFirstWords = new Set(["SAN", "LOS", "LAS", "NEW", "ST", "SAINT", "FORT", "FT", "EL", "WEST", "EAST", "NORTH", "SOUTH", "MOUNTAIN", "SALT", "PALO", "MENLO", "BLUE", "OVERLAND"]);

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

export function normalizeVendor(description: string): string {
  let text = description.toUpperCase().trim();
  for (const [needle, pattern] of channelWords) {
    if (!text.includes(needle)) continue;
    const match = pattern.exec(text);
    if (!match) continue;
    text = match[1] !== undefined ? match[1].trim() : text.slice(match[0].length);
  }
  // Fixed-width fields (Chase's ACH company, Amex's merchant): the first run of spaces ends the name.
  if (hasUnevenSpace(text)) text = collapseSpaces(text.replace(/^(.{3,22}?)\s{2,}.*$/, "$1"));
  text = text.replace(processorPrefixes, "");
  for (const [needle, pattern] of noise) if (text.includes(needle)) text = text.replace(pattern, " ");
  text = collapseSpaces(text).trim();

  // A trailing state code, and the city before it.
  const state = / ([A-Z]{2})$/.exec(text);
  if (state && usStates.has(state[1] as string)) {
    const words = text.split(" ");
    if (words.length >= 3) {
      words.pop();
      words.pop();
      if (words.length >= 2 && cityFirstWords.has(words[words.length - 1] ?? "")) words.pop();
      text = words.join(" ");
    }
  }
  text = text.replace(/[*,\s-]+$/, "").trim();
  return text === "" ? titleCase(description.trim()).slice(0, 80) : titleCase(text);
}
