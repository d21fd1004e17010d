import { and, asc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { insertOneIf } from "./caps.ts";
import { chunkRowsForInsert } from "../chunk.ts";
import type { BatchStatement, Orm } from "../database.ts";
import { placeholder, prepared } from "../prepared.ts";
import { accounts } from "../schema.ts";

export type AccountRow = typeof accounts.$inferSelect;

const accountColumnCount = Object.keys(getTableColumns(accounts)).length;

/** Multi-row inserts, chunked under D1's parameter limit. */
export const insertAccounts = (orm: Orm, rows: readonly AccountRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, accountColumnCount).map((chunk) => orm.insert(accounts).values(chunk));

/**
 * Inserts an account at the lowest code of `ranges` that the company has not
 * used. Choosing and inserting are one statement, so two concurrent calls can
 * never pick the same code. When every code is taken, the NULL code is refused
 * by the NOT NULL constraint (see isCodeRangeExhausted).
 */
export function insertAccountAtFreeCode(
  orm: Orm,
  row: Omit<AccountRow, "code">,
  ranges: readonly { first: number; last: number }[],
  onlyIf?: SQL,
): BatchStatement {
  const low = Math.min(...ranges.map((range) => range.first));
  const high = Math.max(...ranges.map((range) => range.last));
  const inRanges = sql.join(
    ranges.map((range) => sql`(n between ${range.first} and ${range.last})`),
    sql` or `,
  );
  // libSQL binds JS numbers as REAL, hence the casts: the code must read "1011", not "1011.0".
  const freeCode = sql`(
    with recursive candidate(n) as (
      select cast(${low} as integer) union all select n + 1 from candidate where n < cast(${high} as integer)
    )
    select cast(min(n) as text) from candidate
    where (${inRanges})
      and not exists (select 1 from accounts as taken where taken.company_id = ${row.companyId} and taken.code = cast(n as text)))`;
  // With a condition (a cap the same batch checks again), nothing is inserted while it fails.
  return onlyIf === undefined ? orm.insert(accounts).values({ ...row, code: freeCode }) : insertOneIf(orm, accounts, { ...row, code: freeCode }, onlyIf);
}

const accountsOfCompany = prepared((orm) => orm.select().from(accounts).where(eq(accounts.companyId, placeholder("companyId"))).orderBy(asc(accounts.code)).prepare());

/** The chart, by code: every report and every page of the journal reads it. */
export const listAccounts = (orm: Orm, companyId: string): Promise<AccountRow[]> => accountsOfCompany(orm).all({ companyId });

export const renameAccount = (orm: Orm, companyId: string, accountId: string, name: string, onlyIf?: SQL) =>
  orm
    .update(accounts)
    .set({ name })
    .where(and(eq(accounts.companyId, companyId), eq(accounts.id, accountId), onlyIf));

export async function findAccountByCode(orm: Orm, companyId: string, code: string): Promise<AccountRow | undefined> {
  const rows = await orm
    .select()
    .from(accounts)
    .where(and(eq(accounts.companyId, companyId), eq(accounts.code, code)))
    .limit(1);
  return rows[0];
}

export async function findAccountById(orm: Orm, companyId: string, accountId: string): Promise<AccountRow | undefined> {
  const rows = await orm
    .select()
    .from(accounts)
    .where(and(eq(accounts.companyId, companyId), eq(accounts.id, accountId)))
    .limit(1);
  return rows[0];
}
