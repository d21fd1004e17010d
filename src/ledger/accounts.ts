/** Finding a company's accounts by code, as requests and rules name them. */
import type { Database } from "../db/database.ts";
import { findAccountByCode as findAccountRow, findAccountById as findAccountRowById, type AccountRow } from "../db/queries/accounts.ts";
import { InvalidInput, quoteId, UnknownAccount } from "../shared/errors.ts";
import { suspenseAccountCode } from "./chart-of-accounts.ts";

/** The account with this code, or 422 unknown_account naming where the chart is listed. */
export async function findAccountByCode(db: Database, companyId: string, code: string): Promise<AccountRow> {
  const account = await findAccountRow(db.orm, companyId, code);
  if (!account) throw new UnknownAccount(`This company has no account with code ${quoteId(code)}; GET /v1/companies/{companyId}/accounts lists them`, { field: "accountCode" });
  return account;
}

/**
 * Refuses the suspense account as a destination: it is where what nobody
 * decided waits, so a rule or a person's correction that sends a transaction
 * there would hide it from review.
 */
export function refuseSuspense(account: Pick<AccountRow, "code" | "name" | "subtype">): void {
  if (account.subtype === "suspense") {
    throw new InvalidInput(`accountCode: ${account.code} ${account.name} is where undecided transactions wait for review; name the account they belong in`, { field: "accountCode" });
  }
}

/** The suspense account in a chart already read. */
export function suspenseAccountOf(chart: readonly Pick<AccountRow, "id" | "code">[]): string {
  const suspense = chart.find((account) => account.code === suspenseAccountCode);
  if (!suspense) throw new Error(`the chart has no suspense account ${suspenseAccountCode}`);
  return suspense.id;
}

/** Where what no tier decided waits; every chart has it, so its absence is a bug, not a request error. */
export async function suspenseAccountId(db: Database, companyId: string): Promise<string> {
  const suspense = await findAccountRow(db.orm, companyId, suspenseAccountCode);
  if (!suspense) throw new Error(`company ${companyId} has no suspense account ${suspenseAccountCode}`);
  return suspense.id;
}

/** An account a stored row points at; its absence is a bug (the foreign keys keep it), not a request error. */
export async function findAccountById(db: Database, companyId: string, accountId: string): Promise<AccountRow> {
  const account = await findAccountRowById(db.orm, companyId, accountId);
  if (!account) throw new Error(`company ${companyId} has no account ${accountId}`);
  return account;
}
