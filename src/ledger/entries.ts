/**
 * The one owner of posting. Every journal entry the books hold is built
 * here, as plain data with its lines, and checked to balance before any
 * statement is sent; the database's triggers check again (migrations/0003).
 * Storage writes these lines as they are and never derives one.
 *
 * Lines carry debits positive and credits negative. A bank transaction's
 * amount is negative when money leaves, for every kind of account; so the
 * bank's own ledger account takes the amount as is (money in debits a bank
 * account and reduces a card's liability; a card purchase credits the card)
 * and the other account takes its negation. One rule, every kind.
 */
import { assertMinor } from "../shared/money.ts";
import type { DecisionSource, EntryKind, Evidence } from "../shared/vocabulary.ts";
import { transferWindowDays } from "./transfers.ts";

export interface Line {
  accountId: string;
  amountMinor: number;
}

/** Who decided what an entry posts, and why: what the journal keeps beside the lines. */
export interface Attribution {
  source: DecisionSource;
  confidence: number;
  reason: string;
  evidence: Evidence | null;
}

export interface Entry extends Attribution {
  number: number;
  entryDate: string;
  description: string;
  kind: EntryKind;
  /** The transaction posted (for a transfer, the side money left). */
  transactionId: string | null;
  /** For a transfer, the side money arrived on. */
  transferTransactionId: string | null;
  reversesNumber: number | null;
  lines: readonly Line[];
}

/** What posting needs of a bank transaction. */
export interface PostableTransaction {
  id: string;
  postedOn: string;
  amountMinor: number;
  description: string;
}

/**
 * A transaction already in the books, as whatever changes it (pairing it as a
 * transfer, a person's correction) needs it: what it is, where it is posted
 * now and by whom, and the entry that posts it.
 */
export interface PostedTransaction extends PostableTransaction {
  bankAccountId: string;
  vendor: string;
  categoryAccountId: string | null;
  categorySource: DecisionSource | null;
  entry: ReversibleEntry | null;
}

/** One side of a transfer: the transaction and the ledger account of the bank account it is on. */
export interface TransferSide {
  transaction: PostableTransaction;
  ledgerAccountId: string;
  bankAccountName: string;
}

export function transactionLines(bankLedgerAccountId: string, otherAccountId: string, amountMinor: number): [Line, Line] {
  assertMinor(amountMinor);
  if (amountMinor === 0) throw new RangeError("a zero amount posts nothing");
  return [
    { accountId: bankLedgerAccountId, amountMinor },
    { accountId: otherAccountId, amountMinor: -amountMinor },
  ];
}

/** The lines that undo an entry. */
export const reversalLines = (lines: readonly Line[]): Line[] => lines.map((line) => ({ accountId: line.accountId, amountMinor: -line.amountMinor }));

export const isBalanced = (lines: readonly Line[]): boolean =>
  lines.length >= 2 && lines.every((line) => Number.isSafeInteger(line.amountMinor) && line.amountMinor !== 0) && lines.reduce((sum, line) => sum + line.amountMinor, 0) === 0;

/** Every entry leaves here balanced; one that does not is a bug, stopped before the batch. */
function balanced(entry: Entry): Entry {
  if (!isBalanced(entry.lines)) throw new Error(`entry ${entry.number} (${entry.kind}) does not balance: ${JSON.stringify(entry.lines)}`);
  if (!Number.isSafeInteger(entry.number) || entry.number < 1) throw new Error(`entry number ${entry.number} is not a positive integer`);
  return entry;
}

/** Posts a bank transaction against the account its decider chose (or the suspense account). */
export function transactionEntry(number: number, transaction: PostableTransaction, bankLedgerAccountId: string, accountId: string, attribution: Attribution): Entry {
  return balanced({
    number,
    entryDate: transaction.postedOn,
    description: transaction.description,
    kind: "transaction",
    transactionId: transaction.id,
    transferTransactionId: null,
    reversesNumber: null,
    ...attribution,
    lines: transactionLines(bankLedgerAccountId, accountId, transaction.amountMinor),
  });
}

/** What undoing an entry needs of it: the entry as written, with its lines. */
export type ReversibleEntry = Pick<Entry, "number" | "entryDate" | "transactionId" | "transferTransactionId" | "lines">;

/** Undoes an entry, on its own date so the period it closed stays closed as it was. */
export function reversalEntry(number: number, original: ReversibleEntry, attribution: Attribution, why: string): Entry {
  return balanced({
    number,
    entryDate: original.entryDate,
    description: `Reversal of entry ${original.number}: ${why}`,
    kind: "reversal",
    transactionId: original.transactionId,
    transferTransactionId: original.transferTransactionId,
    reversesNumber: original.number,
    ...attribution,
    lines: reversalLines(original.lines),
  });
}

export const transferAttribution: Attribution = {
  source: "transfer",
  confidence: 1,
  reason: `same amount, opposite sign, within ${transferWindowDays} days on two of the company's accounts`,
  evidence: null,
};

/** Posts both sides of a transfer between two of the company's accounts once, dated when the money left. */
export function transferEntry(number: number, one: TransferSide, other: TransferSide): Entry {
  const [leaving, arriving] = one.transaction.amountMinor < 0 ? [one, other] : [other, one];
  if (leaving.transaction.amountMinor + arriving.transaction.amountMinor !== 0) {
    throw new Error(`transactions ${leaving.transaction.id} and ${arriving.transaction.id} do not net to zero`);
  }
  return balanced({
    number,
    entryDate: leaving.transaction.postedOn,
    description: `Transfer from ${leaving.bankAccountName} to ${arriving.bankAccountName}`,
    kind: "transfer",
    transactionId: leaving.transaction.id,
    transferTransactionId: arriving.transaction.id,
    reversesNumber: null,
    ...transferAttribution,
    lines: transactionLines(one.ledgerAccountId, other.ledgerAccountId, one.transaction.amountMinor),
  });
}

/** Hands out the numbers after the last one written, in the order entries are built. */
export function entryNumbersAfter(lastNumber: number): () => number {
  let last = lastNumber;
  return () => ++last;
}
