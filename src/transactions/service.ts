/**
 * Transactions after the import: reading them a page at a time with each
 * one's best suggestion, and the ways a person changes them: corrections
 * (one or many at once), accepting what a tier suggested, undoing a wrong
 * transfer pairing. Each reverses the entry that posts a transaction and
 * writes a new one, records the person's label, and teaches the learned
 * tier, in one batch; the journal keeps both entries.
 */
import { documentsOfTransactions } from "../db/queries/documents.ts";
import { bestSuggestion } from "../categorize/pipeline.ts";
import { countTally } from "../categorize/learning.ts";
import { ensureLearnedModel } from "../categorize/service.ts";
import type { Principal } from "../companies/principal.ts";
import type { BatchStatement, Database } from "../db/database.ts";
import { listAccounts, type AccountRow } from "../db/queries/accounts.ts";
import { listBankAccounts } from "../db/queries/bank-accounts.ts";
import { findEntriesWithLines, insertEntries, lastEntryNumber } from "../db/queries/journal.ts";
import { addCalibration, addCounts, insertLabels, labelsOfTransaction, type LabelWithAccounts } from "../db/queries/learned.ts";
import {
  findTransactions,
  listTransactions,
  setTransactionDecision,
  suggestionsOf,
  type SuggestionWithAccount,
  type TransactionRow,
  type TransactionWithCategory,
} from "../db/queries/transactions.ts";
import { retryOnConflict } from "../db/retry.ts";
import { refuseSuspense, suspenseAccountOf } from "../ledger/accounts.ts";
import { suspenseReason } from "../ledger/book.ts";
import { entryNumbersAfter, reversalEntry, transactionEntry, type Attribution, type Entry } from "../ledger/entries.ts";
import { decodeCursor, encodeCursor, pageByCreation } from "../shared/cursor.ts";
import type { PageQuery } from "../http/fields.ts";
import { checkPeriod } from "../shared/dates.ts";
import { CategoryUnchanged, DomainError, InvalidInput, NotATransfer, NothingToAccept, NotFound, quoteId, TransferSide, UnknownAccount } from "../shared/errors.ts";
import { newId } from "../shared/ids.ts";
import { parseEvidence, type LabelKind, type TransactionStatus } from "../shared/vocabulary.ts";
import { personAttribution, planChanges, type Change } from "./changes.ts";

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
  /** The receipts and other documents matched to it. */
  documentIds: string[];
}

function afterTransaction(cursor: string): { postedOn: string; id: string } {
  const { date, key } = decodeCursor(cursor, (id) => id !== "");
  return { postedOn: date, id: key };
}

/** Groups rows by their transaction id. */
function byTransactionId<Row extends { transactionId: string }>(rows: readonly Row[]): Map<string, Row[]> {
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    const list = grouped.get(row.transactionId);
    if (list === undefined) grouped.set(row.transactionId, [row]);
    else list.push(row);
  }
  return grouped;
}

