/**
 * Reading the books (chart, journal, reports, hledger export) and the one
 * way they change after an import: re-categorizing a transaction, which
 * reverses the entry that posts it and writes a new one, in one batch.
 */
import type { Database } from "../db/database.ts";
import { listAccounts, type AccountRow } from "../db/queries/accounts.ts";
import { findBankAccount } from "../db/queries/bank-accounts.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { currencyDecimals } from "../shared/money.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";
import { checkPeriod } from "../shared/dates.ts";
import { journalHeader, journalTransaction } from "./export-hledger.ts";
import { findTransaction } from "../db/queries/imports.ts";
import {
  accountBalanceBefore,
  accountLines,
  findEntry,
  insertEntry,
  insertLines,
  insertReversalLines,
  lastEntryNumber,
  linesOfEntries,
  listEntries,
  monthlySumsByAccount,
  setTransactionDecision,
  sumsByAccount,
  type EntryCursor,
  type EntryRow,
  type LedgerLine,
  type LineRow,
} from "../db/queries/journal.ts";
import { isEntryNumberTaken, isUniqueViolation } from "../db/errors.ts";
import { AppError, quoteId } from "../shared/errors.ts";
import { suspenseReason } from "./book.ts";
import { findAccountByCode, suspenseAccountId } from "./accounts.ts";
import { transactionLines } from "./post.ts";
import { balanceSheet, natural, profitAndLoss, trialBalance, type BalanceSheet, type ProfitAndLoss, type TrialBalance } from "./reports.ts";

export const listChartOfAccounts = (db: Database, companyId: string): Promise<AccountRow[]> => listAccounts(db.orm, companyId);

export async function getTrialBalance(db: Database, companyId: string, asOf: string): Promise<TrialBalance> {
  const [chart, sums] = await Promise.all([listAccounts(db.orm, companyId), sumsByAccount(db.orm, companyId, undefined, asOf)]);
  return trialBalance(chart, sums, asOf);
}

/** Calendar months from `from` to `to`, as "YYYY-MM". */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
    if (label > last) break;
    months.push(label);
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** Monthly columns stop at ten years: a wider request is almost surely a typo, and would be a huge answer. */
const monthlyColumnsMax = 120;

export async function getProfitAndLoss(db: Database, companyId: string, from: string, to: string, monthly: boolean): Promise<ProfitAndLoss> {
  checkPeriod(from, to);
  const [chart, sums] = await Promise.all([listAccounts(db.orm, companyId), sumsByAccount(db.orm, companyId, from, to)]);
  if (!monthly) return profitAndLoss(chart, sums, from, to);
  const months = monthsBetween(from, to);
  if (months.length > monthlyColumnsMax) {
    throw new AppError("invalid_period", `monthly columns cover at most ${monthlyColumnsMax} months; this period has ${months.length}`, { field: "columns" });
  }
  const byMonth = months.map(() => new Map<string, number>());
  for (const row of await monthlySumsByAccount(db.orm, companyId, from, to)) byMonth[months.indexOf(row.month)]?.set(row.accountId, row.total);
  return profitAndLoss(chart, sums, from, to, { months, sums: byMonth });
}

export async function getBalanceSheet(db: Database, companyId: string, asOf: string): Promise<BalanceSheet> {
  // The fiscal year is the calendar year; everything before it is earlier years.
  const lastDayBefore = `${String(Number(asOf.slice(0, 4)) - 1).padStart(4, "0")}-12-31`;
  const [chart, sumsAsOf, sumsBefore] = await Promise.all([
    listAccounts(db.orm, companyId),
    sumsByAccount(db.orm, companyId, undefined, asOf),
    sumsByAccount(db.orm, companyId, undefined, lastDayBefore),
  ]);
  return balanceSheet(chart, sumsAsOf, sumsBefore, asOf);
}

export interface GeneralLedgerLine extends LedgerLine {
  debitMinor: number;
  creditMinor: number;
  /** On the account's normal side, after this line. */
  balanceMinor: number;
}

export interface GeneralLedger {
  account: AccountRow;
  from: string;
  to: string;
  openingBalanceMinor: number;
  lines: GeneralLedgerLine[];
  /** The balance after the last line of this page (the period's closing balance on the last page). */
  closingBalanceMinor: number;
  nextCursor: string | null;
}

/** Where a page of entries (or of an account's lines) ends: its last entry's date and number. */
export function decodeEntryCursor(cursor: string | undefined): EntryCursor | undefined {
  if (cursor === undefined) return undefined;
  const { date, key } = decodeCursor(cursor, (number) => /^\d{1,15}$/.test(number));
  return { entryDate: date, number: Number(key) };
}

/** Lines with debit and credit columns and the running balance, on the account's normal side, after `startMinor`. */
function withRunningBalance(type: AccountRow["type"], startMinor: number, lines: readonly LedgerLine[]): GeneralLedgerLine[] {
  let running = startMinor;
  return lines.map((line) => {
    running += natural(type, line.amountMinor);
    return { ...line, debitMinor: Math.max(line.amountMinor, 0), creditMinor: Math.max(-line.amountMinor, 0), balanceMinor: running };
  });
}

