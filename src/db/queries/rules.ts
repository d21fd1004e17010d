import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsForInsert } from "../chunk.ts";
import { accounts, rules } from "../schema.ts";

export type RuleRow = typeof rules.$inferSelect;
export type RuleWithAccount = RuleRow & { accountCode: string; accountName: string };

/** Rules in the order they are tried: position, then age; or the one rule named. */
export const listRules = (orm: Orm, companyId: string, ruleId?: string): Promise<RuleWithAccount[]> =>
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
    .innerJoin(accounts, and(eq(accounts.companyId, rules.companyId), eq(accounts.id, rules.accountId)))
    .where(and(eq(rules.companyId, companyId), ruleId === undefined ? undefined : eq(rules.id, ruleId)))
    .orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id));

export const insertRules = (orm: Orm, rows: readonly RuleRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, Object.keys(getTableColumns(rules)).length).map((chunk) => orm.insert(rules).values(chunk));

export const insertRule = (orm: Orm, row: RuleRow): BatchStatement => orm.insert(rules).values(row);

/** A new rule at the end of the list unless it names a position; the position is chosen in the same statement. */
export const insertRuleLast = (orm: Orm, row: Omit<RuleRow, "position">): BatchStatement =>
  orm.insert(rules).values({ ...row, position: sql`coalesce((select max(position) from rules where company_id = ${row.companyId}), 0) + 1` });

export const updateRule = (orm: Orm, companyId: string, ruleId: string, changes: Partial<Omit<RuleRow, "id" | "companyId" | "createdAt">>): BatchStatement =>
  orm
    .update(rules)
    .set(changes)
    .where(and(eq(rules.companyId, companyId), eq(rules.id, ruleId)));

export const deleteRule = (orm: Orm, companyId: string, ruleId: string): BatchStatement =>
  orm.delete(rules).where(and(eq(rules.companyId, companyId), eq(rules.id, ruleId)));
