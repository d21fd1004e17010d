/** The books in other tools' formats, streamed a page at a time so that a large company never sits in memory. */
import type { Database } from "../db/database.ts";
import { listAccounts } from "../db/queries/accounts.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { listEntries, withLines, type EntryCursor, type EntryRow } from "../db/queries/journal.ts";
import { currencyDecimals } from "../shared/money.ts";
import { journalHeader, journalTransaction } from "./hledger.ts";

const exportPageSize = 2000;

/** The books as an hledger journal: `hledger -f ledger.journal balance` agrees with the trial balance. */
export async function* exportHledgerJournal(db: Database, company: CompanyRow): AsyncGenerator<string> {
  const decimals = currencyDecimals(company.currency);
  const chart = await listAccounts(db.orm, company.id);
  const accountsById = new Map(chart.map((account) => [account.id, account]));
  yield journalHeader(company.name, company.currency, decimals);
  let after: EntryCursor | undefined;
  for (;;) {
    const entries = await listEntries(db.orm, company.id, undefined, undefined, after, exportPageSize);
    if (entries.length === 0) return;
    const page = await withLines(db.orm, company.id, entries);
    yield page.map((entry) => journalTransaction(entry, accountsById, company.currency, decimals)).join("");
    const last = entries[entries.length - 1] as EntryRow;
    after = { entryDate: last.entryDate, number: last.number };
  }
}
