/**
 * What the learned tier knows a transaction by, robust to what changes from
 * one payment to the next (reference numbers, dates, store numbers): its
 * direction, its vendor, its amount's order of magnitude, the bank account it
 * went through and the words of its description. Each becomes a feature key; the company's labels are counted
 * per feature and account (src/categorize/learned.ts). Pure.
 */
import { vendorKey } from "../ingest/vendor.ts";
import { withoutAccents } from "../shared/text.ts";
import type { Categorizable } from "./pipeline.ts";

export type Direction = "in" | "out";

export interface Features {
  direction: Direction;
  /** The vendor's key, in the direction of the money: a refund from a vendor is not a purchase from it. */
  vendor: string;
  /** The vendor with its amount's band: how one vendor splits by amount (supplies and equipment at the same store). */
  vendorBand: string;
  /** The bank account it went through, in the direction of the money: a card and a checking account pay for different things. */
  bankAccount: string;
  /** The description's words, in the direction of the money: what vendors the company has not paid before share. */
  words: string[];
  /** Every key above, for reading and counting in one go. */
  all: string[];
}

/** Words that every bank prints around a name, and that say nothing about what was bought. */
const stopWords = new Set(
  (
    "the and for from with inc llc ltd corp co des indn ppd ccd web tel pos debit credit card purchase checkcard ach orig name entry descr sec " +
    "payment pmt id ref number transaction recurring preauthorized authorized online transfer to on at of in us usa www com net org " +
    "al ak az ar ca co ct de dc fl ga hi ia il in ks ky la ma md me mi mn mo ms mt nc nd ne nh nj nm nv ny oh ok or pa ri sc sd tn tx ut va vt wa wi wv wy"
  ).split(" "),
);

/** Dollars in bands that double: under $2, $2 to $4, … $1,024 to $2,048, and so on. */
export function amountBand(amountMinor: number): number {
  return Math.max(0, Math.floor(Math.log2(Math.max(1, Math.abs(amountMinor) / 100))));
}

/**
 * Letters-only words of three or more, lower case, without the banks' own
 * words; each once. A token with a digit in it is a reference or a store
 * number, and its letters would be noise that never repeats, so it is dropped whole.
 */
export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  for (const word of withoutAccents(text).toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 3 && !/\p{N}/u.test(word) && !stopWords.has(word)) words.add(word);
  }
  return [...words];
}

export function featuresOf(item: Pick<Categorizable, "amountMinor" | "bankAccountId" | "description" | "vendor">): Features {
  const direction: Direction = item.amountMinor > 0 ? "in" : "out";
  // A vendor whose name leaves no key (nothing but punctuation) is no vendor to remember: it would be everyone's.
  const key = vendorKey(item.vendor) || `?${item.description.toLowerCase().trim()}`;
  const vendor = `v|${direction}|${key}`;
  const vendorBand = `a|${direction}|${key}|${amountBand(item.amountMinor)}`;
  const bankAccount = `b|${direction}|${item.bankAccountId}`;
  const words = [...new Set([...wordsOf(item.vendor), ...wordsOf(item.description)])].map((word) => `w|${direction}|${word}`);
  return { direction, vendor, vendorBand, bankAccount, words, all: [vendor, vendorBand, bankAccount, ...words] };
}
