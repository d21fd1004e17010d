/**
 * What a receipt says, read from its text (OCR, a PDF's text layer, a
 * pasted slip): the vendor as printed, the date, the total, tax and tip,
 * the currency, the card's last four digits, and whether it was paid in cash
 * or left the tip to be written in. Receipts come from every kind of
 * printer, so each field is found by what it looks like and the words around
 * it, never by its position on one vendor's slip. Pure.
 */
import { readDate, isoOf, type CalendarDate, type DateOrder } from "../ingest/dates.ts";

export interface Extracted {
  vendor: string | null;
  /** ISO date. */
  date: string | null;
  totalMinor: number | null;
  taxMinor: number | null;
  tipMinor: number | null;
  currency: string | null;
  cardLast4: string | null;
  paidInCash: boolean;
  /** A blank tip line: the charge will be the total plus a tip written in by hand. */
  tipLeftOut: boolean;
}

/** An amount with exactly two decimals: "12.34", "$1,234.56", "1 234,56", "-3.10"; OCR's "185. 13" is mended first. */
// Linear despite the nested group: each repetition starts at a separator the digits before it cannot take.
// eslint-disable-next-line security/detect-unsafe-regex -- see above
const amountPattern = /(?<![\d.,/])-?(?:[$€£]\s?)?(?:\d{1,3}(?:[,.' ]\d{3})+|\d+)[.,]\d{2}(?![\d%]|[.,/-]\d)/g;

/** Reads an amount token into minor units: the last separator is the decimal one. */
export function amountOf(token: string): number | null {
  const digits = token.replace(/[^\d.,-]/g, "");
  const negative = digits.startsWith("-");
  const unsigned = digits.replace("-", "");
  const decimalAt = Math.max(unsigned.lastIndexOf("."), unsigned.lastIndexOf(","));
  if (decimalAt < 0 || unsigned.length - decimalAt - 1 !== 2) return null;
  const whole = unsigned.slice(0, decimalAt).replace(/[.,]/g, "");
  const minor = Number(whole) * 100 + Number(unsigned.slice(decimalAt + 1));
  if (!Number.isSafeInteger(minor)) return null;
  return negative ? -minor : minor;
}

/** OCR splits numbers ("185. 13", "1 ,234.56") and reads a cent's 0 as the letter O ("12.5O"); mend them before reading. */
const mendOcr = (line: string): string =>
  line
    .replace(/(?<=\d[.,])[\dOo]{2}(?![\p{L}\d])/gu, (cents) => cents.replace(/[Oo]/g, "0"))
    .replace(/(\d)\s*([.,])\s+(\d{2})(?!\d)/g, "$1$2$3")
    .replace(/(\d)\s+([.,]\d{2})(?!\d)/g, "$1$2");

function amountsIn(line: string): number[] {
  return [...mendOcr(line).matchAll(amountPattern)].map((match) => amountOf(match[0])).filter((amount): amount is number => amount !== null);
}

const lastAmount = (line: string): number | undefined => amountsIn(line).at(-1);

/** How strongly a line says "this is what was paid", best first; subtotals, savings and item counts are not totals. */
const totalWords: readonly RegExp[] = [
  /\b(?:grand total|total due|amount due|balance due|total amount|amount paid|total paid|total charged)\b/i,
  /\b(?:fuel )?t[o0]tal\b|\b(?:summe|gesamtbetrag)\b/i,
  /\b(?:paid|charged|payment|visa|mastercard|amex|discover|debit|credit)\b/i,
];
const notATotal = /\b(?:sub ?-? ?t[o0]tal|total (?:tax|savings|saved|items?|qty|quantity|discount)|tax total|items? total|change)\b/i;

function totalOf(lines: readonly string[]): number | null {
  for (const words of totalWords) {
    const found = lines.flatMap((line) => (words.test(line) && !notATotal.test(line) ? (lastAmount(line) ?? []) : []));
    // The largest of equally telling lines: a slip prints the total, then the tender of the same amount.
    if (found.length > 0) return Math.max(...found);
  }
  const all = lines.flatMap(amountsIn);
  return all.length === 0 ? null : Math.max(...all);
}

function labelledAmount(lines: readonly string[], label: RegExp, unless?: RegExp): number | null {
  for (const line of lines) {
    if (!label.test(line) || unless?.test(line) === true) continue;
    const amount = lastAmount(line);
    if (amount !== undefined) return amount;
  }
  return null;
}

const taxLabel = /\b(?:sales\s+tax|tax|vat|tva|gst|hst|pst|iva|mwst)\b/i;
const tipLabel = /\b(?:tip|gratuity)\b/i;
/** A printed suggestion ("Suggested gratuity: 18% 4.23") is not a tip anyone paid. */
const tipSuggestion = /\b(?:suggest|guide|recommended)\w*\b|\d\s*%/i;

/** A tip line with room to write in ("Tip: ______") and no amount: the tip is on the charge, not the slip. */
const tipLeftBlank = (lines: readonly string[]): boolean => lines.some((line) => tipLabel.test(line) && !tipSuggestion.test(line) && /_{3,}/.test(line) && amountsIn(line).length === 0);

/**
 * The card's last four: "************1234", "XXXX1234", "VISA ****0412",
 * "ending in 1234", "Card #: x1234", "MASTERCARD ***%9902". OCR garbles masks and spaces them out,
 * so spaces between mask marks go first, and any run of marks counts.
 */
const cardPatterns: readonly RegExp[] = [
  // OCR reads a mask's asterisk as % now and then.
  /[*xX#•·.%]{2,} ?(\d{4})\b/,
  /\bending(?: in)?[: ]+(\d{4})\b/i,
  /\b(?:card|acct|account|visa|mastercard|amex|discover|debit)\b[^\d\n]{0,20}(\d{4})\b/i,
];

function cardOf(lines: readonly string[]): string | null {
  for (const pattern of cardPatterns) {
    for (const line of lines) {
      const match = pattern.exec(line.replace(/([*xX#•·.%]) (?=[*xX#•·.%\d])/g, "$1"));
      if (match?.[1] !== undefined) return match[1];
    }
  }
  return null;
}

const cashPaid = (lines: readonly string[]): boolean => lines.some((line) => /\bcash\b/i.test(line) && !/\bcash\s*back\b/i.test(line)) && cardOf(lines) === null;

function currencyOf(text: string): string | null {
  const code = /\b(USD|EUR|GBP|CAD|AUD|CHF|MXN|JPY)\b/.exec(text)?.[1];
  if (code !== undefined) return code;
  if (/(?:CA?\$|C\$)\s?\d/.test(text)) return "CAD";
  if (/A\$\s?\d/.test(text)) return "AUD";
  if (/€/.test(text)) return "EUR";
  if (/£/.test(text)) return "GBP";
  if (/\$/.test(text)) return "USD";
  return null;
}

/** Date-looking pieces of a line: ISO, numeric with separators, and with a month's name. */
const datePieces = /\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})\b/g;

/**
 * The receipt's date: on a line that says "date" if there is one, else the
 * first date on the slip. A day above 12 settles month and day; otherwise
 * the currency's custom does (month first for dollars and unknown, day
 * first for euros and pounds).
 */
function dateOf(lines: readonly string[], currency: string | null): string | null {
  const preferred: DateOrder = currency === "EUR" || currency === "GBP" ? "DMY" : "MDY";
  const other: DateOrder = preferred === "MDY" ? "DMY" : "MDY";
  const ordered = [...lines.filter((line) => /\bdate\b/i.test(line)), ...lines];
  for (const line of ordered) {
    for (const [piece] of line.matchAll(datePieces)) {
      const read: CalendarDate | null = readDate(piece, preferred) ?? readDate(piece, other) ?? readDate(piece, "YMD");
      if (read !== null) return isoOf(read);
    }
  }
  return null;
}

/** Lines that are not the vendor's name: addresses, phone numbers, web addresses, dates, amounts, boilerplate. */
const notAVendor = /^(?:\d|#)|\b(?:receipt|invoice|welcome|thank|tel|phone|fax|www\.|https?:|order|table|server|cashier|store\s*#|date|time|trans)\b|@|\d{3}[-.)\s]\d{3}[-.\s]\d{4}/i;

function vendorOf(lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 8)) {
    const text = line.replace(/\s+/g, " ").trim();
    if (text.length < 3 || notAVendor.test(text) || amountsIn(text).length > 0) continue;
    if ((text.match(/\p{L}/gu) ?? []).length < 3) continue;
    return text.slice(0, 120);
  }
  return null;
}

export function extractReceipt(text: string): Extracted {
  // Spaces as one, and a line no longer than a receipt's: every pattern here then runs in bounded time.
  const lines = text
    .normalize("NFKC")
    .replace(/[\u00a0\u202f\t ]+/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim().slice(0, 200))
    .filter((line) => line !== "");
  const currency = currencyOf(text);
  return {
    vendor: vendorOf(lines),
    date: dateOf(lines, currency),
    totalMinor: totalOf(lines),
    taxMinor: labelledAmount(lines, taxLabel, /\b(?:pre-?tax|tax\s*id|tax\s*exempt|total)\b/i),
    tipMinor: labelledAmount(lines, tipLabel, tipSuggestion),
    currency,
    cardLast4: cardOf(lines),
    paidInCash: cashPaid(lines),
    tipLeftOut: tipLeftBlank(lines),
  };
}
