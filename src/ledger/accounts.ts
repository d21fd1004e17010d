/** Finding a company's accounts by code, as requests and rules name them. */
import type { Database } from "../db/database.ts";
import { findAccountByCode as findAccountRow, type AccountRow } from "../db/queries/accounts.ts";
import { AppError, quoteId } from "../shared/errors.ts";
import { suspenseAccountCode } from "./chart-of-accounts.ts";

/** The account with this code, or 422 unknown_account naming where the chart is listed. */
export async function findAccountByCode(db: Database, companyId: string, code: string): Promise<AccountRow> {
  const account = await findAccountRow(db.orm, companyId, code);
  if (!account) throw new AppError("unknown_account", `This company has no account with code ${quoteId(code)}; GET /v1/companies/{companyId}/accounts lists them`, { field: "accountCode" });
  return account;
}

/** Where what no tier decided waits; every chart has it, so its absence is a bug, not a request error. */
export async function suspenseAccountId(db: Database, companyId: string): Promise<string> {
  const suspense = await findAccountRow(db.orm, companyId, suspenseAccountCode);
  if (!suspense) throw new Error(`company ${companyId} has no suspense account ${suspenseAccountCode}`);
  return suspense.id;
}
