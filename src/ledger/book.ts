/**
 * Booking an import's new transactions, once the tiers have decided what they
 * could: pair what is left with the other side of a transfer between the
 * company's own accounts, post the rest to its decided account or to
 * suspense, and number every entry. Pure: plain data in, plain data out; the
 * import service reads what this needs and writes what it returns, in the
 * same batch as the import.
 */
import type { Categorized, CheckedSuggestion } from "../categorize/pipeline.ts";
import type { BankAccountKind, DecisionSource, Evidence, TransactionStatus } from "../shared/vocabulary.ts";
import { entryNumbersAfter, reversalEntry, transactionEntry, transferAttribution, transferEntry, type Attribution, type Entry, type PostedTransaction } from "./entries.ts";
import { pairTransfers } from "./transfers.ts";

/** A transaction as the importer read it, before it is booked. */
export interface ImportedTransaction {
  line: number;
  postedOn: string;
  amountMinor: number;
  description: string;
  vendor: string;
  fingerprint: string;
}

export type CategorizedTransaction = ImportedTransaction & Categorized;

/** Who chose a transaction's account, as the transaction row keeps it beside the entry that posts it. */
export interface TransactionDecision extends Attribution {
  status: TransactionStatus;
  accountId: string;
  transferTransactionId: string | null;
}

export interface BookedTransaction extends ImportedTransaction {
  id: string;
  decision: TransactionDecision;
  /** Null for a zero amount, which posts nothing. */
  entryNumber: number | null;
}

export interface BookingAccount {
  id: string;
  name: string;
  kind: BankAccountKind;
  ledgerAccountId: string;
}

/**
 * A transaction on another of the company's accounts that nobody has placed
 * for certain (left for review, or only guessed by a model), with the entry
 * that posts it now.
 */
export interface TransferCandidate extends PostedTransaction {
  ledgerAccountId: string;
  bankAccountName: string;
  card: boolean;
  /** The evidence of where it is posted now: what pairing takes back (a model's bin is counted wrong). */
  categoryEvidence: Evidence | null;
}

export interface BookingInput {
  bankAccount: BookingAccount;
  rows: readonly CategorizedTransaction[];
  /** By row index: the earlier transaction each row is the other side of (see pairWithCandidates). */
  transfers: ReadonlyMap<number, TransferCandidate>;
  suspenseAccountId: string;
  lastEntryNumber: number;
  newId: () => string;
}

export interface Booking {
  /** The import's transactions, in the file's order but for transfer sides, which come last. */
  transactions: BookedTransaction[];
  /** Every suggestion a tier made, with the transaction it was made for. */
  suggestions: { transactionId: string; suggestion: CheckedSuggestion }[];
  /** Earlier transactions this import paired as transfers: their new decision and entry, and the candidate as it was. */
  updates: { transactionId: string; decision: TransactionDecision; entryNumber: number; previous: TransferCandidate }[];
  /** Numbered in the order they are built; storage writes lines first, then entries. */
  entries: Entry[];
}

export const suspenseReason = "no tier was sure enough; waiting for review";

const suspenseAttribution: Attribution = { source: "none", confidence: 0, reason: suspenseReason, evidence: null };

const attributionOf = (suggestion: CheckedSuggestion): Attribution => ({
  source: suggestion.source satisfies DecisionSource,
  confidence: suggestion.confidence,
  reason: suggestion.reason,
  evidence: suggestion.evidence satisfies Evidence,
});

/** The decision a row carries: its tier's, or the suspense account's while it waits for review. One object per distinct suggestion. */
function decisionFor(suspenseAccountId: string): (suggestion: CheckedSuggestion | undefined) => TransactionDecision {
  const waiting: TransactionDecision = { status: "review", accountId: suspenseAccountId, transferTransactionId: null, ...suspenseAttribution };
  const decided = new WeakMap<CheckedSuggestion, TransactionDecision>();
  return (suggestion) => {
    if (suggestion === undefined) return waiting;
    let decision = decided.get(suggestion);
    if (decision === undefined) {
      decision = { status: "categorized", accountId: suggestion.accountId, transferTransactionId: null, ...attributionOf(suggestion) };
      decided.set(suggestion, decision);
    }
    return decision;
  };
}

