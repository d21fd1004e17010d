/**
 * The books as an hledger journal (https://hledger.org/hledger.html#journal),
 * so that a real peer can read them and check our balances: `hledger -f
 * books.journal balance` agrees with our trial balance on every account.
 */
import { formatMinor } from "../shared/money.ts";
import type { AccountType } from "../shared/vocabulary.ts";
import type { ChartAccountRow } from "../ledger/reports.ts";

const topLevel: Readonly<Record<AccountType, string>> = {
  asset: "assets",
  liability: "liabilities",
  equity: "equity",
  revenue: "revenues",
  expense: "expenses",
};

// eslint-disable-next-line no-control-regex -- control characters would end or corrupt a journal line
const unsafeInLine = /[\u0000-\u001f\u007f-\u009f]+/g;

/** One line of text: no control characters, single spaces (two spaces end an hledger account name). */
const oneLine = (text: string): string => text.replace(unsafeInLine, " ").replace(/\s+/g, " ").trim();

/** "expenses:6100 Rent": the type as hledger's top level, the code keeps names unique, ":" would nest. */
export function hledgerAccountName(account: ChartAccountRow): string {
  return `${topLevel[account.type]}:${account.code} ${oneLine(account.name).replaceAll(":", "-")}`;
}

export interface ExportEntry {
  number: number;
  entryDate: string;
  description: string;
  kind: string;
  reversesNumber: number | null;
  lines: readonly { accountId: string; amountMinor: number }[];
}

export function journalHeader(companyName: string, currency: string, decimals: number): string {
  const sample = formatMinor(100_000 * 10 ** decimals, decimals);
  return `; ${oneLine(companyName)}: books exported by AI Bookkeeper\ncommodity ${sample} ${currency}\n\n`;
}

/** One entry as a journal transaction; the entry number is its code, a semicolon in text would start a comment. */
export function journalTransaction(entry: ExportEntry, accountsById: ReadonlyMap<string, ChartAccountRow>, currency: string, decimals: number): string {
  const description = oneLine(entry.description).replaceAll(";", ",");
  const note = entry.reversesNumber === null ? "" : `    ; reverses entry ${entry.reversesNumber}\n`;
  const postings = entry.lines.map((line) => {
    const account = accountsById.get(line.accountId);
    if (account === undefined) throw new Error(`entry ${entry.number} posts to an account outside the chart`);
    return `    ${hledgerAccountName(account)}  ${formatMinor(line.amountMinor, decimals)} ${currency}\n`;
  });
  return `${entry.entryDate} * (${entry.number}) ${description}\n${note}${postings.join("")}\n`;
}
