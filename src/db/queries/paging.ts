/**
 * Keyset paging for lists kept in the order rows were made: by created_at,
 * then id, which every such table has. A page starts after the last row of
 * the one before, so rows made meanwhile neither repeat nor shift a page.
 */
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { CreatedKey } from "../../shared/cursor.ts";


export interface CreatedPage {
  after: CreatedKey | undefined;
  limit: number;
}

/** The rows after `after` in (created_at, id) order; no condition for the first page. */
export function madeAfter(columns: { createdAt: SQLiteColumn; id: SQLiteColumn }, after: CreatedKey | undefined): SQL | undefined {
  return after === undefined ? undefined : sql`(${columns.createdAt}, ${columns.id}) > (${after.createdAt}, ${after.id})`;
}
