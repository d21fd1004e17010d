import { and, asc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { countWhere, fewerThan, insertOneIf } from "./caps.ts";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsForInsert } from "../chunk.ts";
import { accounts, rules } from "../schema.ts";

export type RuleRow = typeof rules.$inferSelect;
export type RuleWithAccount = RuleRow & { accountCode: string; accountName: string };

const selectRules = (orm: Orm) =>
  orm
    .select({
      id: rules.id,
      companyId: rules.companyId,
      position: rules.position,
      name: rules.name,
      conditions: rules.conditions,
      bankAccountId: rules.bankAccountId,
      accountId: rules.accountId,
      renameVendor: rules.renameVendor,
      origin: rules.origin,
      createdAt: rules.createdAt,
      updatedAt: rules.updatedAt,
      accountCode: accounts.code,
      accountName: accounts.name,
    })
    .from(rules)
    .innerJoin(accounts, and(eq(accounts.companyId, rules.companyId), eq(accounts.id, rules.accountId)));

/** Where a page of rules starts: after this rule, in the order they are tried. */
export interface RuleKey {
  position: number;
  createdAt: string;
  id: string;
}

/** Rules in the order they are tried: position, then age; or the one rule named; or a page, after a rule and at most `limit`. */
export const listRules = (orm: Orm, companyId: string, ruleId?: string, page?: { after: RuleKey | undefined; limit: number }): Promise<RuleWithAccount[]> =>
  selectRules(orm)
    .where(
      and(
        eq(rules.companyId, companyId),
        ruleId === undefined ? undefined : eq(rules.id, ruleId),
        page?.after === undefined ? undefined : sql`(${rules.position}, ${rules.createdAt}, ${rules.id}) > (${page.after.position}, ${page.after.createdAt}, ${page.after.id})`,
      ),
    )
    .orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id))
    // SQLite reads a negative limit as none.
    .limit(page?.limit ?? -1);

export const insertRules = (orm: Orm, rows: readonly RuleRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, Object.keys(getTableColumns(rules)).length).map((chunk) => orm.insert(rules).values(chunk));

const rulesOf = (companyId: string): SQL => eq(rules.companyId, companyId);

/**
 * A new rule, unless the company already has `rulesMax`; at the end of the
 * list unless it names a position, chosen in the same statement.
 */
export function insertRuleCapped(orm: Orm, row: Omit<RuleRow, "position"> & { position?: number | undefined }, rulesMax: number): BatchStatement {
  const position = row.position ?? sql`coalesce((select max(position) from rules where company_id = ${row.companyId}), 0) + 1`;
  return insertOneIf(orm, rules, { ...row, position }, fewerThan(rules, rulesOf(row.companyId), rulesMax));
}

export const countRules = (orm: Orm, companyId: string): Promise<number> => countWhere(orm, rules, rulesOf(companyId));

export const updateRule = (orm: Orm, companyId: string, ruleId: string, changes: Partial<Omit<RuleRow, "id" | "companyId" | "createdAt">>): BatchStatement =>
  orm
    .update(rules)
    .set(changes)
    .where(and(eq(rules.companyId, companyId), eq(rules.id, ruleId)));

export const deleteRule = (orm: Orm, companyId: string, ruleId: string): BatchStatement =>
  orm.delete(rules).where(and(eq(rules.companyId, companyId), eq(rules.id, ruleId)));
