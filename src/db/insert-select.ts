/**
 * Bulk inserts that name every column they fill. A batch of rows travels as
 * ONE bound JSON parameter (see chunk.ts) and is unpacked by json_each; each
 * column's value is keyed by the column, so a column added to the table is a
 * type error until a value is written for it, and drizzle checks at run time
 * that the selected fields are exactly the table's, in its order: a value can
 * never slide into its neighbour's column.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteInsertSelectQueryBuilder, SQLiteTable } from "drizzle-orm/sqlite-core";
import { chunkRowsAsJson } from "./chunk.ts";
import type { BatchStatement, Orm } from "./database.ts";

/** One SQL expression per column the table takes on insert, none left out. */
export type ColumnValues<Table extends SQLiteTable> = { [Column in keyof Table["$inferInsert"]]-?: SQL };

/** INSERT INTO table (every column) SELECT each column's value FROM json_each(rows) AS j. */
/** Each column's value, in the table's own column order, as drizzle requires of INSERT ... SELECT. */
function selection<Table extends SQLiteTable>(table: Table, values: ColumnValues<Table>): Record<string, SQL> {
  const byColumn: Record<string, SQL> = values;
  return Object.fromEntries(
    Object.keys(getTableColumns(table)).map((key) => {
      const value = byColumn[key];
      if (value === undefined) throw new Error(`no value for column ${key}`);
      return [key, value];
    }),
  );
}

/** `where`, when given, keeps only the rows it holds for (the row's values are `j.value ->> index`): a conditional insert in one statement. */
export function insertFromJson<Table extends SQLiteTable>(orm: Orm, table: Table, values: ColumnValues<Table>, rowsJson: string, where: SQL = sql`true`): BatchStatement {
  const fields = selection(table, values);
  // The selection is built from the table's own keys, which TypeScript cannot follow; drizzle checks it when the statement is built.
  return orm.insert(table).select((query) => query.select(fields).from(sql`json_each(${rowsJson}) as j`).where(where) as unknown as SQLiteInsertSelectQueryBuilder<Table>);
}

/**
 * As insertFromJson, adding to the row that is already there when the
 * primary key is taken: `add` names each column to sum. The WHERE true is
 * SQLite's own advice: without it, ON CONFLICT could be read as a join's ON.
 */
export function upsertFromJson<Table extends SQLiteTable>(
  orm: Orm,
  table: Table,
  values: ColumnValues<Table>,
  rowsJson: string,
  conflict: { target: SQLiteColumn[]; add: (keyof Table["$inferInsert"] & string)[] },
): BatchStatement {
  const fields = selection(table, values);
  const columns = getTableColumns(table);
  const set: Record<string, SQL> = Object.fromEntries(
    conflict.add.map((key) => {
      const column = columns[key] as SQLiteColumn;
      return [key, sql`${column} + excluded.${sql.identifier(column.name)}`];
    }),
  );
  return orm
    .insert(table)
    .select((query) => query.select(fields).from(sql`json_each(${rowsJson}) as j`).where(sql`true`) as unknown as SQLiteInsertSelectQueryBuilder<Table>)
    .onConflictDoUpdate({ target: conflict.target, set });
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

/** A value shared by at least this many rows of a bulk insert gets a statement of its own, bound once. */
export const rowsPerSharedStatementMin = 64;

/**
 * One statement's rows. With `shared`, every row has those values in common
 * and they are bound once; without it, each row carries its shared values
 * after its own (see `sharedColumn`).
 */
export interface RowBatch {
  json: string;
  shared: readonly unknown[] | undefined;
}

/**
 * Packs rows whose values split into what each row has of its own (an id, a
 * date, an amount) and what many rows share (who decided and why). JSON
 * extraction is most of what a bulk insert costs, so values shared by many
 * rows are bound once, in a statement of their own; the rest travel inside
 * their rows, in one statement, so a small import stays a few statements.
 * Rows that hold the same shared object are grouped without serializing it.
 */
export function batchRows<Row, Shared extends object>(
  rows: readonly Row[],
  own: (row: Row) => unknown[],
  sharedOf: (row: Row) => Shared,
  sharedValues: (shared: Shared) => unknown[],
): RowBatch[] {
  const groupOfObject = new Map<Shared, { values: unknown[]; rows: Row[] }>();
  const groupOfContent = new Map<string, { values: unknown[]; rows: Row[] }>();
  for (const row of rows) {
    const shared = sharedOf(row);
    let group = groupOfObject.get(shared);
    if (group === undefined) {
      const values = sharedValues(shared);
      const content = JSON.stringify(values);
      group = groupOfContent.get(content) ?? { values, rows: [] };
      groupOfContent.set(content, group);
      groupOfObject.set(shared, group);
    }
    group.rows.push(row);
  }
  const batches: RowBatch[] = [];
  const mixed: unknown[][] = [];
  for (const group of groupOfContent.values()) {
    if (group.rows.length < rowsPerSharedStatementMin) {
      for (const row of group.rows) mixed.push([...own(row), ...group.values]);
      continue;
    }
    for (const json of chunkRowsAsJson(group.rows.map(own))) batches.push({ json, shared: group.values });
  }
  for (const json of chunkRowsAsJson(mixed)) batches.push({ json, shared: undefined });
  return batches;
}

/** Shared value `column` of a batch's rows: bound once, or read from each row after its `ownCount` own values. */
export const sharedColumn = (batch: RowBatch, ownCount: number, column: number): SQL =>
  batch.shared === undefined ? jsonField(ownCount + column) : sql`${batch.shared[column]}`;
