/**
 * The journal's statements. Lines always go in before their entry: the
 * entry's insert trigger checks them (migrations/0003_books.sql), and a
 * deferred foreign key fails the batch if an entry never follows its lines.
 * Entries arrive built and balanced from src/ledger/entries.ts; nothing here
 * derives a line.
 */
import { and, asc, eq, gte, inArray, lt, lte, max, or, sql, sum, type SQL } from "drizzle-orm";
import type { Evidence } from "../../shared/vocabulary.ts";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsAsJson, selectInChunks } from "../chunk.ts";
import { batchRows, insertFromJson, jsonField, sharedColumn } from "../insert-select.ts";
import { inJsonArray, placeholder, prepared, preparedByShape } from "../prepared.ts";
import { evidenceJson } from "./transactions.ts";
import { journalEntries, journalLines } from "../schema.ts";

export type EntryRow = typeof journalEntries.$inferSelect;
export type LineRow = typeof journalLines.$inferSelect;

const lastEntryNumberQuery = prepared((orm) =>
  orm
    .select({ last: max(journalEntries.number) })
    .from(journalEntries)
    .where(eq(journalEntries.companyId, placeholder("companyId")))
    .prepare(),
);

/** The journal's last entry number (0 when empty): one step down the primary key. Numbers only ever grow. */
export async function lastEntryNumber(orm: Orm, companyId: string): Promise<number> {
  const rows = await lastEntryNumberQuery(orm).all({ companyId });
  return rows[0]?.last ?? 0;
}

/** A line as the ledger built it. */
export interface NewLine {
  accountId: string;
  amountMinor: number;
}

/** An entry as the ledger built it (src/ledger/entries.ts), balanced and numbered. */
export interface NewEntry {
  number: number;
  entryDate: string;
  description: string;
  kind: EntryRow["kind"];
  transactionId: string | null;
  transferTransactionId: string | null;
  reversesNumber: number | null;
  source: EntryRow["source"];
  confidence: number;
  reason: string;
  evidence: Evidence | null;
  lines: readonly NewLine[];
}

/**
 * Who decided an entry and why, as one object per distinct decision: entries
 * built from one decision share its evidence object, so this finds it again
 * without serializing anything.
 */
function attributionKeys(): (entry: NewEntry) => Attribution {
  const byEvidence = new Map<object | null, Map<string, Attribution>>();
  return (entry) => {
    let byRest = byEvidence.get(entry.evidence);
    if (byRest === undefined) {
      byRest = new Map();
      byEvidence.set(entry.evidence, byRest);
    }
    const key = `${entry.kind}\u0000${entry.source}\u0000${entry.confidence}\u0000${entry.reason}`;
    let attribution = byRest.get(key);
    if (attribution === undefined) {
      attribution = { kind: entry.kind, source: entry.source, confidence: entry.confidence, reason: entry.reason, evidence: entry.evidence };
      byRest.set(key, attribution);
    }
    return attribution;
  };
}

type Attribution = Pick<NewEntry, "kind" | "source" | "confidence" | "reason" | "evidence">;

/**
 * The statements that write entries exactly as built: every line as it is,
 * then each entry. Lines go in key order (entry, then line), so the lines'
 * primary key only ever appends.
 */
export function insertEntries(orm: Orm, companyId: string, createdAt: string, entries: readonly NewEntry[]): BatchStatement[] {
  const attributionOf = attributionKeys();
  const lineRows = entries.flatMap((entry) => entry.lines.map((line, index) => [entry.number, index + 1, line.accountId, entry.entryDate, line.amountMinor]));
  const lines = chunkRowsAsJson(lineRows).map((json) =>
    insertFromJson(
      orm,
      journalLines,
      { companyId: sql`${companyId}`, entryNumber: jsonField(0), lineNumber: jsonField(1), accountId: jsonField(2), entryDate: jsonField(3), amountMinor: jsonField(4) },
      json,
    ),
  );
  const batches = batchRows(
    entries,
    (e) => [e.number, e.entryDate, e.description, e.transactionId, e.transferTransactionId, e.reversesNumber],
    attributionOf,
    (a) => [a.kind, a.source, evidenceJson(a.evidence), a.confidence, a.reason],
  );
  const written = batches.map((batch) => {
    const attribution = (column: number) => sharedColumn(batch, 6, column);
    return insertFromJson(
      orm,
      journalEntries,
      {
        companyId: sql`${companyId}`,
        number: jsonField(0),
        entryDate: jsonField(1),
        description: jsonField(2),
        kind: attribution(0),
        transactionId: jsonField(3),
        transferTransactionId: jsonField(4),
        reversesNumber: jsonField(5),
        source: attribution(1),
        evidence: attribution(2),
        confidence: attribution(3),
        reason: attribution(4),
        createdAt: sql`${createdAt}`,
      },
      batch.json,
    );
  });
  return [...lines, ...written];
}

