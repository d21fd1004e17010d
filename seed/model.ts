/**
 * The generator's vocabulary: vendors as the world knows them, how money
 * reaches a bank, and the records the generator produces.
 */
import type { Day } from "./calendar.ts";

/** How a payment reaches the bank, which decides how the bank describes it. */
export type Channel =
  | "card"
  | "ach_debit"
  | "ach_credit"
  | "check"
  | "deposit"
  | "fee"
  | "interest"
  | "transfer_out"
  | "transfer_in"
  | "card_payment_out"
  | "card_payment_in"
  | "refund";

/** What kind of paper a vendor hands over, if any. */
export type ReceiptStyle = "retail" | "restaurant" | "fuel" | "invoice";

export interface Location {
  store: string;
  street: string;
  city: string;
  state: string;
  zip: string;
}

/** One way a vendor's charge can be booked, with the amounts that go with it. */
export interface CodeChoice {
  code: string;
  weight: number;
  minMinor: number;
  maxMinor: number;
}

export interface Vendor {
  /** The canonical name, as the truth records it. */
  name: string;
  /** The name printed at the top of its receipts. */
  printed: string;
  /**
   * The merchant name the card network carries, with the processor prefix
   * (`SQ *`, `TST* `, `PAYPAL *`). `{store}` becomes the location's store
   * number and `{ref}` a fresh order reference.
   */
  merchant: string;
  /** For ACH: the originator's company name and entry description. */
  achCompany: string;
  achEntry: string;
  channel: Channel;
  /** More than one choice makes the vendor ambiguous (Amazon, Costco). */
  codes: readonly CodeChoice[];
  receipt: ReceiptStyle | null;
  items: readonly string[];
  locations: readonly Location[];
  /** Small repeat purchases: sometimes twice the same day, for the same amount. */
  repeatable: boolean;
}

export interface ReceiptBasis {
  style: ReceiptStyle;
  subtotalMinor: number;
  taxMinor: number;
  tipMinor: number;
  location: Location;
  /** Fuel only: thousandths of a gallon, and the pump price in tenths of a cent. */
  gallonsMilli: number;
  priceMilli: number;
}

/** A bank transaction as the generator knows it, before any bank has formatted it. */
export interface GeneratedTransaction {
  id: string;
  /** The bank account's slug. */
  account: string;
  day: Day;
  /** Negative is money leaving the company, on every kind of account. */
  amountMinor: number;
  /** The description exactly as the account's bank exports it. */
  description: string;
  vendor: string;
  accountCode: string;
  transferPairId: string | null;
  /** The vendor as the generator knows it: what its receipts print. */
  vendorSpec: Vendor;
  receiptBasis: ReceiptBasis | null;
  /** The account's running balance after this transaction. */
  balanceMinor: number;
  channel: Channel;
  /** When the card was swiped; posting can follow a day or two later. */
  transactionDay: Day;
  checkNumber: number | null;
}

/** How a receipt reaches the books: OCR text, a PDF with a text layer, or a photo. */
export type ReceiptFormat = "txt" | "pdf" | "png";

export interface GeneratedReceipt {
  id: string;
  /** receipts/<id>.<format>, relative to the company's folder. */
  file: string;
  format: ReceiptFormat;
  vendor: string;
  printedVendor: string;
  date: Day;
  totalMinor: number;
  taxMinor: number;
  tipMinor: number;
  accountCode: string;
  transactionId: string | null;
  /** What the receipt's text is made from (see receiptText). */
  vendorSpec: Vendor;
  basis: ReceiptBasis;
  tender: string;
  companyName: string;
  textSeed: number;
}