/** A row no transfer claims: posted to the account its decider chose, or to suspense. */
function postAlone(input: BookingInput, row: CategorizedTransaction, id: string, decision: TransactionDecision, nextNumber: () => number): { transaction: BookedTransaction; entry: Entry | undefined } {
  const { line, postedOn, amountMinor, description, vendor, fingerprint } = row;
  // A zero amount posts nothing.
  const entry = amountMinor === 0 ? undefined : transactionEntry(nextNumber(), { id, postedOn, amountMinor, description }, input.bankAccount.ledgerAccountId, decision.accountId, decision);
  return { transaction: { id, line, postedOn, amountMinor, description, vendor: row.decision?.vendor ?? vendor, fingerprint, decision, entryNumber: entry?.number ?? null }, entry };
}

/** A row paired with an earlier transaction on another account: its posting (to suspense) is reversed, and the transfer posted once. */
function postTransfer(input: BookingInput, row: CategorizedTransaction, id: string, other: TransferCandidate, nextNumber: () => number): { transaction: BookedTransaction; update: Booking["updates"][number]; entries: Entry[] } {
  const { bankAccount } = input;
  const entries: Entry[] = [];
  if (other.entry !== null) {
    const undo: Attribution = { ...transferAttribution, reason: `its other side arrived on ${bankAccount.name}` };
    entries.push(reversalEntry(nextNumber(), other.entry, undo, "it is one side of a transfer"));
  }
  const mine = { transaction: { id, postedOn: row.postedOn, amountMinor: row.amountMinor, description: row.description }, ledgerAccountId: bankAccount.ledgerAccountId, bankAccountName: bankAccount.name };
  const theirs = { transaction: other, ledgerAccountId: other.ledgerAccountId, bankAccountName: other.bankAccountName };
  const transfer = transferEntry(nextNumber(), mine, theirs);
  entries.push(transfer);
  const decision = (accountId: string, otherId: string, reason: string): TransactionDecision => ({ ...transferAttribution, reason, status: "categorized", accountId, transferTransactionId: otherId });
  const { line, postedOn, amountMinor, description, vendor, fingerprint } = row;
  return {
    transaction: { id, line, postedOn, amountMinor, description, vendor, fingerprint, decision: decision(other.ledgerAccountId, other.id, `transfer with ${other.bankAccountName} on ${other.postedOn}`), entryNumber: transfer.number },
    update: { transactionId: other.id, decision: decision(bankAccount.ledgerAccountId, id, `transfer with ${bankAccount.name} on ${row.postedOn}`), entryNumber: transfer.number, previous: other },
    entries,
  };
}

/**
 * Which rows are the other side of an earlier transaction on another of the
 * company's accounts: by row index, the candidate's index. A rule's decision
 * is not overridden by a coincidence of amounts; a model's guess is, since the
 * other side showing up is evidence a guess cannot weigh. Never a card's charge.
 */
export function pairWithCandidates<Candidate extends Omit<TransferCandidate, "entry">>(rows: readonly CategorizedTransaction[], bankAccount: BookingAccount, candidates: readonly Candidate[]): Map<number, Candidate> {
  const undecided = rows.flatMap((row, index) => (row.decision === undefined || row.decision.source !== "rule" ? [index] : []));
  const card = bankAccount.kind === "credit_card";
  const sides = undecided.map((index) => {
    const row = rows[index] as CategorizedTransaction;
    return { bankAccountId: bankAccount.id, postedOn: row.postedOn, amountMinor: row.amountMinor, card };
  });
  const pairs = new Map<number, Candidate>();
  pairTransfers(sides, candidates).forEach((candidate, position) => {
    if (candidate !== undefined) pairs.set(undecided[position] as number, candidates[candidate] as Candidate);
  });
  return pairs;
}

export function bookImport(input: BookingInput): Booking {
  const { rows, transfers } = input;
  const ids = rows.map(() => input.newId());
  const nextNumber = entryNumbersAfter(input.lastEntryNumber);
  const decisionOf = decisionFor(input.suspenseAccountId);
  const booking: Booking = { transactions: [], suggestions: [], updates: [], entries: [] };
  rows.forEach((row, index) => {
    const id = ids[index] as string;
    for (const suggestion of row.suggestions) booking.suggestions.push({ transactionId: id, suggestion });
    if (transfers.has(index)) return;
    const { transaction, entry } = postAlone(input, row, id, decisionOf(row.decision), nextNumber);
    booking.transactions.push(transaction);
    if (entry !== undefined) booking.entries.push(entry);
  });
  for (const [index, other] of transfers) {
    const transfer = postTransfer(input, rows[index] as CategorizedTransaction, ids[index] as string, other, nextNumber);
    booking.transactions.push(transfer.transaction);
    booking.updates.push(transfer.update);
    booking.entries.push(...transfer.entries);
  }
  return booking;
}
