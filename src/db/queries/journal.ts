/**
 * The journal's statements. Lines always go in before their entry: the
 * entry's insert trigger checks them (migrations/0003_books.sql), and a
 * deferred foreign key fails the batch if an entry never follows its lines.
 */
import { and, asc, eq, gte, inArray, lt, lte, max, or, sql, sum, type SQL } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsForInsert, selectInChunks } from "../chunk.ts";
import { bankAccounts, journalEntries, journalLines, transactions } from "../schema.ts";

export type EntryRow = typeof journalEntries.$inferSelect;
export type LineRow = typeof journalLines.$inferSelect;

export async function lastEntryNumber(orm: Orm, companyId: string): Promise<number> {
  const rows = await orm.select({ last: max(journalEntries.number) }).from(journalEntries).where(eq(journalEntries.companyId, companyId));
  return rows[0]?.last ?? 0;
}

export const insertEntry = (orm: Orm, row: EntryRow): BatchStatement => orm.insert(journalEntries).values(row);

/** Explicit lines of one entry (a transfer or a correction: a handful of rows). */
export function insertLines(orm: Orm, companyId: string, entryNumber: number, entryDate: string, lines: readonly { accountId: string; amountMinor: number }[]): BatchStatement[] {
  const rows: LineRow[] = lines.map((line, index) => ({ companyId, entryNumber, lineNumber: index + 1, accountId: line.accountId, entryDate, amountMinor: line.amountMinor }));
  return chunkRowsForInsert(rows, 6).map((chunk) => orm.insert(journalLines).values(chunk));
}

/** The lines that undo an entry: each of its lines negated, on the same date. */
export const insertReversalLines = (orm: Orm, companyId: string, reversalNumber: number, originalNumber: number): BatchStatement =>
  orm.insert(journalLines).select(sql`
    select company_id, ${reversalNumber}, line_number, account_id, entry_date, -amount_minor
    from journal_lines where company_id = ${companyId} and entry_number = ${originalNumber}`);

/**
 * Posts the transactions numbered `first`..`last` (an import's own, just
 * inserted with their decisions) set-based: the bank's ledger account takes
 * the amount, the decided account its negation, and then each entry.
 */
export function postNumberedTransactions(orm: Orm, companyId: string, bankLedgerAccountId: string, first: number, last: number, createdAt: string): BatchStatement[] {
  const numbered = sql`from transactions where company_id = ${companyId} and entry_number between ${first} and ${last}`;
  return [
    // Both lines of each entry in one pass, in key order: the lines' primary key then only ever appends.
    orm.insert(journalLines).select(sql`
      select t.company_id, t.entry_number, side.n,
             case side.n when 1 then ${bankLedgerAccountId} else t.category_account_id end,
             t.posted_on, case side.n when 1 then t.amount_minor else -t.amount_minor end
      from transactions as t cross join (select 1 as n union all select 2) as side
      where t.company_id = ${companyId} and t.entry_number between ${first} and ${last}
      order by t.entry_number, side.n`),
    orm.insert(journalEntries).select(sql`
      select company_id, entry_number, posted_on, description, 'transaction', id, null, null,
             category_source, category_rule_id, category_confidence, category_reason, ${createdAt}
      ${numbered}`),
  ];
}

export type TransactionDecision = Pick<
  typeof transactions.$inferSelect,
  "entryNumber" | "categoryAccountId" | "categorySource" | "categoryConfidence" | "categoryRuleId" | "categoryReason" | "status" | "transferTransactionId"
>;

/** Points a transaction at the entry that posts it now; the entries themselves never change. */
export const setTransactionDecision = (orm: Orm, companyId: string, transactionId: string, decision: TransactionDecision): BatchStatement =>
  orm
    .update(transactions)
    .set(decision)
    .where(and(eq(transactions.companyId, companyId), eq(transactions.id, transactionId)));

export interface TransferCandidate {
  id: string;
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  entryNumber: number | null;
  ledgerAccountId: string;
  bankAccountName: string;
  /** A card's side of a transfer is a payment to it: money in. */
  card: boolean;
}

/**
 * Transactions on the company's other accounts, in the same currency, that a
 * new one may be the other side of: those no tier, person or earlier pairing
 * has decided (a rule's decision is not overridden by a coincidence of amounts).
 */
export function transferCandidates(orm: Orm, companyId: string, bankAccount: { id: string; currency: string }, from: string, to: string): Promise<TransferCandidate[]> {
  return orm
    .select({
      id: transactions.id,
      bankAccountId: transactions.bankAccountId,
      postedOn: transactions.postedOn,
      amountMinor: transactions.amountMinor,
      entryNumber: transactions.entryNumber,
      ledgerAccountId: bankAccounts.ledgerAccountId,
      bankAccountName: bankAccounts.name,
      card: sql<boolean>`${bankAccounts.kind} = 'credit_card'`.mapWith(Boolean),
    })
    .from(transactions)
    .innerJoin(bankAccounts, and(eq(bankAccounts.companyId, transactions.companyId), eq(bankAccounts.id, transactions.bankAccountId)))
    .where(
      and(
        eq(transactions.companyId, companyId),
        gte(transactions.postedOn, from),
        lte(transactions.postedOn, to),
        sql`${transactions.bankAccountId} <> ${bankAccount.id}`,
        eq(bankAccounts.currency, bankAccount.currency),
        sql`${transactions.amountMinor} <> 0`,
        eq(transactions.categorySource, "none"),
      ),
    )
    .orderBy(asc(transactions.postedOn), asc(transactions.id));
}

