import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
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

