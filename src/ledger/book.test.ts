import { describe, expect, it } from "vitest";
import type { CheckedSuggestion } from "../categorize/pipeline.ts";
import { bookImport, pairWithCandidates, type BookingAccount, type CategorizedTransaction, type TransferCandidate } from "./book.ts";
import { isBalanced } from "./entries.ts";

const checking: BookingAccount = { id: "checking", name: "Checking", kind: "checking", ledgerAccountId: "ledger-checking" };
const card: BookingAccount = { id: "card", name: "Card", kind: "credit_card", ledgerAccountId: "ledger-card" };

const rent: CheckedSuggestion = { accountCode: "6100", accountId: "rent", source: "rule", confidence: 1, reason: "rule rent", evidence: { ruleId: "r1" }, vendor: "Landlord LLC" };
const unsure: CheckedSuggestion = { accountCode: "6600", accountId: "office", source: "learned", confidence: 0.4, reason: "words", evidence: { model: "m" } };

function row(description: string, amountMinor: number, decision: CheckedSuggestion | undefined, suggestions: CheckedSuggestion[] = decision ? [decision] : []): CategorizedTransaction {
  return { line: 2, postedOn: "2025-03-10", amountMinor, description, vendor: description, fingerprint: description, decision, suggestions };
}

const cardPayment: TransferCandidate = {
  id: "earlier",
  bankAccountId: "card",
  postedOn: "2025-03-11",
  amountMinor: 125_000,
  description: "PAYMENT THANK YOU",
  vendor: "Payment Thank You",
  ledgerAccountId: "ledger-card",
  bankAccountName: "Card",
  card: true,
  categoryAccountId: "suspense",
  categorySource: "none",
  categoryEvidence: null,
  entry: { number: 7, entryDate: "2025-03-11", transactionId: "earlier", transferTransactionId: null, lines: [{ accountId: "ledger-card", amountMinor: 125_000 }, { accountId: "suspense", amountMinor: -125_000 }] },
};

let counter = 0;
const newId = (): string => `id-${++counter}`;

describe("bookImport", () => {
  it("posts each row to its decision or to suspense, numbers entries in order after the last, and keeps every suggestion", () => {
    const rows = [row("RENT", -250_000, rent), row("PAPER", -1_200, undefined, [unsure]), row("ZERO FEE REVERSED", 0, undefined)];
    const booking = bookImport({ bankAccount: checking, rows, transfers: new Map(), suspenseAccountId: "suspense", lastEntryNumber: 41, newId });
    expect(booking.entries.map((entry) => entry.number)).toEqual([42, 43]);
    expect(booking.entries.every((entry) => isBalanced(entry.lines))).toBe(true);
    const [decided, waiting, zero] = booking.transactions;
    expect(decided).toMatchObject({ vendor: "Landlord LLC", entryNumber: 42, decision: { status: "categorized", accountId: "rent", source: "rule", evidence: { ruleId: "r1" } } });
    expect(waiting).toMatchObject({ entryNumber: 43, decision: { status: "review", accountId: "suspense", source: "none" } });
    // A zero amount posts nothing, but is booked and waits for review.
    expect(zero).toMatchObject({ entryNumber: null, decision: { status: "review" } });
    expect(booking.suggestions).toEqual([
      { transactionId: decided?.id, suggestion: rent },
      { transactionId: waiting?.id, suggestion: unsure },
    ]);
    expect(booking.entries[1]?.lines).toEqual([
      { accountId: "ledger-checking", amountMinor: -1_200 },
      { accountId: "suspense", amountMinor: 1_200 },
    ]);
  });

  it("pairs a row left for review with the other side of a transfer: the earlier posting is reversed and the transfer posted once, suggestions kept", () => {
    const payment = row("ONLINE PAYMENT TO CARD", -125_000, undefined, [unsure]);
    const transfers = pairWithCandidates([payment], checking, [cardPayment]);
    expect([...transfers.keys()]).toEqual([0]);
    const booking = bookImport({ bankAccount: checking, rows: [payment], transfers: new Map([[0, { ...cardPayment }]]), suspenseAccountId: "suspense", lastEntryNumber: 9, newId });
    const [reversal, transfer] = booking.entries;
    expect(reversal).toMatchObject({ number: 10, kind: "reversal", reversesNumber: 7, source: "transfer" });
    expect(reversal?.lines).toEqual([
      { accountId: "ledger-card", amountMinor: -125_000 },
      { accountId: "suspense", amountMinor: 125_000 },
    ]);
    const mine = booking.transactions[0];
    expect(transfer).toMatchObject({ number: 11, kind: "transfer", entryDate: "2025-03-10", transactionId: mine?.id, transferTransactionId: "earlier" });
    expect(booking.updates).toHaveLength(1);
    expect(booking.updates[0]).toMatchObject({ transactionId: "earlier", entryNumber: 11, decision: { accountId: "ledger-checking", transferTransactionId: mine?.id, source: "transfer" } });
    expect(booking.suggestions).toEqual([{ transactionId: mine?.id, suggestion: unsure }]);
  });

  it("never pairs what a rule decided, nor a card's charge; a model's guess gives way to the other side showing up", () => {
    const decided = row("RENT", -125_000, rent);
    expect(pairWithCandidates([decided], checking, [cardPayment]).size).toBe(0);
    const guessed = row("ONLINE PAYMENT", -125_000, { ...unsure, confidence: 0.95 });
    expect(pairWithCandidates([guessed], checking, [cardPayment]).size).toBe(1);
    const charge = row("STAPLES", -125_000, undefined);
    const checkingDeposit = { ...cardPayment, id: "deposit", bankAccountId: "checking", card: false, ledgerAccountId: "ledger-checking" };
    expect(pairWithCandidates([charge], card, [checkingDeposit]).size).toBe(0);
  });
});