export type EntryWithLines = EntryRow & { lines: LineRow[] };

/** Entries with their lines, in the order given, in one query per chunk of entries. */
export async function withLines(orm: Orm, companyId: string, entries: readonly EntryRow[]): Promise<EntryWithLines[]> {
  const linesByEntry = new Map<number, LineRow[]>();
  for (const line of await linesOfEntries(orm, companyId, entries.map((entry) => entry.number))) {
    const list = linesByEntry.get(line.entryNumber);
    if (list === undefined) linesByEntry.set(line.entryNumber, [line]);
    else list.push(line);
  }
  return entries.map((entry) => ({ ...entry, lines: linesByEntry.get(entry.number) ?? [] }));
}

/** The entries with these numbers, with their lines: what a reversal undoes. */
export async function findEntriesWithLines(orm: Orm, companyId: string, numbers: readonly number[]): Promise<EntryWithLines[]> {
  const entries = await selectInChunks(numbers, (chunk) =>
    orm
      .select()
      .from(journalEntries)
      .where(and(eq(journalEntries.companyId, companyId), inArray(journalEntries.number, chunk))),
  );
  return withLines(orm, companyId, entries);
}

const sumsQuery = preparedByShape((orm, shape: { from: boolean; to: boolean }) =>
  orm
    .select({ accountId: journalLines.accountId, total: sum(journalLines.amountMinor).mapWith(Number) })
    .from(journalLines)
    .where(
      and(
        eq(journalLines.companyId, placeholder("companyId")),
        shape.from ? gte(journalLines.entryDate, placeholder("from")) : undefined,
        shape.to ? lte(journalLines.entryDate, placeholder("to")) : undefined,
      ),
    )
    .groupBy(journalLines.accountId)
    .prepare(),
);

/** Debit-positive sums per account over lines dated within [from, to] (either bound optional). */
export async function sumsByAccount(orm: Orm, companyId: string, from: string | undefined, to: string | undefined): Promise<Map<string, number>> {
  const rows = await sumsQuery(orm, { from: from !== undefined, to: to !== undefined }).all({ companyId, from, to });
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

/** After the cursor placeholders afterDate and afterNumber, for a prepared query. */
const afterCursorPlaceholder = (date: DateColumn, number: NumberColumn): SQL =>
  or(sql`${date} > ${placeholder("afterDate")}`, and(sql`${date} = ${placeholder("afterDate")}`, sql`${number} > ${placeholder("afterNumber")}`)) as SQL;

const entriesQuery = preparedByShape((orm, shape: { from: boolean; to: boolean; after: boolean }) =>
  orm
    .select()
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.companyId, placeholder("companyId")),
        shape.from ? gte(journalEntries.entryDate, placeholder("from")) : undefined,
        shape.to ? lte(journalEntries.entryDate, placeholder("to")) : undefined,
        shape.after ? afterCursorPlaceholder(journalEntries.entryDate, journalEntries.number) : undefined,
      ),
    )
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.number))
    .limit(placeholder("limit"))
    .prepare(),
);

/** Entries dated within the period, oldest first, then by number. */
export function listEntries(orm: Orm, companyId: string, from: string | undefined, to: string | undefined, after: EntryCursor | undefined, limit: number): Promise<EntryRow[]> {
  return entriesQuery(orm, { from: from !== undefined, to: to !== undefined, after: after !== undefined }).all({
    companyId,
    from,
    to,
    afterDate: after?.entryDate,
    afterNumber: after?.number,
    limit,
  });
}

const linesOfEntriesQuery = prepared((orm) =>
  orm
    .select()
    .from(journalLines)
    .where(and(eq(journalLines.companyId, placeholder("companyId")), inJsonArray(journalLines.entryNumber, "numbers")))
    .orderBy(asc(journalLines.entryNumber), asc(journalLines.lineNumber))
    .prepare(),
);

/** The lines of the given entries, the numbers bound as one JSON array. */
export const linesOfEntries = (orm: Orm, companyId: string, numbers: readonly number[]): Promise<LineRow[]> =>
  linesOfEntriesQuery(orm).all({ companyId, numbers: JSON.stringify(numbers) });

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
