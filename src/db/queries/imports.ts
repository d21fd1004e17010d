import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsAsJson, selectInChunks } from "../chunk.ts";
import { accounts, importRowProblems, imports, transactions } from "../schema.ts";

export type ImportRow = typeof imports.$inferSelect;
export type TransactionRow = typeof transactions.$inferSelect;
export type RowProblemRow = typeof importRowProblems.$inferSelect;
/** What rows of an import share with each other: one decision (and, for a transfer side, its own id). */
export type TransactionDecisionGroup = Pick<
  TransactionRow,
  "status" | "categoryAccountId" | "categorySource" | "categoryConfidence" | "categoryRuleId" | "categoryReason" | "transferTransactionId"
> & {
  /** Null lets SQLite make a random id per row; only a transfer's side needs its id known in advance. */
  id: string | null;
};

export type NewTransaction = Pick<TransactionRow, "line" | "postedOn" | "amountMinor" | "description" | "vendor" | "fingerprint" | "entryNumber">;

export interface NewTransactionGroup {
  decision: TransactionDecisionGroup;
  rows: NewTransaction[];
}

export type NewRowProblem = Pick<RowProblemRow, "kind" | "line" | "reason" | "raw">;


export const insertImport = (orm: Orm, row: ImportRow): BatchStatement => orm.insert(imports).values(row);

/**
 * A random version-4 UUID, made by SQLite (randomblob) as each row goes in:
 * a bulk insert then carries no ids, and ids stay random, never derived from
 * content. `random() & 3` picks the variant digit without abs(), which
 * overflows on the smallest 64-bit integer.
 */
const randomUuid = sql.raw(
  "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))",
);

/**
 * The transactions of one import (all sharing its company, account, import,
 * currency and time), a group per decision. A decision's values are bound
 * once per statement, not repeated in every row's JSON: SQLite's JSON
 * extraction is most of what a bulk insert costs.
 */
export function insertTransactions(orm: Orm, shared: Pick<TransactionRow, "companyId" | "bankAccountId" | "importId" | "currency" | "createdAt">, groups: readonly NewTransactionGroup[]): BatchStatement[] {
  const at = (index: number) => sql.raw(`json_extract(j.value, '$[${index}]')`);
  return groups.flatMap(({ decision, rows }) => {
    const tuples = rows.map((r) => [r.line, r.postedOn, r.amountMinor, r.description, r.vendor, r.fingerprint, r.entryNumber]);
    const id = decision.id === null ? randomUuid : sql`${decision.id}`;
    // Columns in table order, as drizzle lists them in INSERT ... SELECT.
    return chunkRowsAsJson(tuples).map((json) =>
      orm.insert(transactions).select(sql`
        select ${id}, ${shared.companyId}, ${shared.bankAccountId}, ${shared.importId},
               ${at(0)}, ${at(1)}, ${at(2)}, ${shared.currency}, ${at(3)}, ${at(4)}, ${at(5)}, ${decision.status}, ${shared.createdAt},
               ${at(6)}, ${decision.categoryAccountId}, ${decision.categorySource}, ${decision.categoryConfidence}, ${decision.categoryRuleId},
               ${decision.categoryReason}, ${decision.transferTransactionId}
        from json_each(${json}) as j`),
    );
  });
}

export function insertRowProblems(orm: Orm, shared: Pick<RowProblemRow, "companyId" | "importId">, rows: readonly NewRowProblem[]): BatchStatement[] {
  const tuples = rows.map((r) => [r.kind, r.line, r.reason, r.raw]);
  return chunkRowsAsJson(tuples).map((json) =>
    orm.insert(importRowProblems).select(sql`
      select ${randomUuid}, ${shared.companyId}, ${shared.importId}, json_extract(j.value, '$[0]'),
             json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'), json_extract(j.value, '$[3]')
      from json_each(${json}) as j`),
  );
}

/** Gives an earlier import the key a client now sends for the same bytes, unless it already has one. */
export const bindIdempotencyKey = (orm: Orm, companyId: string, importId: string, key: string) =>
  orm
    .update(imports)
    .set({ idempotencyKey: key })
    .where(and(eq(imports.companyId, companyId), eq(imports.id, importId), isNull(imports.idempotencyKey)));

export async function findImportByContent(orm: Orm, companyId: string, bankAccountId: string, contentHash: string): Promise<ImportRow | undefined> {
  const rows = await orm
    .select()
    .from(imports)
    .where(and(eq(imports.companyId, companyId), eq(imports.bankAccountId, bankAccountId), eq(imports.contentHash, contentHash)))
    .limit(1);
  return rows[0];
}

