/**
 * Transactions after the import: reading them a page at a time with each
 * one's best suggestion, and the ways a person changes one, a correction or
 * accepting what a tier suggested. Either reverses the entry that posts the
 * transaction and writes a new one, in one batch; the journal keeps both.
 */
import { bestSuggestion } from "../categorize/pipeline.ts";
import type { Database } from "../db/database.ts";
import type { AccountRow } from "../db/queries/accounts.ts";
import { findBankAccount } from "../db/queries/bank-accounts.ts";
import { findEntriesWithLines, insertEntries, lastEntryNumber } from "../db/queries/journal.ts";
import {
  findTransaction,
  listTransactions,
  setTransactionDecision,
  suggestionsOf,
  type SuggestionWithAccount,
  type TransactionRow,
  type TransactionWithCategory,
} from "../db/queries/transactions.ts";
import { retryOnConflict } from "../db/retry.ts";
import { findAccountByCode, findAccountById, suspenseAccountId } from "../ledger/accounts.ts";
import { suspenseReason, type TransactionDecision } from "../ledger/book.ts";
import { entryNumbersAfter, reversalEntry, transactionEntry, type Attribution, type Entry } from "../ledger/entries.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";
import { checkPeriod } from "../shared/dates.ts";
import { CategoryUnchanged, InvalidInput, NothingToAccept, NotFound, quoteId } from "../shared/errors.ts";
import type { TransactionStatus } from "../shared/vocabulary.ts";

