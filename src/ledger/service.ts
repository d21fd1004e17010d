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
import { isCalendarDate } from "../shared/dates.ts";
import { journalHeader, journalTransaction } from "./export-hledger.ts";
import { findTransaction } from "../db/queries/imports.ts";
import {
  accountBalanceBefore,
  accountLines,
  findEntry,
  insertEntry,
  insertLines,
  insertReversalLines,
  isEntryNumberTaken,
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
import { isUniqueViolation } from "../db/errors.ts";
import { AppError, quoteId } from "../shared/errors.ts";
import { suspenseAccountId, suspenseReason } from "./book.ts";
import { transactionLines } from "./post.ts";
import { balanceSheet, natural, profitAndLoss, trialBalance, type BalanceSheet, type ProfitAndLoss, type TrialBalance } from "./reports.ts";
import { findAccountByCode } from "../rules/service.ts";

export const listChartOfAccounts = (db: Database, companyId: string): Promise<AccountRow[]> => listAccounts(db.orm, companyId);

export function checkPeriod(from: string, to: string): void {
  if (from > to) throw new AppError("invalid_period", `from (${from}) is after to (${to})`, { field: "from" });
}

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

const encodeCursor = (cursor: EntryCursor): string => btoa(`${cursor.entryDate}|${cursor.number}`).replace(/=+$/, "");

export function decodeEntryCursor(cursor: string | undefined): EntryCursor | undefined {
  if (cursor === undefined) return undefined;
  const refuse = () => new AppError("validation_failed", "cursor is not one this API gave out", { field: "cursor" });
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw refuse();
  }
  const [entryDate, number, extra] = text.split("|");
  if (extra !== undefined || entryDate === undefined || !isCalendarDate(entryDate) || !/^\d{1,15}$/.test(number ?? "")) throw refuse();
  return { entryDate, number: Number(number) };
}

export async function getGeneralLedger(db: Database, companyId: string, accountCode: string, from: string, to: string, limit: number, cursor: string | undefined): Promise<GeneralLedger> {
  checkPeriod(from, to);
  const account = await findAccountByCode(db, companyId, accountCode);
  const after = decodeEntryCursor(cursor);
  const [opening, startOfPage, rows] = await Promise.all([
    accountBalanceBefore(db.orm, companyId, account.id, from, undefined),
    accountBalanceBefore(db.orm, companyId, account.id, from, after),
    accountLines(db.orm, companyId, account.id, from, to, after, limit + 1),
  ]);
  const page = rows.slice(0, limit);
  let running = natural(account.type, startOfPage);
  const lines = page.map((line): GeneralLedgerLine => {
    running += natural(account.type, line.amountMinor);
    return { ...line, debitMinor: Math.max(line.amountMinor, 0), creditMinor: Math.max(-line.amountMinor, 0), balanceMinor: running };
  });
  const last = page[page.length - 1];
  return {
    account,
    from,
    to,
    openingBalanceMinor: natural(account.type, opening),
    lines,
    closingBalanceMinor: running,
    nextCursor: rows.length > limit && last ? encodeCursor({ entryDate: last.entryDate, number: last.entryNumber }) : null,
  };
}

export interface JournalEntry extends EntryRow {
  lines: (LineRow & { accountCode: string; accountName: string })[];
}

export async function getJournalPage(db: Database, companyId: string, from: string | undefined, to: string | undefined, limit: number, cursor: string | undefined): Promise<{ entries: JournalEntry[]; nextCursor: string | null }> {
  if (from !== undefined && to !== undefined) checkPeriod(from, to);
  const after = decodeEntryCursor(cursor);
  const [chart, rows] = await Promise.all([listAccounts(db.orm, companyId), listEntries(db.orm, companyId, from, to, after, limit + 1)]);
  const page = rows.slice(0, limit);
  const lines = await linesOfEntries(db.orm, companyId, page.map((entry) => entry.number));
  const accountsById = new Map(chart.map((account) => [account.id, account]));
  const linesByEntry = new Map<number, JournalEntry["lines"]>();
  for (const line of lines) {
    const account = accountsById.get(line.accountId);
    const list = linesByEntry.get(line.entryNumber) ?? [];
    list.push({ ...line, accountCode: account?.code ?? "", accountName: account?.name ?? "" });
    linesByEntry.set(line.entryNumber, list);
  }
  const last = page[page.length - 1];
  return {
    entries: page.map((entry) => ({ ...entry, lines: linesByEntry.get(entry.number) ?? [] })),
    nextCursor: rows.length > limit && last ? encodeCursor({ entryDate: last.entryDate, number: last.number }) : null,
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
    const lines = await linesOfEntries(db.orm, company.id, entries.map((entry) => entry.number));
    const linesByEntry = new Map<number, LineRow[]>();
    for (const line of lines) linesByEntry.set(line.entryNumber, [...(linesByEntry.get(line.entryNumber) ?? []), line]);
    yield entries.map((entry) => journalTransaction({ ...entry, lines: linesByEntry.get(entry.number) ?? [] }, accountsById, company.currency, decimals)).join("");
    const last = entries[entries.length - 1] as EntryRow;
    after = { entryDate: last.entryDate, number: last.number };
  }
}
