/** The learned tier's counts, its calibration, the model version they were built for, and people's labels. */
import { madeAfter, type CreatedPage } from "./paging.ts";
import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsAsJson, chunkRowsForInsert, selectInChunks } from "../chunk.ts";
import { jsonField, upsertFromJson } from "../insert-select.ts";
import { accounts, labels, learnedCalibration, learnedCounts, learnedModels } from "../schema.ts";

export type LabelRow = typeof labels.$inferSelect;
export type CountRow = typeof learnedCounts.$inferSelect;

/** The counts stored for these features; features go in chunks under D1's 100 parameters. */
export const readCounts = (orm: Orm, companyId: string, features: readonly string[]): Promise<CountRow[]> =>
  selectInChunks(features, (chunk) =>
    orm
      .select()
      .from(learnedCounts)
      .where(and(eq(learnedCounts.companyId, companyId), inArray(learnedCounts.feature, chunk))),
  );

export const readCalibration = (orm: Orm, companyId: string) =>
  orm.select().from(learnedCalibration).where(eq(learnedCalibration.companyId, companyId));

/** A change to the counts: added to what is stored (negative takes a label back). */
export type CountDelta = Omit<CountRow, "companyId">;

export function addCounts(orm: Orm, companyId: string, deltas: readonly CountDelta[]): BatchStatement[] {
  const rows = deltas.map((d) => [d.feature, d.accountId, d.auto, d.person]);
  return chunkRowsAsJson(rows).map((json) =>
    upsertFromJson(
      orm,
      learnedCounts,
      { companyId: sql`${companyId}`, feature: jsonField(0), accountId: jsonField(1), auto: jsonField(2), person: jsonField(3) },
      json,
      { target: [learnedCounts.companyId, learnedCounts.feature, learnedCounts.accountId], add: ["auto", "person"] },
    ),
  );
}

export type CalibrationDelta = Omit<typeof learnedCalibration.$inferSelect, "companyId">;

export function addCalibration(orm: Orm, companyId: string, deltas: readonly CalibrationDelta[]): BatchStatement[] {
  const rows = deltas.map((d) => [d.bin, d.suggested, d.right]);
  return chunkRowsAsJson(rows).map((json) =>
    upsertFromJson(
      orm,
      learnedCalibration,
      { companyId: sql`${companyId}`, bin: jsonField(0), suggested: jsonField(1), right: jsonField(2) },
      json,
      { target: [learnedCalibration.companyId, learnedCalibration.bin], add: ["suggested", "right"] },
    ),
  );
}

export async function modelVersion(orm: Orm, companyId: string): Promise<string | undefined> {
  const rows = await orm.select({ version: learnedModels.version }).from(learnedModels).where(eq(learnedModels.companyId, companyId)).limit(1);
  return rows[0]?.version;
}

/** Records the version the counts are built for, replacing an older one. */
export const setModelVersion = (orm: Orm, companyId: string, version: string, builtAt: string): BatchStatement =>
  orm
    .insert(learnedModels)
    .values({ companyId, version, builtAt })
    .onConflictDoUpdate({ target: learnedModels.companyId, set: { version, builtAt } });

/** Forgets a company's counts and calibration, to build them again from its transactions (they are derived, never the record). */
export const clearLearned = (orm: Orm, companyId: string): BatchStatement[] => [
  orm.delete(learnedCounts).where(eq(learnedCounts.companyId, companyId)),
  orm.delete(learnedCalibration).where(eq(learnedCalibration.companyId, companyId)),
];

export const insertLabels = (orm: Orm, rows: readonly LabelRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, Object.keys(getTableColumns(labels)).length).map((chunk) => orm.insert(labels).values(chunk));

/** A label with the codes of the accounts it names, as people read them. */
export type LabelWithAccounts = LabelRow & { accountCode: string; accountName: string; previousAccountCode: string | null };

/** One transaction's labels, oldest first: a page of at most `limit`, after the label the page starts after. */
export function labelsOfTransaction(orm: Orm, companyId: string, transactionId: string, page: CreatedPage): Promise<LabelWithAccounts[]> {
  const previous = alias(accounts, "previous");
  return orm
    .select({ ...getTableColumns(labels), accountCode: accounts.code, accountName: accounts.name, previousAccountCode: previous.code })
    .from(labels)
    .innerJoin(accounts, and(eq(accounts.companyId, labels.companyId), eq(accounts.id, labels.accountId)))
    .leftJoin(previous, and(eq(previous.companyId, labels.companyId), eq(previous.id, labels.previousAccountId)))
    .where(and(eq(labels.companyId, companyId), eq(labels.transactionId, transactionId), madeAfter(labels, page.after)))
    .orderBy(asc(labels.createdAt), asc(labels.id))
    .limit(page.limit);
}
