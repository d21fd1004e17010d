import { and, asc, eq } from "drizzle-orm";
import type { Orm } from "../database.ts";
import { accounts, bankAccounts } from "../schema.ts";

export type BankAccountRow = typeof bankAccounts.$inferSelect;
export type BankAccountWithLedger = BankAccountRow & { ledgerAccountCode: string; ledgerAccountName: string };

export const insertBankAccount = (orm: Orm, row: BankAccountRow) => orm.insert(bankAccounts).values(row);

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
