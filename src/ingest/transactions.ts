/** Reading transactions back, a page at a time, with an opaque keyset cursor. */
import type { Database } from "../db/database.ts";
import { listTransactions, type TransactionRow, type TransactionWithCategory } from "../db/queries/imports.ts";
import { AppError } from "../shared/errors.ts";
import { isCalendarDate } from "../shared/dates.ts";

export interface TransactionQuery {
  bankAccountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionRow["status"] | undefined;
  limit: number;
  cursor?: string | undefined;
}

const encodeCursor = (row: TransactionWithCategory): string => btoa(`${row.postedOn}|${row.id}`).replace(/=+$/, "");

function decodeCursor(cursor: string): { postedOn: string; id: string } {
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw new AppError("validation_failed", "cursor is not one this API gave out", { field: "cursor" });
  }
  const [postedOn, id, extra] = text.split("|");
  if (extra !== undefined || !postedOn || !id || !isCalendarDate(postedOn)) {
    throw new AppError("validation_failed", "cursor is not one this API gave out", { field: "cursor" });
  }
  return { postedOn, id };
}

export async function listTransactionPage(db: Database, companyId: string, query: TransactionQuery): Promise<{ rows: TransactionWithCategory[]; nextCursor: string | null }> {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new AppError("invalid_period", `from (${query.from}) is after to (${query.to})`, { field: "from" });
  }
  const rows = await listTransactions(db.orm, {
    companyId,
    bankAccountId: query.bankAccountId,
    from: query.from,
    to: query.to,
    status: query.status,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}
