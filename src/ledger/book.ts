/**
 * Booking an import's new transactions: let the tiers decide what they can,
 * pair what is left with the other side of a transfer between the company's
 * own accounts, number the entries and build the statements that post them.
 * Nothing is written here; the import service sends these statements in the
 * same batch as the import.
 */
import { categorize, type Decision } from "../categorize/tiers.ts";
import { rulesTier } from "../categorize/rules.ts";
import type { BatchStatement, Database } from "../db/database.ts";
import type { BankAccountWithLedger } from "../db/queries/bank-accounts.ts";
import type { NewTransaction, NewTransactionGroup, TransactionDecisionGroup } from "../db/queries/imports.ts";
import {
  insertEntry,
  insertLines,
  insertReversalLines,
  lastEntryNumber,
  postNumberedTransactions,
  setTransactionDecision,
  transferCandidates,
  type TransferCandidate,
} from "../db/queries/journal.ts";
import { loadRules } from "../rules/service.ts";
import { newId } from "../shared/ids.ts";
import { dateRange } from "../shared/dates.ts";
import { suspenseAccountId } from "./accounts.ts";
import { dayShift, pairTransfers, transactionLines, transferWindowDays } from "./post.ts";

/** A transaction as the importer read it, before it is booked. */
export type ImportedTransaction = Omit<NewTransaction, "entryNumber">;

export interface Booking {
  /** The import's transactions, a group per decision. */
  groups: NewTransactionGroup[];
  /** To send after the transactions' insert, in order. */
  statements: BatchStatement[];
}

export const suspenseReason = "no rule matched; waiting for review";


function decisionGroup(decision: Decision | undefined, suspenseId: string): TransactionDecisionGroup {
  return {
    id: null,
    status: decision ? "categorized" : "review",
    categoryAccountId: decision?.accountId ?? suspenseId,
    categorySource: decision?.source ?? "none",
    categoryConfidence: decision?.confidence ?? 0,
    categoryRuleId: decision?.ruleId ?? null,
    categoryReason: decision?.reason ?? suspenseReason,
    transferTransactionId: null,
  };
}

export async function bookTransactions(db: Database, bankAccount: BankAccountWithLedger, fresh: readonly ImportedTransaction[], createdAt: string): Promise<Booking> {
  const { companyId } = bankAccount;
  const range = dateRange(fresh);
  const [rules, suspenseId, base, candidates] = await Promise.all([
    loadRules(db, companyId),
    suspenseAccountId(db, companyId),
    lastEntryNumber(db.orm, companyId),
    range === undefined
      ? Promise.resolve<TransferCandidate[]>([])
      : transferCandidates(db.orm, companyId, bankAccount, dayShift(range.first, -transferWindowDays), dayShift(range.last, transferWindowDays)),
  ]);
  // The tiers first: what a rule decides is not a transfer. A rule whose account is this bank
  // account's own would post the transaction against itself; it does not apply here.
  const decisions = await categorize(
    fresh.map((row) => ({ ...row, bankAccountId: bankAccount.id })),
    [rulesTier(rules.filter((rule) => rule.accountId !== bankAccount.ledgerAccountId))],
  );
  const undecided = fresh.flatMap((_, index) => (decisions[index] === undefined ? [index] : []));
  const undecidedPairs = pairTransfers(
    undecided.map((index) => ({ bankAccountId: bankAccount.id, postedOn: (fresh[index] as ImportedTransaction).postedOn, amountMinor: (fresh[index] as ImportedTransaction).amountMinor, card: bankAccount.kind === "credit_card" })),
    candidates,
  );
  const pairs: (number | undefined)[] = fresh.map(() => undefined);
  undecided.forEach((index, position) => {
    pairs[index] = undecidedPairs[position];
  });
  const undecidedIndexes = fresh.flatMap((_, index) => (pairs[index] === undefined ? [index] : []));

  // The import's own entries first, numbered a decision at a time: each group's rows are inserted
  // with the decision bound once, and one set-based statement posts them all.
  const groupsByDecision = new Map<string, NewTransactionGroup>();
  undecidedIndexes.forEach((index) => {
    const row = fresh[index] as ImportedTransaction;
    const decision = decisions[index];
    const key = decision === undefined ? "" : `${decision.source}\u0000${decision.ruleId ?? ""}\u0000${decision.accountId}\u0000${decision.confidence}\u0000${decision.reason}`;
    let group = groupsByDecision.get(key);
    if (group === undefined) {
      group = { decision: decisionGroup(decision, suspenseId), rows: [] };
      groupsByDecision.set(key, group);
    }
    group.rows.push({ ...row, vendor: decision?.vendor ?? row.vendor, entryNumber: null });
  });
  const groups = [...groupsByDecision.values()];
  let next = base;
  for (const group of groups) for (const row of group.rows) if (row.amountMinor !== 0) row.entryNumber = ++next;
  const statements = next > base ? postNumberedTransactions(db.orm, companyId, bankAccount.ledgerAccountId, base + 1, next, createdAt) : [];

  pairs.forEach((candidateIndex, index) => {
    if (candidateIndex === undefined) return;
    const row = fresh[index] as ImportedTransaction;
    const other = candidates[candidateIndex] as TransferCandidate;
    const id = newId();
    if (other.entryNumber !== null) {
      const reversal = ++next;
      statements.push(
        insertReversalLines(db.orm, companyId, reversal, other.entryNumber),
        insertEntry(db.orm, {
          companyId,
          number: reversal,
          entryDate: other.postedOn,
          description: `Reversal of entry ${other.entryNumber}: it is one side of a transfer`,
          kind: "reversal",
          transactionId: other.id,
          transferTransactionId: null,
          reversesNumber: other.entryNumber,
          source: "transfer",
          ruleId: null,
          confidence: 1,
          reason: `its other side arrived on ${bankAccount.name}`,
          createdAt,
        }),
      );
    }
    const transfer = ++next;
    const leaving = row.amountMinor < 0;
    const [fromName, toName] = leaving ? [bankAccount.name, other.bankAccountName] : [other.bankAccountName, bankAccount.name];
    const entryDate = leaving ? row.postedOn : other.postedOn;
    statements.push(
      ...insertLines(db.orm, companyId, transfer, entryDate, transactionLines(bankAccount.ledgerAccountId, other.ledgerAccountId, row.amountMinor)),
      insertEntry(db.orm, {
        companyId,
        number: transfer,
        entryDate,
        description: `Transfer from ${fromName} to ${toName}`,
        kind: "transfer",
        transactionId: leaving ? id : other.id,
        transferTransactionId: leaving ? other.id : id,
        reversesNumber: null,
        source: "transfer",
        ruleId: null,
        confidence: 1,
        reason: `same amount, opposite sign, within ${transferWindowDays} days on two of the company's accounts`,
        createdAt,
      }),
      setTransactionDecision(db.orm, companyId, other.id, {
        entryNumber: transfer,
        categoryAccountId: bankAccount.ledgerAccountId,
        categorySource: "transfer",
        categoryConfidence: 1,
        categoryRuleId: null,
        categoryReason: `transfer with ${bankAccount.name} on ${row.postedOn}`,
        status: "categorized",
        transferTransactionId: id,
      }),
    );
    groups.push({
      decision: {
        id,
        status: "categorized",
        categoryAccountId: other.ledgerAccountId,
        categorySource: "transfer",
        categoryConfidence: 1,
        categoryRuleId: null,
        categoryReason: `transfer with ${other.bankAccountName} on ${other.postedOn}`,
        transferTransactionId: other.id,
      },
      rows: [{ ...row, entryNumber: transfer }],
    });
  });
  return { groups, statements };
}
