/**
 * A transaction's identity, as section 5 of the design fixes it: SHA-256
 * over the bank account, the date, the amount, the description in a
 * canonical form, and the row's occurrence among identical rows of the same
 * file. An overlapping statement repeats rows with the same fingerprints and
 * adds nothing; two real identical coffees on one day are occurrences 0 and
 * 1, and stay two. The fingerprint is identity only: row ids stay random.
 *
 * The hash is synchronous (see shared/crypto.ts): WebCrypto's digest would
 * cost a promise per row. The first 128 bits are kept:
 * a collision among even a billion rows of one account has odds near 1e-21,
 * and the shorter key keeps the unique index small.
 */
import { sha256Hex } from "../shared/crypto.ts";
import { collapseSpaces } from "../shared/text.ts";

/** Case and runs of spaces are how exports of the same row differ; nothing else is forgiven. */
export function canonicalDescription(description: string): string {
  return collapseSpaces(description.normalize("NFC").trim()).toUpperCase();
}

/** 128 bits, in hex. */
export const fingerprintHexLength = 32;

export interface Identifiable {
  postedOn: string;
  amountMinor: number;
  description: string;
}

export function fingerprints(bankAccountId: string, rows: readonly Identifiable[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const key = `${row.postedOn}\u001f${row.amountMinor}\u001f${canonicalDescription(row.description)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return sha256Hex(`${bankAccountId}\u001f${key}\u001f${occurrence}`).slice(0, fingerprintHexLength);
  });
}