export interface TransactionQuery {
  bankAccountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ListedTransaction {
  row: TransactionWithCategory;
  /** The most confident suggestion any tier made for it. */
  suggestion: SuggestionWithAccount | undefined;
}

function afterTransaction(cursor: string): { postedOn: string; id: string } {
  const { date, key } = decodeCursor(cursor, (id) => id !== "");
  return { postedOn: date, id: key };
}

async function withSuggestions(db: Database, companyId: string, rows: readonly TransactionWithCategory[]): Promise<ListedTransaction[]> {
  const byTransaction = new Map<string, SuggestionWithAccount[]>();
  for (const suggestion of await suggestionsOf(db.orm, companyId, rows.map((row) => row.id))) {
    const list = byTransaction.get(suggestion.transactionId);
    if (list === undefined) byTransaction.set(suggestion.transactionId, [suggestion]);
    else list.push(suggestion);
  }
  return rows.map((row) => ({ row, suggestion: bestSuggestion(byTransaction.get(row.id) ?? []) }));
}

export async function listTransactionPage(db: Database, companyId: string, query: TransactionQuery): Promise<{ transactions: ListedTransaction[]; nextCursor: string | null }> {
  if (query.from !== undefined && query.to !== undefined) checkPeriod(query.from, query.to);
  const rows = await listTransactions(db.orm, {
    companyId,
    bankAccountId: query.bankAccountId,
    from: query.from,
    to: query.to,
    status: query.status,
    after: query.cursor === undefined ? undefined : afterTransaction(query.cursor),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { transactions: await withSuggestions(db, companyId, page), nextCursor: rows.length > query.limit && last ? encodeCursor(last.postedOn, last.id) : null };
}

export async function getTransaction(db: Database, companyId: string, transactionId: string): Promise<ListedTransaction> {
  const [row] = await listTransactions(db.orm, { companyId, id: transactionId, limit: 1 });
  if (row === undefined) throw new NotFound(`No transaction ${quoteId(transactionId)} in this company`);
  const [listed] = await withSuggestions(db, companyId, [row]);
  return listed as ListedTransaction;
}

async function requireTransaction(db: Database, companyId: string, transactionId: string): Promise<TransactionRow> {
  const transaction = await findTransaction(db.orm, companyId, transactionId);
  if (transaction === undefined) throw new NotFound(`No transaction ${quoteId(transactionId)} in this company`);
  return transaction;
}

/** Where a person moves a transaction, and how the journal records who did and why. */
interface Move {
  account: AccountRow;
  attribution: Attribution;
}

/** The entries and row changes that move a transaction to another account: built here, written by the caller in one batch. */
async function moveOnce(db: Database, companyId: string, transactionId: string, move: Move, createdAt: string): Promise<void> {
  const transaction = await requireTransaction(db, companyId, transactionId);
  const { account, attribution } = move;
  const bankAccount = await findBankAccount(db.orm, companyId, transaction.bankAccountId);
  if (!bankAccount) throw new Error(`transaction ${transaction.id} has no bank account`);
  if (account.id === bankAccount.ledgerAccountId) {
    throw new InvalidInput(`accountCode: ${account.code} is this transaction's own bank account; it cannot be its other side`, { field: "accountCode" });
  }
  if (account.id === transaction.categoryAccountId) {
    throw new CategoryUnchanged(`The transaction is already in ${account.code} ${account.name}; nothing to change`, { field: "accountCode" });
  }
  const decision: TransactionDecision = { status: "categorized", accountId: account.id, transferTransactionId: null, ...attribution };
  if (transaction.entryNumber === null) {
    // A zero amount posts nothing: only the decision changes.
    await db.batch([setTransactionDecision(db.orm, companyId, transaction.id, decision, null)]);
    return;
  }
  const [original] = await findEntriesWithLines(db.orm, companyId, [transaction.entryNumber]);
  if (!original) throw new Error(`transaction ${transaction.id} points at a missing entry ${transaction.entryNumber}`);
  const nextNumber = entryNumbersAfter(await lastEntryNumber(db.orm, companyId));
  const reversal = reversalEntry(nextNumber(), original, attribution, original.description);
  const replacement = transactionEntry(nextNumber(), transaction, bankAccount.ledgerAccountId, account.id, attribution);
  const entries: Entry[] = [reversal, replacement];
  const statements = [setTransactionDecision(db.orm, companyId, transaction.id, decision, replacement.number)];
  const otherSide = transaction.transferTransactionId === null ? undefined : await findTransaction(db.orm, companyId, transaction.transferTransactionId);
  if (otherSide) {
    // The transfer entry posted both sides; with it undone, the other side waits for review on its own.
    const otherBank = await findBankAccount(db.orm, companyId, otherSide.bankAccountId);
    if (!otherBank) throw new Error(`transaction ${otherSide.id} has no bank account`);
    const undone: Attribution = { source: "none", confidence: 0, reason: `its transfer pair was undone; ${suspenseReason}`, evidence: null };
    const suspenseId = await suspenseAccountId(db, companyId);
    const alone = transactionEntry(nextNumber(), otherSide, otherBank.ledgerAccountId, suspenseId, undone);
    entries.push(alone);
    statements.push(setTransactionDecision(db.orm, companyId, otherSide.id, { status: "review", accountId: suspenseId, transferTransactionId: null, ...undone }, alone.number));
  }
  await db.batch([...insertEntries(db.orm, companyId, createdAt, entries), ...statements]);
}

/** Two changes racing for the same entry: one wins (an entry is reversed once), the other is tried again on what won. */
const move = (db: Database, companyId: string, transactionId: string, decide: () => Promise<Move>, now: Date): Promise<void> =>
  retryOnConflict(async () => moveOnce(db, companyId, transactionId, await decide(), now.toISOString()));

/**
 * A person's correction: the transaction moves to the account they chose. A
 * transfer is undone whole: its other side goes to suspense for review.
 */
export async function correctTransaction(db: Database, companyId: string, transactionId: string, accountCode: string, now: Date): Promise<void> {
  await requireTransaction(db, companyId, transactionId);
  const account = await findAccountByCode(db, companyId, accountCode);
  const attribution: Attribution = { source: "manual", confidence: 1, reason: `re-categorized to ${account.code} by a person`, evidence: null };
  await move(db, companyId, transactionId, () => Promise.resolve({ account, attribution }), now);
}

/** A person takes the best suggestion for a transaction waiting for review: one call, no account code to type. */
export async function acceptSuggestion(db: Database, companyId: string, transactionId: string, now: Date): Promise<void> {
  await move(
    db,
    companyId,
    transactionId,
    async () => {
      const transaction = await requireTransaction(db, companyId, transactionId);
      if (transaction.status !== "review") throw new NothingToAccept("The transaction is not waiting for review; correct it with PATCH instead", { status: transaction.status });
      const suggestion = bestSuggestion(await suggestionsOf(db.orm, companyId, [transactionId]));
      if (suggestion === undefined) throw new NothingToAccept("No tier suggested an account for this transaction; correct it with PATCH and an accountCode");
      const account = await findAccountById(db, companyId, suggestion.accountId);
      const evidence = { ...(suggestion.evidence === null ? {} : (JSON.parse(suggestion.evidence) as Record<string, string | number>)), acceptedSource: suggestion.source };
      const attribution: Attribution = { source: "manual", confidence: 1, reason: `a person accepted the ${suggestion.source} tier's suggestion: ${suggestion.reason}`, evidence };
      return { account, attribution };
    },
    now,
  );
}
