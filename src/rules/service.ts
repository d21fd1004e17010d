/**
 * A company's categorization rules: kept in the order they are tried,
 * checked before they are stored (accounts and bank accounts of this
 * company, patterns that cannot backtrack catastrophically).
 */
import { conditionsProblem, type Rule, type RuleConditions } from "../categorize/rules.ts";
import type { Database } from "../db/database.ts";
import { findAccountByCode, refuseSuspense } from "../ledger/accounts.ts";
import { findBankAccount } from "../db/queries/bank-accounts.ts";
import {
  countRules,
  deleteRule as deleteRuleStatement,
  insertRuleCapped,
  listRules as listRuleRows,
  updateRule as updateRuleStatement,
  type RuleKey,
  type RuleRow,
  type RuleWithAccount,
} from "../db/queries/rules.ts";
import type { PageQuery } from "../http/fields.ts";
import { decodeKeyCursor, encodeKeyCursor } from "../shared/cursor.ts";
import { InvalidInput, LimitReached, NotFound, quoteId, UnknownBankAccount, UnsafePattern } from "../shared/errors.ts";
import { newId } from "../shared/ids.ts";

export interface RuleInput {
  name: string;
  conditions: RuleConditions;
  action: { accountCode: string; renameVendor?: string | null | undefined };
  position?: number | undefined;
}

async function checkConditions(db: Database, companyId: string, conditions: RuleConditions): Promise<void> {
  const problem = conditionsProblem(conditions);
  if (problem) throw new (problem.code === "unsafe_pattern" ? UnsafePattern : InvalidInput)(problem.message, { field: problem.field });
  if (conditions.bankAccountId !== undefined && !(await findBankAccount(db.orm, companyId, conditions.bankAccountId))) {
    throw new UnknownBankAccount(`This company has no bank account ${quoteId(conditions.bankAccountId)}`, { field: "conditions.bankAccountId" });
  }
}

/** The company's rules in the order the rules tier tries them. */
export async function loadRules(db: Database, companyId: string): Promise<Rule[]> {
  const rows = await listRuleRows(db.orm, companyId);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    conditions: JSON.parse(row.conditions) as RuleConditions,
    accountId: row.accountId,
    accountCode: row.accountCode,
    renameVendor: row.renameVendor,
    origin: row.origin,
  }));
}

const isRuleId = (part: string): boolean => part !== "" && part.length <= 100;

function afterRule(cursor: string | undefined): RuleKey | undefined {
  if (cursor === undefined) return undefined;
  const [position, createdAt, id] = decodeKeyCursor(cursor, [(part) => /^-?\d{1,15}$/.test(part), (part) => !Number.isNaN(Date.parse(part)), isRuleId]);
  return { position: Number(position), createdAt: createdAt as string, id: id as string };
}

/** A page of the company's rules, in the order the rules tier tries them. */
export async function listRulePage(db: Database, companyId: string, query: PageQuery): Promise<{ rules: RuleWithAccount[]; nextCursor: string | null }> {
  const rows = await listRuleRows(db.orm, companyId, undefined, { after: afterRule(query.cursor), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { rules: page, nextCursor: rows.length > query.limit && last !== undefined ? encodeKeyCursor(last.position, last.createdAt, last.id) : null };
}

export async function getRule(db: Database, companyId: string, ruleId: string): Promise<RuleWithAccount> {
  const [rule] = await listRuleRows(db.orm, companyId, ruleId);
  if (!rule) throw new NotFound(`No rule ${quoteId(ruleId)} in this company`);
  return rule;
}

/** A new rule, unless the company already has `rulesMax` (the industry pack's included): the insert itself counts. */
export async function createRule(db: Database, companyId: string, input: RuleInput, now: Date, rulesMax: number): Promise<RuleWithAccount> {
  await checkConditions(db, companyId, input.conditions);
  const account = await findAccountByCode(db, companyId, input.action.accountCode);
  refuseSuspense(account);
  const at = now.toISOString();
  const row: Omit<RuleRow, "position"> = {
    id: newId(),
    companyId,
    name: input.name,
    conditions: JSON.stringify(input.conditions),
    bankAccountId: input.conditions.bankAccountId ?? null,
    accountId: account.id,
    renameVendor: input.action.renameVendor ?? null,
    origin: "person",
    createdAt: at,
    updatedAt: at,
  };
  await db.batch([insertRuleCapped(db.orm, { ...row, position: input.position }, rulesMax)]);
  const [created] = await listRuleRows(db.orm, companyId, row.id);
  if (created === undefined) {
    const count = await countRules(db.orm, companyId);
    throw new LimitReached(`This company has ${count} rules, as many as this host allows (${rulesMax}); delete one first`, { resource: "rules", limit: rulesMax, count });
  }
  return created;
}

export async function updateRule(db: Database, companyId: string, ruleId: string, input: Partial<RuleInput>, now: Date): Promise<RuleWithAccount> {
  await getRule(db, companyId, ruleId);
  // A pack rule a person changes is theirs from then on: it no longer gives way to their corrections.
  const changes: Partial<RuleRow> = { updatedAt: now.toISOString(), origin: "person" };
  if (input.name !== undefined) changes.name = input.name;
  if (input.position !== undefined) changes.position = input.position;
  if (input.conditions !== undefined) {
    await checkConditions(db, companyId, input.conditions);
    changes.conditions = JSON.stringify(input.conditions);
    changes.bankAccountId = input.conditions.bankAccountId ?? null;
  }
  if (input.action !== undefined) {
    const account = await findAccountByCode(db, companyId, input.action.accountCode);
    refuseSuspense(account);
    changes.accountId = account.id;
    changes.renameVendor = input.action.renameVendor ?? null;
  }
  await db.batch([updateRuleStatement(db.orm, companyId, ruleId, changes)]);
  return getRule(db, companyId, ruleId);
}

/** Deleting a rule leaves the decisions it made: entries keep its id as history. */
export async function deleteRule(db: Database, companyId: string, ruleId: string): Promise<void> {
  await getRule(db, companyId, ruleId);
  await db.batch([deleteRuleStatement(db.orm, companyId, ruleId)]);
}
