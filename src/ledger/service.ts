/**
 * Reading the books: the chart, the journal a page at a time, and the
 * reports. Nothing here writes; entries are built in entries.ts and written
 * by the import and by corrections.
 */
import type { Database } from "../db/database.ts";
import { listAccounts, type AccountRow } from "../db/queries/accounts.ts";
import {
  accountBalanceBefore,
  accountLines,
  listEntries,
  monthlySumsByAccount,
  withLines,
  type EntryCursor,
  type EntryRow,
  type LedgerLine,
  type LineRow,
} from "../db/queries/journal.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";
import { checkPeriod } from "../shared/dates.ts";
import { InvalidPeriod } from "../shared/errors.ts";
import { findAccountByCode } from "./accounts.ts";
import { journalSums } from "./sums.ts";
import { balanceSheet, natural, profitAndLoss, trialBalance, type BalanceSheet, type ProfitAndLoss, type TrialBalance } from "./reports.ts";

export const listChartOfAccounts = (db: Database, companyId: string): Promise<AccountRow[]> => listAccounts(db.orm, companyId);

export async function getTrialBalance(db: Database, companyId: string, asOf: string): Promise<TrialBalance> {
  const [chart, sums] = await Promise.all([listAccounts(db.orm, companyId), journalSums(db, companyId, undefined, asOf)]);
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
  const [chart, sums] = await Promise.all([listAccounts(db.orm, companyId), journalSums(db, companyId, from, to)]);
  if (!monthly) return profitAndLoss(chart, sums, from, to);
  const months = monthsBetween(from, to);
  if (months.length > monthlyColumnsMax) {
    throw new InvalidPeriod(`monthly columns cover at most ${monthlyColumnsMax} months; this period has ${months.length}`, { field: "columns" });
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
    journalSums(db, companyId, undefined, asOf),
    journalSums(db, companyId, undefined, lastDayBefore),
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

export async function getJournalPage(db: Database, companyId: string, from: string | undefined, to: string | undefined, limit: number, cursor: string | undefined): Promise<{ entries: JournalEntry[]; nextCursor: string | null }> {
  if (from !== undefined && to !== undefined) checkPeriod(from, to);
  const after = decodeEntryCursor(cursor);
  const [chart, rows] = await Promise.all([listAccounts(db.orm, companyId), listEntries(db.orm, companyId, from, to, after, limit + 1)]);
  const page = rows.slice(0, limit);
  const accountsById = new Map(chart.map((account) => [account.id, account]));
  const entries = await withLines(db.orm, companyId, page);
  const last = page[page.length - 1];
  return {
    entries: entries.map((entry) => ({
      ...entry,
      lines: entry.lines.map((line) => ({ ...line, accountCode: accountsById.get(line.accountId)?.code ?? "", accountName: accountsById.get(line.accountId)?.name ?? "" })),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.entryDate, last.number) : null,
  };
}
