/** Reading transactions back, a page at a time, with an opaque keyset cursor. */
import type { Database } from "../db/database.ts";
import { listTransactions, type TransactionRow, type TransactionWithCategory } from "../db/queries/imports.ts";
import { checkPeriod } from "../shared/dates.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";

export interface TransactionQuery {
  bankAccountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionRow["status"] | undefined;
  limit: number;
  cursor?: string | undefined;
}

function afterTransaction(cursor: string): { postedOn: string; id: string } {
  const { date, key } = decodeCursor(cursor, (id) => id !== "");
  return { postedOn: date, id: key };
}

export async function listTransactionPage(db: Database, companyId: string, query: TransactionQuery): Promise<{ rows: TransactionWithCategory[]; nextCursor: string | null }> {
  if (query.from !== undefined && query.to !== undefined) checkPeriod(query.from, query.to);
  const rows = await listTransactions(db.orm, {
    companyId,
    bankAccountId: query.bankAccountId,
    from: query.from,
    to: query.to,
    status: query.status,
    after: query.cursor === undefined ? undefined : afterTransaction(query.cursor),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.postedOn, last.id) : null };
}
