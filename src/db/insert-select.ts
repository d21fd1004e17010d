/**
 * Bulk inserts that name every column they fill. A batch of rows travels as
 * ONE bound JSON parameter (see chunk.ts) and is unpacked by json_each; each
 * column's value is keyed by the column, so a column added to the table is a
 * type error until a value is written for it, and drizzle checks at run time
 * that the selected fields are exactly the table's, in its order: a value can
 * never slide into its neighbour's column.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SQLiteInsertSelectQueryBuilder, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { BatchStatement, Orm } from "./database.ts";

/** One SQL expression per column the table takes on insert, none left out. */
export type ColumnValues<Table extends SQLiteTable> = { [Column in keyof Table["$inferInsert"]]-?: SQL };

/** INSERT INTO table (every column) SELECT each column's value FROM json_each(rows) AS j. */
export function insertFromJson<Table extends SQLiteTable>(orm: Orm, table: Table, values: ColumnValues<Table>, rowsJson: string): BatchStatement {
  const byColumn: Record<string, SQL> = values;
  // In the table's own column order, as drizzle requires of INSERT ... SELECT.
  const fields = Object.fromEntries(
    Object.keys(getTableColumns(table)).map((key) => {
      const value = byColumn[key];
      if (value === undefined) throw new Error(`no value for column ${key}`);
      return [key, value];
    }),
  );
  // The selection is built from the table's own keys, which TypeScript cannot follow; drizzle checks it when the statement is built.
  return orm.insert(table).select((query) => query.select(fields).from(sql`json_each(${rowsJson}) as j`) as unknown as SQLiteInsertSelectQueryBuilder<Table>);
}

/** The `index`th value of the JSON array row json_each is on: one cheap extraction. */
export const jsonField = (index: number): SQL => sql.raw(`(j.value ->> ${index})`);

/**
 * A random version-4 UUID, made by SQLite (randomblob) as each row goes in:
 * a bulk insert then carries no ids, and ids stay random, never derived from
 * content. `random() & 3` picks the variant digit without abs(), which
 * overflows on the smallest 64-bit integer.
 */
export const randomUuid = sql.raw(
  "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))",
);
