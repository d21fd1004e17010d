/**
 * Per-company caps, held by the insert itself: the count and the insert are
 * one statement (INSERT ... SELECT ... WHERE count < limit), so concurrent
 * creations can never pass the check together and overshoot the cap. A
 * refused insert simply writes nothing; the caller sees no row and says why.
 */
import { count, sql, SQL, type SQLWrapper } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchStatement, Orm } from "../database.ts";
import { insertFromJson, type ColumnValues } from "../insert-select.ts";

/** True while fewer than `limit` rows of `table` match `where`: a condition for a capped insert. */
export const fewerThan = (table: SQLiteTable, where: SQLWrapper, limit: number): SQL =>
  sql`(select count(*) from ${table} where ${where}) < ${limit}`;

/** How many rows of `table` match `where`: what a refusal reports. */
export async function countWhere(orm: Orm, table: SQLiteTable, where: SQL): Promise<number> {
  const [row] = await orm.select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
}

/** Inserts one row when `condition` holds, nothing otherwise; a value that is already SQL (a subquery) goes in as it is. */
export function insertOneIf<Table extends SQLiteTable>(orm: Orm, table: Table, row: { [Column in keyof Table["$inferInsert"]]-?: unknown }, condition: SQL): BatchStatement {
  const values = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof SQL ? value : sql`${value}`])) as ColumnValues<Table>;
  // One row to select from: json_each over a one-element array, as the bulk inserts do.
  return insertFromJson(orm, table, values, "[0]", condition);
}
