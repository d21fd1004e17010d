/**
 * How each bank writes a transaction's description. Real exports differ far
 * more than their columns do: a debit-card purchase is `CHECKCARD 0412 ...`
 * at one bank and `PURCHASE AUTHORIZED ON 04/12 ...` at another, ACH entries
 * carry originator ids and trace numbers, and card issuers pad merchant and
 * city into fixed-width fields. The importer and the categorizer must see
 * through all of it, so the generator reproduces it.
 */
import { keptOrMade } from "../src/shared/memo.ts";
import { formatDay, type Day } from "./calendar.ts";
import type { Channel, Location, Vendor } from "./model.ts";
import { createRng, type Rng } from "./rng.ts";

export const descriptionStyles = [
  "chase-checking",
  "bofa-checking",
  "wells-checking",
  "credit-union",
  "fifth-third-checking",
  "spanish-savings",
  "online-savings",
  "card-plain",
  "card-fixed-width",
  "card-title-case",
] as const;
export type DescriptionStyle = (typeof descriptionStyles)[number];

export interface DescribeInput {
  channel: Channel;
  vendor: Vendor;
  /** The ACH company name, after any per-transaction substitution (a client's name). */
  achCompany: string;
  achEntry: string;
  day: Day;
  location: Location;
  /** Last four digits of this account's card or account number. */
  last4: string;
  /** The other side of a transfer or card payment. */
  counterpart: { last4: string; issuer: string; kind: "checking" | "savings" | "credit_card" | "personal" };
  checkNumber: number;
  /** The company's name as its bank knows it (ACH "INDN" fields). */
  companyName: string;
}

/**
 * Trace numbers, ids and order references are noise: what matters is that
 * they vary. They are cut from two fixed pools of random characters at a
 * random offset, one draw each, because a million-row run makes millions
 * of them.
 */
const poolSize = 1 << 16;

function randomPool(alphabet: string): string {
  const rng = createRng(0, "description-noise", alphabet);
  const chars: string[] = [];
  for (let i = 0; i < poolSize; i++) chars.push(alphabet.charAt(rng.int(0, alphabet.length - 1)));
  return chars.join("");
}

let digitPool = "";
let referencePool = "";

const digits = (rng: Rng, count: number): string => {
  if (digitPool === "") digitPool = randomPool("0123456789");
  const start = rng.int(0, poolSize - count);
  return digitPool.slice(start, start + count);
};

const reference = (rng: Rng, count: number): string => {
  if (referencePool === "") referencePool = randomPool("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789");
  const start = rng.int(0, poolSize - count);
  return referencePool.slice(start, start + count);
};

const yymmdd = (day: Day): string => formatDay(day, "YYMMDD");
const mmSlashDd = (day: Day): string => formatDay(day, "MM/DD");

/** Fills a vendor's `{store}`, `{ref}` and `{yymmdd}` placeholders. */
export function fillPlaceholders(template: string, location: Location, day: Day, rng: Rng): string {
  if (!template.includes("{")) return template;
  // Each in turn, as a chain of replace() would, but only those the text holds.
  let text = template;
  if (text.includes("{store}")) text = text.replace("{store}", location.store);
  if (text.includes("{ref}")) text = text.replace("{ref}", () => reference(rng, 9));
  if (text.includes("{yymmdd}")) text = text.replace("{yymmdd}", yymmdd(day));
  return text;
}

const titleCased = new Map<string, string>();

