import { and, asc, eq, getTableColumns } from "drizzle-orm";
import { chunkRowsForInsert } from "../chunk.ts";
import type { BatchStatement, Orm } from "../database.ts";
import { accounts } from "../schema.ts";

export type AccountRow = typeof accounts.$inferSelect;

const accountColumnCount = Object.keys(getTableColumns(accounts)).length;

/** Multi-row inserts, chunked under D1's parameter limit. */
export const insertAccounts = (orm: Orm, rows: readonly AccountRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, accountColumnCount).map((chunk) => orm.insert(accounts).values(chunk));

export const listAccounts = (orm: Orm, companyId: string): Promise<AccountRow[]> =>
  orm.select().from(accounts).where(eq(accounts.companyId, companyId)).orderBy(asc(accounts.code));

export const renameAccount = (orm: Orm, companyId: string, accountId: string, name: string) =>
  orm
    .update(accounts)
    .set({ name })
    .where(and(eq(accounts.companyId, companyId), eq(accounts.id, accountId)));
