/**
 * A person's changes to transactions' accounts, planned as plain data: for
 * each, the reversal and the new entry (built by the ledger), the decision the
 * transaction carries from then on, the label that records who and when, and
 * what the learned tier unlearns and learns. Pure; the service reads what this
 * needs and writes what it returns in one batch.
 */
import { calibrationOnLabel, countTally, labelWeightOf, mergeCalibrationDeltas, type CalibrationDelta, type CountDelta, type LearnedSuggestion } from "../categorize/learning.ts";
import type { TransactionDecision } from "../ledger/book.ts";
import { entryNumbersAfter, reversalEntry, transactionEntry, type Attribution, type Entry, type PostedTransaction } from "../ledger/entries.ts";
import type { DecisionSource, Evidence, LabelKind } from "../shared/vocabulary.ts";

/** What a change needs of the transaction as it is now. */
export interface Changing extends PostedTransaction {
  entryNumber: number | null;
  /** The ledger account of the bank account it is on. */
  bankLedgerAccountId: string;
  /** What the learned tier suggested for it, if anything: its outcome is counted now. */
  learnedSuggestion: LearnedSuggestion | undefined;
}

export interface Change {
  transaction: Changing;
  accountId: string;
  /** A person's correction or accept (a label), or a tier that answers after the import (the LLM's): no label, an automatic count. */
  kind: LabelKind | "tier";
  attribution: Attribution;
}

export interface PlannedLabel {
  transactionId: string;
  kind: LabelKind;
  accountId: string;
  previousAccountId: string | null;
  previousSource: DecisionSource | null;
}

export interface ChangePlan {
  entries: Entry[];
  decisions: { transactionId: string; decision: TransactionDecision; entryNumber: number | null }[];
  labels: PlannedLabel[];
  counts: CountDelta[];
  calibration: CalibrationDelta[];
}

/** A person's attribution: certain, and the reason a bookkeeper reads in the journal. */
export function personAttribution(reason: string, evidence: Evidence | null = null): Attribution {
  return { source: "manual", confidence: 1, reason, evidence };
}

export function planChanges(changes: readonly Change[], lastEntryNumber: number): ChangePlan {
  const nextNumber = entryNumbersAfter(lastEntryNumber);
  const tally = countTally();
  const plan: ChangePlan = { entries: [], decisions: [], labels: [], counts: [], calibration: [] };
  const calibration: CalibrationDelta[] = [];
  for (const { transaction, accountId, kind, attribution } of changes) {
    let entryNumber: number | null = null;
    if (transaction.entry !== null) {
      plan.entries.push(reversalEntry(nextNumber(), transaction.entry, attribution, transaction.description));
      const replacement = transactionEntry(nextNumber(), transaction, transaction.bankLedgerAccountId, accountId, attribution);
      plan.entries.push(replacement);
      entryNumber = replacement.number;
    }
    plan.decisions.push({ transactionId: transaction.id, decision: { status: "categorized", accountId, transferTransactionId: null, ...attribution }, entryNumber });
    // The old label goes (an automatic one, or an earlier person's), the new one takes its place.
    const previousWeight = labelWeightOf(transaction.categorySource);
    if (previousWeight !== undefined && transaction.categoryAccountId !== null) tally.add(transaction, transaction.categoryAccountId, previousWeight, -1);
    if (kind === "tier") {
      tally.add(transaction, accountId, "auto", 1);
      continue;
    }
    plan.labels.push({ transactionId: transaction.id, kind, accountId, previousAccountId: transaction.categoryAccountId, previousSource: transaction.categorySource });
    tally.add(transaction, accountId, "person", 1);
    const outcome = calibrationOnLabel(transaction.categorySource, transaction.learnedSuggestion, accountId);
    if (outcome !== undefined) calibration.push(outcome);
  }
  plan.counts = tally.deltas();
  plan.calibration = mergeCalibrationDeltas(calibration);
  return plan;
}