export function titleCase(text: string): string {
  let result = titleCased.get(text);
  if (result === undefined) {
    result = text.toLowerCase().replace(/(^|[\s*#/-])([a-z])/g, (_match, before: string, letter: string) => before + letter.toUpperCase());
    // Most inputs repeat (merchants, companies); order references do not, so the memo is kept small.
    if (titleCased.size > 50_000) titleCased.clear();
    titleCased.set(text, result);
  }
  return result;
}

/** The last text capitalized, kept: ACH lines print the company's name in capitals, one company at a time. */
let lastCapitalized = { text: "", upper: "" };

function upperCased(text: string): string {
  if (lastCapitalized.text !== text) lastCapitalized = { text, upper: text.toUpperCase() };
  return lastCapitalized.upper;
}

const padTo = (text: string, width: number): string => text.slice(0, width).padEnd(width, " ");

/** How card issuers and the credit union print a purchase by merchant and place alone. */
type PlaceLineKind = "plain" | "fixed-width" | "pos-debit" | "pos-credit";

function layOutPlaceLine(kind: PlaceLineKind, merchant: string, { city, state }: Location): string {
  switch (kind) {
    case "plain":
      return `${merchant} ${city} ${state}`;
    case "fixed-width":
      return `${padTo(merchant, 22)}${padTo(city, 15)}${state}`;
    case "pos-debit":
      return `POS DEBIT ${merchant} ${city} ${state}`;
    case "pos-credit":
      return `POS CREDIT ${merchant} ${city} ${state}`;
  }
}

const placeLines = new Map<PlaceLineKind, WeakMap<Vendor, Map<Location, string>>>();

/**
 * A line that names only the merchant and the place comes back row after
 * row, so each is laid out once per vendor and store and shared: a
 * million-row run would otherwise keep hundreds of thousands of copies.
 * A merchant with a date or a fresh order reference in it differs each
 * time, and is laid out anew.
 */
function placeLine(kind: PlaceLineKind, vendor: Vendor, merchant: string, location: Location): string {
  if (vendor.merchant.includes("{ref}") || vendor.merchant.includes("{yymmdd}")) return layOutPlaceLine(kind, merchant, location);
  const byVendor = keptOrMade(placeLines, kind, () => new WeakMap<Vendor, Map<Location, string>>());
  const byLocation = keptOrMade(byVendor, vendor, () => new Map<Location, string>());
  return keptOrMade(byLocation, location, () => layOutPlaceLine(kind, merchant, location));
}

/** The description a bank exports for one transaction. `rng` supplies the ids and trace numbers. */
export function describe(style: DescriptionStyle, input: DescribeInput, rng: Rng): string {
  const merchant = fillPlaceholders(input.vendor.merchant, input.location, input.day, rng);
  const company = fillPlaceholders(input.achCompany, input.location, input.day, rng);
  const entry = fillPlaceholders(input.achEntry, input.location, input.day, rng);
  const { city, state } = input.location;
  const other = input.counterpart;
  const otherShort = other.kind === "savings" ? "SAV" : "CHK";

  switch (style) {
    case "chase-checking":
      switch (input.channel) {
        case "card":
        case "refund":
          return `${input.channel === "refund" ? "CARD REFUND" : rng.chance(0.3) ? "CARD PURCHASE WITH PIN" : "CARD PURCHASE"} ${mmSlashDd(input.day)} ${merchant} ${city} ${state} CARD ${input.last4}`;
        case "ach_debit":
          return `${padTo(company, 16)} ${entry}    PPD ID: ${digits(rng, 10)}`;
        case "ach_credit":
          return `ORIG CO NAME:${company} ORIG ID:${digits(rng, 10)} DESC DATE:${yymmdd(input.day)} CO ENTRY DESCR:${entry} SEC:CCD TRACE#:${digits(rng, 15)} EED:${yymmdd(input.day)} IND ID:${reference(rng, 8)} IND NAME:${upperCased(input.companyName)} TRN: ${digits(rng, 10)}TC`;
        case "check":
          return `CHECK ${input.checkNumber}`;
        case "deposit":
          return `REMOTE ONLINE DEPOSIT #          ${rng.int(1, 3)}`;
        case "fee":
          return "MONTHLY SERVICE FEE";
        case "interest":
          return "INTEREST PAYMENT";
        case "transfer_out":
          return `Online Transfer to ${otherShort} ...${other.last4} transaction#: ${digits(rng, 11)} ${mmSlashDd(input.day)}`;
        case "transfer_in":
          return `Online Transfer from ${otherShort} ...${other.last4} transaction#: ${digits(rng, 11)}`;
        case "card_payment_out":
          return `Payment to ${other.issuer} card ending in ${other.last4} ${mmSlashDd(input.day)}`;
        case "card_payment_in":
          return "Payment Thank You";
      }
      break;
    case "bofa-checking":
      switch (input.channel) {
        case "card":
        case "refund":
          return `CHECKCARD ${formatDay(input.day, "MMDD")} ${merchant} ${city} ${state} ${digits(rng, 23)}`;
        case "ach_debit":
        case "ach_credit":
          return `${company} DES:${entry} ID:${reference(rng, 10)} INDN:${upperCased(input.companyName)} CO ID:${digits(rng, 10)} ${input.channel === "ach_debit" ? "PPD" : "CCD"}`;
        case "check":
          return `Check ${input.checkNumber}`;
        case "deposit":
          return `BKOFAMERICA MOBILE ${mmSlashDd(input.day)} ${digits(rng, 10)} DEPOSIT *MOBILE ${state}`;
        case "fee":
          return "Monthly Fee Business Adv Fundamentals";
        case "interest":
          return "Interest Earned";
        case "transfer_out":
          return `Online Banking transfer to ${otherShort} ${other.last4} Confirmation# ${digits(rng, 10)}`;
        case "transfer_in":
          return `Online Banking transfer from ${otherShort} ${other.last4} Confirmation# ${digits(rng, 10)}`;
        case "card_payment_out":
          return `${other.issuer} DES:CRCARDPMT ID:${digits(rng, 11)} INDN:${upperCased(input.companyName)} CO ID:${digits(rng, 10)} WEB`;
        case "card_payment_in":
          return "PAYMENT - THANK YOU";
      }
      break;
    case "wells-checking":
      switch (input.channel) {
        case "card":
        case "refund":
          return `${input.channel === "refund" ? "PURCHASE RETURN AUTHORIZED ON" : "PURCHASE AUTHORIZED ON"} ${mmSlashDd(input.day)} ${merchant} ${city} ${state} S${digits(rng, 15)} CARD ${input.last4}`;
        case "ach_debit":
        case "ach_credit":
          return `${company} ${entry} ${yymmdd(input.day)} ${digits(rng, 10)} ${upperCased(input.companyName)}`;
        case "check":
          return `CHECK # ${input.checkNumber}`;
        case "deposit":
          return `MOBILE DEPOSIT : REF NUMBER :${digits(rng, 9)}`;
        case "fee":
          return "MONTHLY SERVICE FEE";
        case "interest":
          return "INTEREST PAYMENT";
        case "transfer_out":
          return `ONLINE TRANSFER REF #IB0${reference(rng, 7)} TO ${other.kind === "savings" ? "BUSINESS MARKET RATE SAVINGS" : "EVERYDAY CHECKING"} XXXXXX${other.last4} ON ${formatDay(input.day, "MM/DD/YY")}`;
        case "transfer_in":
          return `ONLINE TRANSFER REF #IB0${reference(rng, 7)} FROM BUSINESS MARKET RATE SAVINGS XXXXXX${other.last4} ON ${formatDay(input.day, "MM/DD/YY")}`;
        case "card_payment_out":
          return `${other.issuer} EPAYMENT ACH PMT ${yymmdd(input.day)} ${reference(rng, 6)} ${upperCased(input.companyName)}`;
        case "card_payment_in":
          return "ONLINE PAYMENT THANK YOU";
      }
      break;
    case "credit-union":
      switch (input.channel) {
        case "card":
        case "refund":
          return placeLine(input.channel === "refund" ? "pos-credit" : "pos-debit", input.vendor, merchant, input.location);
        case "ach_debit":
          return `ACH Debit ${titleCase(company)} - ${titleCase(entry)}`;
        case "ach_credit":
          return `ACH Credit ${titleCase(company)} - ${titleCase(entry)}`;
        case "check":
          return `Share Draft #${input.checkNumber}`;
        case "deposit":
          return "Mobile Deposit";
        case "fee":
          return "Account Service Charge";
        case "interest":
          return "Dividend";
        case "transfer_out":
          return other.kind === "savings" ? `Transfer To Share ${other.last4}` : `Transfer To Checking ${other.last4}`;
        case "transfer_in":
          return `Transfer From Share ${other.last4}`;
        case "card_payment_out":
          return `Online Payment To ${titleCase(other.issuer)} Card ${other.last4}`;
        case "card_payment_in":
          return "Payment Received";
      }
      break;
    case "fifth-third-checking":
      switch (input.channel) {
        case "card":
        case "refund":
          return `${input.channel === "refund" ? "DEBIT CARD RETURN" : "DEBIT CARD PURCHASE"} AT ${merchant}, ${city}, ${state} ON ${formatDay(input.day, "MMDD")} FROM CARD#: XXXXXXXXXXXX${input.last4}`;
        case "ach_debit":
          return `ACH DEBIT ${company} ${entry} ${digits(rng, 8)}`;
        case "ach_credit":
          return `ACH CREDIT ${company} ${entry} ${digits(rng, 8)}`;
        case "check":
          return `CHECK ${input.checkNumber}`;
        case "deposit":
          return "MOBILE DEPOSIT";
        case "fee":
          return "SERVICE CHARGE";
        case "interest":
          return "INTEREST";
        case "transfer_out":
          return `5/3 ONLINE TRANSFER TO ${otherShort} ${other.last4}`;
        case "transfer_in":
          return `5/3 ONLINE TRANSFER FROM ${otherShort} ${other.last4}`;
        case "card_payment_out":
          return `ACH DEBIT ${other.issuer} CRCARDPMT ${digits(rng, 8)}`;
        case "card_payment_in":
          return "PAYMENT RECEIVED";
      }
      break;
    case "spanish-savings":
      switch (input.channel) {
        case "transfer_in":
          return `TRANSFERENCIA DESDE CTA. CORRIENTE ${other.last4}`;
        case "transfer_out":
          return `TRANSFERENCIA A CTA. CORRIENTE ${other.last4}`;
        case "interest":
          return "INTERÉS ABONADO";
        case "fee":
          return "COMISIÓN MANTENIMIENTO";
        case "deposit":
          return "DEPÓSITO EN EFECTIVO";
        default:
          return `${company} ${entry}`;
      }
    case "online-savings":
      switch (input.channel) {
        case "transfer_in":
          return `Internet transfer from Checking ${other.last4}`;
        case "transfer_out":
          return `Requested transfer to Checking ${other.last4}`;
        case "interest":
          return "Interest Paid";
        default:
          return `${titleCase(company)} ${titleCase(entry)}`;
      }
    case "card-plain":
    case "card-title-case":
    case "card-fixed-width": {
      let text: string;
      switch (input.channel) {
        case "card_payment_in":
          text = style === "card-fixed-width" ? "AUTOPAY PAYMENT - THANK YOU" : "AUTOMATIC PAYMENT - THANK YOU";
          break;
        case "fee":
          text = "ANNUAL MEMBERSHIP FEE";
          break;
        case "interest":
          text = "INTEREST CHARGE ON PURCHASES";
          break;
        case "ach_debit":
        case "ach_credit":
          text = `${company} ${entry}`;
          break;
        default:
          text =
            style === "card-fixed-width"
              ? placeLine("fixed-width", input.vendor, merchant, input.location)
              : rng.chance(0.5)
                ? placeLine("plain", input.vendor, merchant, input.location)
                : merchant;
      }
      return style === "card-title-case" ? titleCase(text) : text;
    }
  }
  return `${company} ${entry}`;
}
