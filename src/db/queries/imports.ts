import { and, asc, desc, eq, getTableColumns, gte, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import { chunkRowsForInsert } from "../chunk.ts";
import type { BatchStatement, Orm } from "../database.ts";
import { importRowProblems, imports, transactions } from "../schema.ts";

export type ImportRow = typeof imports.$inferSelect;
export type TransactionRow = typeof transactions.$inferSelect;
export type RowProblemRow = typeof importRowProblems.$inferSelect;

const transactionColumnCount = Object.keys(getTableColumns(transactions)).length;
const problemColumnCount = Object.keys(getTableColumns(importRowProblems)).length;

export const insertImport = (orm: Orm, row: ImportRow): BatchStatement => orm.insert(imports).values(row);

export const insertTransactions = (orm: Orm, rows: readonly TransactionRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, transactionColumnCount).map((chunk) => orm.insert(transactions).values(chunk));

export const insertRowProblems = (orm: Orm, rows: readonly RowProblemRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, problemColumnCount).map((chunk) => orm.insert(importRowProblems).values(chunk));

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
export async function listRowProblems(orm: Orm, companyId: string, importIds: readonly string[]): Promise<RowProblemRow[]> {
  const idsPerQuery = 90;
  const queries: Promise<RowProblemRow[]>[] = [];
  for (let start = 0; start < importIds.length; start += idsPerQuery) {
    const chunk = importIds.slice(start, start + idsPerQuery);
    queries.push(
      orm
        .select()
        .from(importRowProblems)
        .where(and(eq(importRowProblems.companyId, companyId), inArray(importRowProblems.importId, chunk)))
        .orderBy(asc(importRowProblems.importId), asc(importRowProblems.line)),
    );
  }
  return (await Promise.all(queries)).flat();
}

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
  bankAccountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionRow["status"] | undefined;
  /** Keyset: rows after this (postedOn, id), in that order. */
  after?: { postedOn: string; id: string } | undefined;
  limit: number;
}

export function listTransactions(orm: Orm, filter: TransactionFilter): Promise<TransactionRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(transactions.companyId, filter.companyId),
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
    .select()
    .from(transactions)
    .where(and(...conditions))
    .orderBy(desc(transactions.postedOn), desc(transactions.id))
    .limit(filter.limit);
}
