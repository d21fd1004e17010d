import type { BatchStatement, Database } from "../db/database.ts";
import { ConstraintViolation } from "../db/errors.ts";
import { retryOnConflict } from "../db/retry.ts";
import { insertAccountAtFreeCode, listAccounts, renameAccount, type AccountRow } from "../db/queries/accounts.ts";
import {
  bankAccountRoomLeft,
  countBankAccounts,
  findBankAccount,
  insertBankAccountIf,
  linkedLedgerAccountIds,
  listBankAccounts as listBankAccountRows,
  updateBankAccountSettings,
  type BankAccountWithLedger,
} from "../db/queries/bank-accounts.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { chooseLedgerAccount, type BankAccountKind } from "../ledger/chart-of-accounts.ts";
import { defaultLimits } from "../http/limits.ts";
import { Conflict, LimitReached, NotFound, quoteId } from "../shared/errors.ts";
import { newId } from "../shared/ids.ts";
import type { CsvSettings } from "./csv-settings.ts";

export interface NewBankAccount {
  name: string;
  kind: BankAccountKind;
  currency?: string | undefined;
  csv?: CsvSettings | undefined;
  last4?: string | undefined;
}

function duplicateName(name: string): Conflict {
  return new Conflict(`A bank account named "${name}" already exists in this company`, { field: "name" });
}

async function tryCreate(db: Database, company: CompanyRow, input: NewBankAccount, now: Date, bankAccountsMax: number): Promise<string> {
  const [chart, linkedIds] = await Promise.all([
    listAccounts(db.orm, company.id),
    linkedLedgerAccountIds(db.orm, company.id),
  ]);
  const existingCodes = new Set(chart.map((account) => account.code));
  const linkedCodes = new Set(chart.filter((account) => linkedIds.has(account.id)).map((account) => account.code));
  const link = chooseLedgerAccount(input.kind, input.name, existingCodes, linkedCodes);
  const createdAt = now.toISOString();
  const bankAccountId = newId();
  const room = bankAccountRoomLeft(company.id, bankAccountsMax);

  let ledgerAccountId: string;
  let ledgerStatement: BatchStatement;
  if (link.kind === "seeded") {
    const seeded = chart.find((account) => account.code === link.code) as AccountRow;
    ledgerAccountId = seeded.id;
    ledgerStatement = renameAccount(db.orm, company.id, seeded.id, link.rename, room);
  } else {
    ledgerAccountId = newId();
    const row = { id: ledgerAccountId, companyId: company.id, ...link.account, createdAt };
    ledgerStatement = insertAccountAtFreeCode(db.orm, row, link.ranges, room);
  }

  await db.batch([
    ledgerStatement,
    insertBankAccountIf(db.orm, {
      id: bankAccountId,
      companyId: company.id,
      name: input.name,
      kind: input.kind,
      currency: input.currency ?? company.currency,
      ledgerAccountId,
      csvSettings: input.csv === undefined ? null : JSON.stringify(input.csv),
      createdAt,
      last4: input.last4 ?? null,
    }, room),
  ]);
  return bankAccountId;
}

/** What a refusal at the cap says, with the count as it stands now. */
async function bankAccountLimitReached(db: Database, companyId: string, bankAccountsMax: number): Promise<LimitReached> {
  const count = await countBankAccounts(db.orm, companyId);
  return new LimitReached(`This company has ${count} bank accounts, as many as this host allows (${bankAccountsMax})`, { resource: "bank_accounts", limit: bankAccountsMax, count });
}

/** Creates the bank account and links it to its own ledger account, in one batch; none past `bankAccountsMax`. */
export async function createBankAccount(
  db: Database,
  company: CompanyRow,
  input: NewBankAccount,
  now: Date,
  bankAccountsMax: number = defaultLimits.bankAccountsPerCompanyMax,
): Promise<BankAccountWithLedger> {
  // A duplicate name needs no read first: the unique index refuses it, caught below. Two concurrent
  // creations can both try to take over the seeded placeholder; the loser sees it linked on its next
  // attempt and gets a new account, which cannot collide, so two attempts always suffice.
  const isDuplicateName = (violation: ConstraintViolation): boolean => violation.kind === "unique" && violation.target.includes("bank_accounts.name");
  try {
    const bankAccountId = await retryOnConflict(() => tryCreate(db, company, input, now, bankAccountsMax), { attemptsMax: 2, retryable: (violation) => violation.lostRace && !isDuplicateName(violation) });
    const created = await findBankAccount(db.orm, company.id, bankAccountId);
    // The capped insert wrote nothing: the company was at its cap when the batch ran.
    if (created === undefined) throw await bankAccountLimitReached(db, company.id, bankAccountsMax);
    return created;
  } catch (error) {
    if (!(error instanceof ConstraintViolation)) throw error;
    if (isDuplicateName(error)) throw duplicateName(input.name);
    if (error.kind === "code_range_exhausted") throw new Conflict(`No free ledger code is left for another ${input.kind} account`, undefined, { cause: error });
    throw error;
  }
}

export const listBankAccounts = (db: Database, companyId: string): Promise<BankAccountWithLedger[]> =>
  listBankAccountRows(db.orm, companyId);

export async function getBankAccount(db: Database, companyId: string, bankAccountId: string): Promise<BankAccountWithLedger> {
  const bankAccount = await findBankAccount(db.orm, companyId, bankAccountId);
  if (bankAccount === undefined) throw new NotFound(`No bank account with id ${quoteId(bankAccountId)}`);
  return bankAccount;
}

/**
 * Changes the CSV settings the importer reads files with (a bookkeeper pins
 * what a refusal asked for and uploads again; files already imported keep the
 * transactions they gave) or the card's last four digits.
 */
export async function updateBankAccount(db: Database, companyId: string, bankAccountId: string, change: { csv?: CsvSettings | null | undefined; last4?: string | null | undefined }): Promise<BankAccountWithLedger> {
  const settings: { csvSettings?: string | null; last4?: string | null } = {};
  if (change.csv !== undefined) settings.csvSettings = change.csv === null ? null : JSON.stringify(change.csv);
  if (change.last4 !== undefined) settings.last4 = change.last4;
  // An unknown id updates nothing, and the read after it answers 404: no read is needed first.
  if (Object.keys(settings).length > 0) await updateBankAccountSettings(db.orm, companyId, bankAccountId, settings);
  return getBankAccount(db, companyId, bankAccountId);
}
