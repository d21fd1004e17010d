import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsAsJson, selectInChunks } from "../chunk.ts";
import { importRowProblems, imports } from "../schema.ts";
import { insertFromJson, jsonField, randomUuid } from "../insert-select.ts";

export type ImportRow = typeof imports.$inferSelect;
export type RowProblemRow = typeof importRowProblems.$inferSelect;
export type NewRowProblem = Pick<RowProblemRow, "kind" | "line" | "reason" | "raw">;


export const insertImport = (orm: Orm, row: ImportRow): BatchStatement => orm.insert(imports).values(row);

export function insertRowProblems(orm: Orm, shared: Pick<RowProblemRow, "companyId" | "importId">, rows: readonly NewRowProblem[]): BatchStatement[] {
  const tuples = rows.map((r) => [r.kind, r.line, r.reason, r.raw]);
  return chunkRowsAsJson(tuples).map((json) =>
    insertFromJson(
      orm,
      importRowProblems,
      { id: randomUuid, companyId: sql`${shared.companyId}`, importId: sql`${shared.importId}`, kind: jsonField(0), line: jsonField(1), reason: jsonField(2), raw: jsonField(3) },
      json,
    ),
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

/** Where a page of imports starts: after this one, newest first. */
export interface ImportKey {
  createdAt: string;
  id: string;
}

/** A bank account's imports, newest first, a page at a time. */
export const listImports = (orm: Orm, companyId: string, bankAccountId: string, page: { after: ImportKey | undefined; limit: number }): Promise<ImportRow[]> =>
  orm
    .select()
    .from(imports)
    .where(
      and(
        eq(imports.companyId, companyId),
        eq(imports.bankAccountId, bankAccountId),
        page.after === undefined ? undefined : sql`(${imports.createdAt}, ${imports.id}) < (${page.after.createdAt}, ${page.after.id})`,
      ),
    )
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(page.limit);

/**
 * The first `perKindMax` rejected and skipped rows of each import, by line:
 * what a report shows inline, however many rows a file had. The rest are a
 * page away (listRowProblemPage).
 */
export const listFirstRowProblems = (orm: Orm, companyId: string, importIds: readonly string[], perKindMax: number): Promise<RowProblemRow[]> =>
  selectInChunks(importIds, (chunk) => {
    const ranked = orm
      .select({
        ...getTableColumns(importRowProblems),
        rank: sql<number>`row_number() over (partition by ${importRowProblems.importId}, ${importRowProblems.kind} order by ${importRowProblems.line})`.as("rank"),
      })
      .from(importRowProblems)
      .where(and(eq(importRowProblems.companyId, companyId), inArray(importRowProblems.importId, chunk)))
      .as("ranked");
    return orm
      .select({ id: ranked.id, companyId: ranked.companyId, importId: ranked.importId, kind: ranked.kind, line: ranked.line, reason: ranked.reason, raw: ranked.raw })
      .from(ranked)
      .where(lte(ranked.rank, perKindMax))
      .orderBy(asc(ranked.importId), asc(ranked.line));
  });

/** One import's rejected (or skipped) rows, by line, a page at a time after `afterLine`. */
export const listRowProblemPage = (orm: Orm, companyId: string, importId: string, kind: RowProblemRow["kind"], page: { afterLine: number | undefined; limit: number }): Promise<RowProblemRow[]> =>
  orm
    .select()
    .from(importRowProblems)
    .where(
      and(
        eq(importRowProblems.companyId, companyId),
        eq(importRowProblems.importId, importId),
        eq(importRowProblems.kind, kind),
        page.afterLine === undefined ? undefined : gt(importRowProblems.line, page.afterLine),
      ),
    )
    .orderBy(asc(importRowProblems.line), asc(importRowProblems.id))
    .limit(page.limit);
