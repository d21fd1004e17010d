import { and, asc, eq, type SQL } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { countWhere, fewerThan, insertOneIf } from "./caps.ts";
import { accounts, bankAccounts } from "../schema.ts";

export type BankAccountRow = typeof bankAccounts.$inferSelect;
export type BankAccountWithLedger = BankAccountRow & { ledgerAccountCode: string; ledgerAccountName: string };

export const insertBankAccount = (orm: Orm, row: BankAccountRow) => orm.insert(bankAccounts).values(row);

const bankAccountsOf = (companyId: string): SQL => eq(bankAccounts.companyId, companyId);

/**
 * Holds while the company has fewer than `bankAccountsMax` bank accounts. Its
 * ledger account's statement and its own insert both carry it: in one batch
 * they see the same count, so either both run or neither does.
 */
export const bankAccountRoomLeft = (companyId: string, bankAccountsMax: number): SQL => fewerThan(bankAccounts, bankAccountsOf(companyId), bankAccountsMax);

/** Inserts the bank account while `room` (bankAccountRoomLeft) holds. */
export const insertBankAccountIf = (orm: Orm, row: BankAccountRow, room: SQL): BatchStatement => insertOneIf(orm, bankAccounts, row, room);

export const countBankAccounts = (orm: Orm, companyId: string): Promise<number> => countWhere(orm, bankAccounts, bankAccountsOf(companyId));

function selectWithLedger(orm: Orm) {
  return orm
    .select({
      id: bankAccounts.id,
      companyId: bankAccounts.companyId,
      name: bankAccounts.name,
      kind: bankAccounts.kind,
      currency: bankAccounts.currency,
      ledgerAccountId: bankAccounts.ledgerAccountId,
      csvSettings: bankAccounts.csvSettings,
      last4: bankAccounts.last4,
      createdAt: bankAccounts.createdAt,
      ledgerAccountCode: accounts.code,
      ledgerAccountName: accounts.name,
    })
    .from(bankAccounts)
    .innerJoin(
      accounts,
      and(eq(accounts.id, bankAccounts.ledgerAccountId), eq(accounts.companyId, bankAccounts.companyId)),
    );
}

export const listBankAccounts = (orm: Orm, companyId: string): Promise<BankAccountWithLedger[]> =>
  selectWithLedger(orm)
    .where(eq(bankAccounts.companyId, companyId))
    .orderBy(asc(bankAccounts.createdAt), asc(bankAccounts.id));

export async function findBankAccount(
  orm: Orm,
  companyId: string,
  bankAccountId: string,
): Promise<BankAccountWithLedger | undefined> {
  const rows = await selectWithLedger(orm)
    .where(and(eq(bankAccounts.companyId, companyId), eq(bankAccounts.id, bankAccountId)))
    .limit(1);
  return rows[0];
}

/** Ledger account ids already linked to a bank account, for choosing the next link. */
export async function linkedLedgerAccountIds(orm: Orm, companyId: string): Promise<Set<string>> {
  const rows = await orm
    .select({ ledgerAccountId: bankAccounts.ledgerAccountId })
    .from(bankAccounts)
    .where(eq(bankAccounts.companyId, companyId));
  return new Set(rows.map((row) => row.ledgerAccountId));
}

/**
 * Pins (or, with null, clears) what the importer would otherwise detect, and
 * the card's last four digits receipts are matched by: the only things about
 * a bank account that change. A field left undefined is left as it is.
 */
export const updateBankAccountSettings = (orm: Orm, companyId: string, bankAccountId: string, settings: { csvSettings?: string | null; last4?: string | null }) =>
  orm
    .update(bankAccounts)
    .set(settings)
    .where(and(eq(bankAccounts.companyId, companyId), eq(bankAccounts.id, bankAccountId)));