/** Debit-positive sums per account over lines dated within [from, to] (either bound optional). */
export async function sumsByAccount(orm: Orm, companyId: string, from: string | undefined, to: string | undefined): Promise<Map<string, number>> {
  const rows = await orm
    .select({ accountId: journalLines.accountId, total: sum(journalLines.amountMinor).mapWith(Number) })
    .from(journalLines)
    .where(
      and(
        eq(journalLines.companyId, companyId),
        from === undefined ? undefined : gte(journalLines.entryDate, from),
        to === undefined ? undefined : lte(journalLines.entryDate, to),
      ),
    )
    .groupBy(journalLines.accountId);
  return new Map(rows.map((row) => [row.accountId, row.total]));
}

/** Sums per account and calendar month ("YYYY-MM") within [from, to]. */
export async function monthlySumsByAccount(orm: Orm, companyId: string, from: string, to: string): Promise<{ month: string; accountId: string; total: number }[]> {
  const month = sql<string>`substr(${journalLines.entryDate}, 1, 7)`;
  return orm
    .select({ month, accountId: journalLines.accountId, total: sum(journalLines.amountMinor).mapWith(Number) })
    .from(journalLines)
    .where(and(eq(journalLines.companyId, companyId), gte(journalLines.entryDate, from), lte(journalLines.entryDate, to)))
    .groupBy(journalLines.accountId, month);
}

/** Keyset position: after this (date, number). */
export interface EntryCursor {
  entryDate: string;
  number: number;
}

type DateColumn = typeof journalEntries.entryDate | typeof journalLines.entryDate;
type NumberColumn = typeof journalEntries.number | typeof journalLines.entryNumber;

const afterCursor = (date: DateColumn, number: NumberColumn, cursor: EntryCursor | undefined): SQL | undefined =>
  cursor === undefined ? undefined : or(sql`${date} > ${cursor.entryDate}`, and(sql`${date} = ${cursor.entryDate}`, sql`${number} > ${cursor.number}`));

/** Entries dated within the period, oldest first, then by number. */
export function listEntries(orm: Orm, companyId: string, from: string | undefined, to: string | undefined, after: EntryCursor | undefined, limit: number): Promise<EntryRow[]> {
  return orm
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.companyId, companyId),
        from === undefined ? undefined : gte(journalEntries.entryDate, from),
        to === undefined ? undefined : lte(journalEntries.entryDate, to),
        afterCursor(journalEntries.entryDate, journalEntries.number, after),
      ),
    )
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.number))
    .limit(limit);
}

/** The lines of the given entries; numbers go in chunks that leave room under D1's 100 parameters. */
export const linesOfEntries = (orm: Orm, companyId: string, numbers: readonly number[]): Promise<LineRow[]> =>
  selectInChunks(numbers, (chunk) =>
    orm
      .select()
      .from(journalLines)
      .where(and(eq(journalLines.companyId, companyId), inArray(journalLines.entryNumber, chunk)))
      .orderBy(asc(journalLines.entryNumber), asc(journalLines.lineNumber)),
  );

export async function findEntry(orm: Orm, companyId: string, number: number): Promise<EntryRow | undefined> {
  const rows = await orm.select().from(journalEntries).where(and(eq(journalEntries.companyId, companyId), eq(journalEntries.number, number))).limit(1);
  return rows[0];
}

export interface LedgerLine {
  entryDate: string;
  entryNumber: number;
  description: string;
  kind: EntryRow["kind"];
  amountMinor: number;
}

/** An account's lines within the period, in date and entry order, with their entries' descriptions. */
export function accountLines(orm: Orm, companyId: string, accountId: string, from: string, to: string, after: EntryCursor | undefined, limit: number): Promise<LedgerLine[]> {
  return orm
    .select({
      entryDate: journalLines.entryDate,
      entryNumber: journalLines.entryNumber,
      description: journalEntries.description,
      kind: journalEntries.kind,
      amountMinor: journalLines.amountMinor,
    })
    .from(journalLines)
    .innerJoin(journalEntries, and(eq(journalEntries.companyId, journalLines.companyId), eq(journalEntries.number, journalLines.entryNumber)))
    .where(
      and(
        eq(journalLines.companyId, companyId),
        eq(journalLines.accountId, accountId),
        gte(journalLines.entryDate, from),
        lte(journalLines.entryDate, to),
        afterCursor(journalLines.entryDate, journalLines.entryNumber, after),
      ),
    )
    .orderBy(asc(journalLines.entryDate), asc(journalLines.entryNumber), asc(journalLines.lineNumber))
    .limit(limit);
}

/** An account's debit-positive balance from its lines before the period, plus those within it up to a cursor. */
export async function accountBalanceBefore(orm: Orm, companyId: string, accountId: string, from: string, upTo: EntryCursor | undefined): Promise<number> {
  const rows = await orm
    .select({ total: sum(journalLines.amountMinor).mapWith(Number) })
    .from(journalLines)
    .where(
      and(
        eq(journalLines.companyId, companyId),
        eq(journalLines.accountId, accountId),
        upTo === undefined
          ? lt(journalLines.entryDate, from)
          : or(
              lt(journalLines.entryDate, from),
              and(
                gte(journalLines.entryDate, from),
                or(lt(journalLines.entryDate, upTo.entryDate), and(eq(journalLines.entryDate, upTo.entryDate), lte(journalLines.entryNumber, upTo.number))),
              ),
            ),
      ),
    );
  return rows[0]?.total ?? 0;
}
