import type { Database } from "../db/database.ts";
import { listAccounts, type AccountRow } from "../db/queries/accounts.ts";

export const listChartOfAccounts = (db: Database, companyId: string): Promise<AccountRow[]> =>
  listAccounts(db.orm, companyId);