export async function getGeneralLedger(db: Database, companyId: string, accountCode: string, from: string, to: string, limit: number, cursor: string | undefined): Promise<GeneralLedger> {
  checkPeriod(from, to);
  const account = await findAccountByCode(db, companyId, accountCode);
  const after = decodeEntryCursor(cursor);
  const [opening, startOfPage, rows] = await Promise.all([
    accountBalanceBefore(db.orm, companyId, account.id, from, undefined),
    // On the first page the page starts where the period does.
    after === undefined ? undefined : accountBalanceBefore(db.orm, companyId, account.id, from, after),
    accountLines(db.orm, companyId, account.id, from, to, after, limit + 1),
  ]);
  const page = rows.slice(0, limit);
  const lines = withRunningBalance(account.type, natural(account.type, startOfPage ?? opening), page);
  const last = page[page.length - 1];
  return {
    account,
    from,
    to,
    openingBalanceMinor: natural(account.type, opening),
    lines,
    closingBalanceMinor: lines.at(-1)?.balanceMinor ?? natural(account.type, startOfPage ?? opening),
    nextCursor: rows.length > limit && last ? encodeCursor(last.entryDate, last.entryNumber) : null,
  };
}

/** The whole period at once (for CSV): the account and its opening balance read once, the lines a page at a time. */
export async function getWholeGeneralLedger(db: Database, companyId: string, accountCode: string, from: string, to: string): Promise<{ openingBalanceMinor: number; lines: GeneralLedgerLine[] }> {
  checkPeriod(from, to);
  const account = await findAccountByCode(db, companyId, accountCode);
  const openingBalanceMinor = natural(account.type, await accountBalanceBefore(db.orm, companyId, account.id, from, undefined));
  const lines: GeneralLedgerLine[] = [];
  const pageSize = 5000;
  let after: EntryCursor | undefined;
  for (;;) {
    const page = await accountLines(db.orm, companyId, account.id, from, to, after, pageSize);
    lines.push(...withRunningBalance(account.type, lines.at(-1)?.balanceMinor ?? openingBalanceMinor, page));
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return { openingBalanceMinor, lines };
    after = { entryDate: last.entryDate, number: last.entryNumber };
  }
}

export interface JournalEntry extends EntryRow {
  lines: (LineRow & { accountCode: string; accountName: string })[];
}

/** Entries with their lines, in one query per chunk of entries. */
async function entriesWithLines(db: Database, companyId: string, entries: readonly EntryRow[]): Promise<(EntryRow & { lines: LineRow[] })[]> {
  const linesByEntry = new Map<number, LineRow[]>();
  for (const line of await linesOfEntries(db.orm, companyId, entries.map((entry) => entry.number))) {
    const list = linesByEntry.get(line.entryNumber);
    if (list === undefined) linesByEntry.set(line.entryNumber, [line]);
    else list.push(line);
  }
  return entries.map((entry) => ({ ...entry, lines: linesByEntry.get(entry.number) ?? [] }));
}

