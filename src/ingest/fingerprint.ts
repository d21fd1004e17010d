/**
 * A transaction's identity, as section 5 of the design fixes it: SHA-256
 * over the bank account, the date, the amount, the description in a
 * canonical form, and the row's occurrence among identical rows of the same
 * file. An overlapping statement repeats rows with the same fingerprints and
 * adds nothing; two real identical coffees on one day are occurrences 0 and
 * 1, and stay two. The fingerprint is identity only: row ids stay random.
 */
import { sha256HexSync } from "../shared/sha256.ts";

/** Case and runs of spaces are how exports of the same row differ; nothing else is forgiven. */
export function canonicalDescription(description: string): string {
  return description.normalize("NFC").trim().replace(/\s+/g, " ").toUpperCase();
}

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
    return sha256HexSync(`${bankAccountId}\u001f${key}\u001f${occurrence}`);
  });
}