/** The rows as listed: each with its best suggestion and its documents. */
async function withSuggestions(db: Database, companyId: string, rows: readonly TransactionWithCategory[]): Promise<ListedTransaction[]> {
  const ids = rows.map((row) => row.id);
  const [suggestions, documents] = await Promise.all([suggestionsOf(db.orm, companyId, ids), documentsOfTransactions(db.orm, companyId, ids)]);
  const suggestionsOfRow = byTransactionId(suggestions);
  const documentsOfRow = byTransactionId(documents);
  return rows.map((row) => ({
    row,
    suggestion: bestSuggestion(suggestionsOfRow.get(row.id) ?? []),
    documentIds: (documentsOfRow.get(row.id) ?? []).map((match) => match.documentId),
  }));
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

/** What people said of one transaction, oldest first, a page at a time: every correction and accept, by whom and when. */
export async function transactionLabels(db: Database, companyId: string, transactionId: string, query: PageQuery): Promise<{ rows: LabelWithAccounts[]; nextCursor: string | null }> {
  const [transaction] = await findTransactions(db.orm, companyId, [transactionId]);
  if (transaction === undefined) throw new NotFound(`No transaction ${quoteId(transactionId)} in this company`);
  return pageByCreation((page) => labelsOfTransaction(db.orm, companyId, transactionId, page), query);
}

/** Who changes a transaction: an API key's id, or the operator. */
export type Actor = string;
export const actorOf = (principal: Principal): Actor => (principal.kind === "admin" ? "admin" : principal.apiKeyId);

/**
 * One change: a person's (the account said by its code, a correction, or
 * taken from the best suggestion, an accept), or a late tier's (the LLM's,
 * which answers after the import).
 */
interface Request {
  transactionId: string;
  kind: LabelKind | "tier";
  /** Where the transaction goes, and how the journal tells why. */
  target: (transaction: TransactionRow, chart: ReadonlyMap<string, AccountRow>, suggestions: readonly SuggestionWithAccount[]) => { account: AccountRow; attribution: Attribution };
  /** True when the transaction, as it is now, is no longer this change's to make: it is left as it is. */
  stale?: (transaction: TransactionRow) => boolean;
}

interface ChangeOptions {
  unchangedIsError: boolean;
  /** A request of many items: a refusal always says which, even when only one is wrong. */
  bulk?: boolean;
  /** Statements to write in the same batch, given the ids the changes did change. */
  alongside?: (changed: readonly string[]) => BatchStatement[];
}

export interface ChangeOutcome {
  transactionId: string;
  /** "unchanged": the transaction was already in that account; nothing was written for it. */
  status: "changed" | "unchanged";
}

interface Problem {
  index: number;
  transactionId: string;
  error: DomainError;
}

/** Refuses the whole request over its first kind of problem, listing every item's (in a bulk request), so that nothing of it is written. */
function refuse(problems: readonly Problem[], bulk: boolean): never {
  const first = problems[0] as Problem;
  const items = problems.map(({ index, transactionId, error }) => ({ index, transactionId, problem: error.message }));
  if (!bulk) throw first.error;
  if (problems.length === 1) {
    const ErrorKind = first.error.constructor as new (message: string, details?: Record<string, unknown>) => DomainError;
    throw new ErrorKind(`corrections.${first.index}: ${first.error.message}; none of the corrections was made`, { ...first.error.details, items });
  }
  const ErrorKind = first.error.constructor as new (message: string, details?: Record<string, unknown>) => DomainError;
  throw new ErrorKind(`${problems.length} of the corrections cannot be made (the first: ${first.error.message}); none was made`, { items });
}

const suggestionBin = (suggestion: SuggestionWithAccount): string | undefined => {
  const bin = parseEvidence(suggestion.evidence)?.bin;
  return typeof bin === "string" ? bin : undefined;
};

/** Reads what the changes depend on, plans them, and writes them in one batch; throws, writing nothing, if any cannot be made. */
async function changeOnce(db: Database, companyId: string, requests: readonly Request[], actor: Actor, options: ChangeOptions, now: Date): Promise<ChangeOutcome[]> {
  const ids = requests.map((request) => request.transactionId);
  const [rows, chart, bankAccounts, suggestions, lastNumber] = await Promise.all([
    findTransactions(db.orm, companyId, ids),
    listAccounts(db.orm, companyId),
    listBankAccounts(db.orm, companyId),
    suggestionsOf(db.orm, companyId, ids),
    lastEntryNumber(db.orm, companyId),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const accounts = new Map(chart.map((account) => [account.id, account]));
  const ledgerOf = new Map(bankAccounts.map((bankAccount) => [bankAccount.id, bankAccount.ledgerAccountId]));
  const problems: Problem[] = [];
  const changes: Change[] = [];
  const outcomes: ChangeOutcome[] = [];
  for (const [index, request] of requests.entries()) {
    const transaction = byId.get(request.transactionId);
    const fail = (error: DomainError): void => {
      problems.push({ index, transactionId: request.transactionId, error });
    };
    if (transaction === undefined) {
      fail(new NotFound(`No transaction ${quoteId(request.transactionId)} in this company`));
      continue;
    }
    if (request.stale?.(transaction) === true) {
      outcomes.push({ transactionId: transaction.id, status: "unchanged" });
      continue;
    }
    if (transaction.transferTransactionId !== null) {
      fail(new TransferSide(`Transaction ${quoteId(transaction.id)} is one side of a transfer between the company's own accounts; POST …/transactions/${transaction.id}/unpair first if the pairing is wrong`, { transferTransactionId: transaction.transferTransactionId }));
      continue;
    }
    let target: { account: AccountRow; attribution: Attribution };
    try {
      target = request.target(transaction, accounts, suggestions.filter((suggestion) => suggestion.transactionId === transaction.id));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      fail(error);
      continue;
    }
    const bankLedgerAccountId = ledgerOf.get(transaction.bankAccountId);
    if (bankLedgerAccountId === undefined) throw new Error(`transaction ${transaction.id} has no bank account`);
    if (target.account.id === bankLedgerAccountId) {
      fail(new InvalidInput(`accountCode: ${target.account.code} is this transaction's own bank account; it cannot be its other side`, { field: "accountCode" }));
      continue;
    }
    if (target.account.id === transaction.categoryAccountId) {
      if (options.unchangedIsError) fail(new CategoryUnchanged(`The transaction is already in ${target.account.code} ${target.account.name}; nothing to change`, { field: "accountCode" }));
      outcomes.push({ transactionId: transaction.id, status: "unchanged" });
      continue;
    }
    const learned = suggestions.find((suggestion) => suggestion.transactionId === transaction.id && suggestion.source === "learned");
    const bin = learned === undefined ? undefined : suggestionBin(learned);
    changes.push({
      transaction: { ...transaction, bankLedgerAccountId, entry: null, learnedSuggestion: learned === undefined || bin === undefined ? undefined : { accountId: learned.accountId, bin } },
      accountId: target.account.id,
      kind: request.kind,
      attribution: target.attribution,
    });
    outcomes.push({ transactionId: transaction.id, status: "changed" });
  }
  if (problems.length > 0) refuse(problems, options.bulk === true);
  // The entries that post the changed transactions now, to reverse them.
  const entries = new Map((await findEntriesWithLines(db.orm, companyId, changes.flatMap((change) => (change.transaction.entryNumber === null ? [] : [change.transaction.entryNumber])))).map((entry) => [entry.number, entry]));
  for (const change of changes) {
    const { entryNumber } = change.transaction;
    change.transaction.entry = entryNumber === null ? null : (entries.get(entryNumber) ?? null);
    if (entryNumber !== null && change.transaction.entry === null) throw new Error(`transaction ${change.transaction.id} points at a missing entry ${entryNumber}`);
  }
  const plan = planChanges(changes, lastNumber);
  const createdAt = now.toISOString();
  await db.batch([
    ...insertEntries(db.orm, companyId, createdAt, plan.entries),
    ...plan.decisions.map(({ transactionId, decision, entryNumber }) => setTransactionDecision(db.orm, companyId, transactionId, decision, entryNumber)),
    ...insertLabels(db.orm, plan.labels.map((label) => ({ id: newId(), companyId, ...label, actor, createdAt }))),
    ...addCounts(db.orm, companyId, plan.counts),
    ...addCalibration(db.orm, companyId, plan.calibration),
    ...(options.alongside?.(outcomes.flatMap((outcome) => (outcome.status === "changed" ? [outcome.transactionId] : []))) ?? []),
  ]);
  return outcomes;
}

/** Two changes racing for the same entry: one wins (an entry is reversed once), the other is tried again on what won. */
async function change(db: Database, companyId: string, requests: readonly Request[], actor: Actor, options: ChangeOptions, now: Date): Promise<ChangeOutcome[]> {
  await ensureLearnedModel(db, companyId, now);
  return retryOnConflict(() => changeOnce(db, companyId, requests, actor, options, now));
}

/** The account with this code in a chart already read, or 422 unknown_account. */
function accountByCode(chart: ReadonlyMap<string, AccountRow>, code: string): AccountRow {
  for (const account of chart.values()) {
    if (account.code !== code) continue;
    refuseSuspense(account);
    return account;
  }
  throw new UnknownAccount(`This company has no account with code ${quoteId(code)}; GET /v1/companies/{companyId}/accounts lists them`, { field: "accountCode" });
}

const correction = (item: { transactionId: string; accountCode: string }): Request => ({
  transactionId: item.transactionId,
  kind: "correction",
  target: (_, chart) => {
    const account = accountByCode(chart, item.accountCode);
    return { account, attribution: personAttribution(`re-categorized to ${account.code} by a person`) };
  },
});

/** A person's correction: the transaction moves to the account they chose. */
export async function correctTransaction(db: Database, companyId: string, transactionId: string, accountCode: string, actor: Actor, now: Date): Promise<void> {
  await change(db, companyId, [correction({ transactionId, accountCode })], actor, { unchangedIsError: true }, now);
}

/** A late tier's decision for a transaction: where it goes, and the journal's attribution. */
export interface TierDecision {
  transactionId: string;
  accountId: string;
  attribution: Attribution;
}

/**
 * Posts what a tier that answers after the import (the LLM's) decided: each
 * transaction still waiting for review as the import left it moves by a
 * reversal and a new entry; one a person (or anything else) placed in the
 * meantime is left alone. `alongside` is written in the same batch.
 */
export async function postTierDecisions(db: Database, companyId: string, decisions: readonly TierDecision[], alongside: (changed: readonly string[]) => BatchStatement[], now: Date): Promise<string[]> {
  const requests = decisions.map(
    (decision): Request => ({
      transactionId: decision.transactionId,
      kind: "tier",
      stale: (transaction) => transaction.status !== "review" || transaction.categorySource !== "none",
      target: (_, chart) => {
        const account = chart.get(decision.accountId);
        if (account === undefined) throw new Error(`a tier's decision names a missing account ${decision.accountId}`);
        return { account, attribution: decision.attribution };
      },
    }),
  );
  const outcomes = await change(db, companyId, requests, "tier", { unchangedIsError: false, alongside }, now);
  return outcomes.flatMap((outcome) => (outcome.status === "changed" ? [outcome.transactionId] : []));
}

/** Corrections for 500 transactions at most, all made or none; one already in its account is left as it is. */
export const correctionsPerRequestMax = 500;

/** `fieldPrefix`: where the items were in the body ("corrections." or "" for a bare list), for the field an error names. */
export async function correctTransactions(db: Database, companyId: string, items: readonly { transactionId: string; accountCode: string }[], actor: Actor, now: Date, fieldPrefix = "corrections."): Promise<ChangeOutcome[]> {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const field = `${fieldPrefix}${index}.transactionId`;
    if (seen.has(item.transactionId)) throw new InvalidInput(`${field}: ${quoteId(item.transactionId)} is corrected twice in one request`, { field });
    seen.add(item.transactionId);
  }
  return change(db, companyId, items.map(correction), actor, { unchangedIsError: false, bulk: true }, now);
}

/** A person takes the best suggestion for a transaction waiting for review: one call, no account code to type. */
export async function acceptSuggestion(db: Database, companyId: string, transactionId: string, actor: Actor, now: Date): Promise<void> {
  const accept: Request = {
    transactionId,
    kind: "accept",
    target: (transaction, chart, suggestions) => {
      if (transaction.status !== "review") throw new NothingToAccept("The transaction is not waiting for review; correct it with PATCH instead", { status: transaction.status });
      const suggestion = bestSuggestion(suggestions);
      const account = suggestion === undefined ? undefined : chart.get(suggestion.accountId);
      if (suggestion === undefined || account === undefined) throw new NothingToAccept("No tier suggested an account for this transaction; correct it with PATCH and an accountCode");
      const evidence = { ...parseEvidence(suggestion.evidence), acceptedSource: suggestion.source };
      return { account, attribution: personAttribution(`a person accepted the ${suggestion.source} tier's suggestion: ${suggestion.reason}`, evidence) };
    },
  };
  await change(db, companyId, [accept], actor, { unchangedIsError: true }, now);
}

/**
 * Undoes a transfer pairing a person says is wrong: the transfer entry is
 * reversed and both sides wait for review on their own, to be corrected as
 * any transaction.
 */
async function unpairOnce(db: Database, companyId: string, transactionId: string, actor: Actor, now: Date): Promise<void> {
  const [transaction] = await findTransactions(db.orm, companyId, [transactionId]);
  if (transaction === undefined) throw new NotFound(`No transaction ${quoteId(transactionId)} in this company`);
  if (transaction.transferTransactionId === null || transaction.entryNumber === null) throw new NotATransfer(`Transaction ${quoteId(transactionId)} is not one side of a transfer`);
  const [other] = await findTransactions(db.orm, companyId, [transaction.transferTransactionId]);
  if (other === undefined) throw new Error(`transaction ${transaction.id} names a missing other side`);
  const [[entry], chart, bankAccounts, lastNumber] = await Promise.all([
    findEntriesWithLines(db.orm, companyId, [transaction.entryNumber]),
    listAccounts(db.orm, companyId),
    listBankAccounts(db.orm, companyId),
    lastEntryNumber(db.orm, companyId),
  ]);
  if (entry === undefined) throw new Error(`transaction ${transaction.id} points at a missing entry ${transaction.entryNumber}`);
  const suspenseId = suspenseAccountOf(chart);
  const ledgerOf = new Map(bankAccounts.map((bankAccount) => [bankAccount.id, bankAccount.ledgerAccountId]));
  const undone: Attribution = { source: "none", confidence: 0, reason: `a person undid its transfer pairing; ${suspenseReason}`, evidence: null };
  const nextNumber = entryNumbersAfter(lastNumber);
  const entries: Entry[] = [reversalEntry(nextNumber(), entry, personAttribution("a person said these are not two sides of one transfer"), entry.description)];
  const statements = [transaction, other].map((side) => {
    const alone = transactionEntry(nextNumber(), side, ledgerOf.get(side.bankAccountId) ?? "", suspenseId, undone);
    entries.push(alone);
    return setTransactionDecision(db.orm, companyId, side.id, { status: "review", accountId: suspenseId, transferTransactionId: null, ...undone }, alone.number);
  });
  // Transfer sides count as labels of the transfer: they are taken back.
  const tally = countTally();
  for (const side of [transaction, other]) if (side.categoryAccountId !== null) tally.add(side, side.categoryAccountId, "auto", -1);
  // A person took the pairing back: each side's label says so, so the metrics and the training set count the pairing's mistake.
  const createdAt = now.toISOString();
  const labels = [transaction, other].map((side) => ({ id: newId(), companyId, transactionId: side.id, kind: "correction" as const, accountId: suspenseId, previousAccountId: side.categoryAccountId, previousSource: "transfer" as const, actor, createdAt }));
  await db.batch([...insertEntries(db.orm, companyId, createdAt, entries), ...statements, ...addCounts(db.orm, companyId, tally.deltas()), ...insertLabels(db.orm, labels)]);
}

export async function unpairTransfer(db: Database, companyId: string, transactionId: string, actor: Actor, now: Date): Promise<void> {
  await ensureLearnedModel(db, companyId, now);
  await retryOnConflict(() => unpairOnce(db, companyId, transactionId, actor, now));
}