export async function getJournalPage(db: Database, companyId: string, from: string | undefined, to: string | undefined, limit: number, cursor: string | undefined): Promise<{ entries: JournalEntry[]; nextCursor: string | null }> {
  if (from !== undefined && to !== undefined) checkPeriod(from, to);
  const after = decodeEntryCursor(cursor);
  const [chart, rows] = await Promise.all([listAccounts(db.orm, companyId), listEntries(db.orm, companyId, from, to, after, limit + 1)]);
  const page = rows.slice(0, limit);
  const accountsById = new Map(chart.map((account) => [account.id, account]));
  const withLines = await entriesWithLines(db, companyId, page);
  const last = page[page.length - 1];
  return {
    entries: withLines.map((entry) => ({
      ...entry,
      lines: entry.lines.map((line) => ({ ...line, accountCode: accountsById.get(line.accountId)?.code ?? "", accountName: accountsById.get(line.accountId)?.name ?? "" })),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.entryDate, last.number) : null,
  };
}

/**
 * Moves a transaction to another account: the entry that posts it now is
 * reversed and a new one written, in one batch; the journal keeps both. A
 * transfer is undone whole: its other side goes to suspense for review.
 */
async function recategorizeOnce(db: Database, companyId: string, transactionId: string, accountCode: string, now: Date): Promise<void> {
  const transaction = await findTransaction(db.orm, companyId, transactionId);
  if (!transaction) throw new AppError("not_found", `No transaction ${quoteId(transactionId)} in this company`);
  const account = await findAccountByCode(db, companyId, accountCode);
  const bankAccount = await findBankAccount(db.orm, companyId, transaction.bankAccountId);
  if (!bankAccount) throw new Error(`transaction ${transaction.id} has no bank account`);
  if (account.id === bankAccount.ledgerAccountId) {
    throw new AppError("validation_failed", `accountCode: ${accountCode} is this transaction's own bank account; it cannot be its other side`, { field: "accountCode" });
  }
  if (account.id === transaction.categoryAccountId) {
    throw new AppError("category_unchanged", `The transaction is already in ${account.code} ${account.name}; nothing to change`, { field: "accountCode" });
  }
  const createdAt = now.toISOString();
  const reason = `re-categorized to ${account.code} by a person`;
  const decision = { categoryAccountId: account.id, categorySource: "manual" as const, categoryConfidence: 1, categoryRuleId: null, categoryReason: reason, status: "categorized" as const, transferTransactionId: null };
  if (transaction.entryNumber === null) {
    // A zero amount posts nothing: only the decision changes.
    await db.batch([setTransactionDecision(db.orm, companyId, transaction.id, { ...decision, entryNumber: null })]);
    return;
  }
  const original = await findEntry(db.orm, companyId, transaction.entryNumber);
  if (!original) throw new Error(`transaction ${transaction.id} points at a missing entry ${transaction.entryNumber}`);
  let next = await lastEntryNumber(db.orm, companyId);
  const reversal = ++next;
  const replacement = ++next;
  const statements = [
    insertReversalLines(db.orm, companyId, reversal, original.number),
    insertEntry(db.orm, {
      ...original,
      number: reversal,
      description: `Reversal of entry ${original.number}: ${original.description}`,
      kind: "reversal",
      reversesNumber: original.number,
      source: "manual",
      ruleId: null,
      confidence: 1,
      reason,
      createdAt,
    }),
    ...insertLines(db.orm, companyId, replacement, transaction.postedOn, transactionLines(bankAccount.ledgerAccountId, account.id, transaction.amountMinor)),
    insertEntry(db.orm, {
      companyId,
      number: replacement,
      entryDate: transaction.postedOn,
      description: transaction.description,
      kind: "transaction",
      transactionId: transaction.id,
      transferTransactionId: null,
      reversesNumber: null,
      source: "manual",
      ruleId: null,
      confidence: 1,
      reason,
      createdAt,
    }),
    setTransactionDecision(db.orm, companyId, transaction.id, { ...decision, entryNumber: replacement }),
  ];
  const otherSide = transaction.transferTransactionId === null ? undefined : await findTransaction(db.orm, companyId, transaction.transferTransactionId);
  if (otherSide) {
    const otherBank = await findBankAccount(db.orm, companyId, otherSide.bankAccountId);
    if (!otherBank) throw new Error(`transaction ${otherSide.id} has no bank account`);
    const suspenseId = await suspenseAccountId(db, companyId);
    const otherEntry = ++next;
    statements.push(
      ...insertLines(db.orm, companyId, otherEntry, otherSide.postedOn, transactionLines(otherBank.ledgerAccountId, suspenseId, otherSide.amountMinor)),
      insertEntry(db.orm, {
        companyId,
        number: otherEntry,
        entryDate: otherSide.postedOn,
        description: otherSide.description,
        kind: "transaction",
        transactionId: otherSide.id,
        transferTransactionId: null,
        reversesNumber: null,
        source: "none",
        ruleId: null,
        confidence: 0,
        reason: `its transfer pair was undone; ${suspenseReason}`,
        createdAt,
      }),
      setTransactionDecision(db.orm, companyId, otherSide.id, {
        entryNumber: otherEntry,
        categoryAccountId: suspenseId,
        categorySource: "none",
        categoryConfidence: 0,
        categoryRuleId: null,
        categoryReason: `its transfer pair was undone; ${suspenseReason}`,
        status: "review",
        transferTransactionId: null,
      }),
    );
  }
  await db.batch(statements);
}

/** Two corrections racing for the same entry: one wins (an entry is reversed once), the other tries again on what won. */
export async function recategorize(db: Database, companyId: string, transactionId: string, accountCode: string, now: Date): Promise<void> {
  try {
    await recategorizeOnce(db, companyId, transactionId, accountCode, now);
  } catch (error) {
    if (!isEntryNumberTaken(error) && !isUniqueViolation(error)) throw error;
    await recategorizeOnce(db, companyId, transactionId, accountCode, now);
  }
}

const exportPageSize = 2000;

/** The books as an hledger journal, a page of entries at a time, so a large company streams rather than buffers. */
export async function* exportHledgerJournal(db: Database, company: CompanyRow): AsyncGenerator<string> {
  const decimals = currencyDecimals(company.currency);
  const chart = await listAccounts(db.orm, company.id);
  const accountsById = new Map(chart.map((account) => [account.id, account]));
  yield journalHeader(company.name, company.currency, decimals);
  let after: EntryCursor | undefined;
  for (;;) {
    const entries = await listEntries(db.orm, company.id, undefined, undefined, after, exportPageSize);
    if (entries.length === 0) return;
    const withLines = await entriesWithLines(db, company.id, entries);
    yield withLines.map((entry) => journalTransaction(entry, accountsById, company.currency, decimals)).join("");
    const last = entries[entries.length - 1] as EntryRow;
    after = { entryDate: last.entryDate, number: last.number };
  }
}