export async function findImportByIdempotencyKey(orm: Orm, companyId: string, key: string): Promise<ImportRow | undefined> {
  const rows = await orm
    .select()
    .from(imports)
    .where(and(eq(imports.companyId, companyId), eq(imports.idempotencyKey, key)))
    .limit(1);
  return rows[0];
}

export async function findImport(orm: Orm, companyId: string, bankAccountId: string, importId: string): Promise<ImportRow | undefined> {
  const rows = await orm
    .select()
    .from(imports)
    .where(and(eq(imports.companyId, companyId), eq(imports.bankAccountId, bankAccountId), eq(imports.id, importId)))
    .limit(1);
  return rows[0];
}

export const listImports = (orm: Orm, companyId: string, bankAccountId: string): Promise<ImportRow[]> =>
  orm
    .select()
    .from(imports)
    .where(and(eq(imports.companyId, companyId), eq(imports.bankAccountId, bankAccountId)))
    .orderBy(desc(imports.createdAt), desc(imports.id));

/** Row problems of the given imports, by import and line; ids go in chunks that leave room under D1's 100 parameters. */
export const listRowProblems = (orm: Orm, companyId: string, importIds: readonly string[]): Promise<RowProblemRow[]> =>
  selectInChunks(importIds, (chunk) =>
    orm
      .select()
      .from(importRowProblems)
      .where(and(eq(importRowProblems.companyId, companyId), inArray(importRowProblems.importId, chunk)))
      .orderBy(asc(importRowProblems.importId), asc(importRowProblems.line)),
  );

/** Fingerprints already stored for the account within a date range: what an overlapping file repeats. */
export async function fingerprintsBetween(orm: Orm, companyId: string, bankAccountId: string, from: string, to: string): Promise<Set<string>> {
  const rows = await orm
    .select({ fingerprint: transactions.fingerprint })
    .from(transactions)
    .where(
      and(
        eq(transactions.companyId, companyId),
        eq(transactions.bankAccountId, bankAccountId),
        gte(transactions.postedOn, from),
        lte(transactions.postedOn, to),
      ),
    );
  return new Set(rows.map((row) => row.fingerprint));
}

export interface TransactionFilter {
  companyId: string;
  id?: string | undefined;
  bankAccountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionRow["status"] | undefined;
  /** Keyset: rows after this (postedOn, id), in that order. */
  after?: { postedOn: string; id: string } | undefined;
  limit: number;
}

export type TransactionWithCategory = TransactionRow & { categoryAccountCode: string | null; categoryAccountName: string | null };

export function listTransactions(orm: Orm, filter: TransactionFilter): Promise<TransactionWithCategory[]> {
  const conditions: (SQL | undefined)[] = [
    eq(transactions.companyId, filter.companyId),
    filter.id === undefined ? undefined : eq(transactions.id, filter.id),
    filter.bankAccountId === undefined ? undefined : eq(transactions.bankAccountId, filter.bankAccountId),
    filter.from === undefined ? undefined : gte(transactions.postedOn, filter.from),
    filter.to === undefined ? undefined : lte(transactions.postedOn, filter.to),
    filter.status === undefined ? undefined : eq(transactions.status, filter.status),
    filter.after === undefined
      ? undefined
      : or(
          lt(transactions.postedOn, filter.after.postedOn),
          and(eq(transactions.postedOn, filter.after.postedOn), lt(transactions.id, filter.after.id)),
        ),
  ];
  // Newest first: what a bookkeeper looks at, and what the cursor walks.
  return orm
    .select({ ...getTableColumns(transactions), categoryAccountCode: accounts.code, categoryAccountName: accounts.name })
    .from(transactions)
    .leftJoin(accounts, and(eq(accounts.companyId, transactions.companyId), eq(accounts.id, transactions.categoryAccountId)))
    .where(and(...conditions))
    .orderBy(desc(transactions.postedOn), desc(transactions.id))
    .limit(filter.limit);
}

export async function findTransaction(orm: Orm, companyId: string, transactionId: string): Promise<TransactionRow | undefined> {
  const rows = await orm
    .select()
    .from(transactions)
    .where(and(eq(transactions.companyId, companyId), eq(transactions.id, transactionId)))
    .limit(1);
  return rows[0];
}
