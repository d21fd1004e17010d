/** A company with one checking account, and what its books say, over HTTP: enough to judge a database after a crash or a restore. */
import { callJson } from "./server-process.ts";

export interface Books {
  companyId: string;
  apiKey: string;
  bankAccountId: string;
}

export interface ImportRows {
  total: number;
  inserted: number;
  duplicate: number;
  rejected: number;
}

export interface ImportAnswer {
  imports: { id: string; status: string; rows: ImportRows }[];
}

export async function openBooks(url: string, adminToken: string, name: string): Promise<Books> {
  const company = await callJson<{ company: { id: string }; apiKey: string }>(url, adminToken, "POST", "/v1/companies", { name, industry: "retail" });
  if (company.status !== 201) throw new Error(`creating a company answered ${company.status}`);
  const { id: companyId } = company.body.company;
  const account = await callJson<{ bankAccount: { id: string } }>(url, company.body.apiKey, "POST", `/v1/companies/${companyId}/bank-accounts`, { name: "Operating", kind: "checking" });
  if (account.status !== 201) throw new Error(`creating a bank account answered ${account.status}`);
  return { companyId, apiKey: company.body.apiKey, bankAccountId: account.body.bankAccount.id };
}

export const importsPath = (books: Books): string => `/v1/companies/${books.companyId}/bank-accounts/${books.bankAccountId}/imports`;

export function importFile(url: string, books: Books, bytes: Uint8Array): Promise<{ status: number; body: ImportAnswer }> {
  return callJson<ImportAnswer>(url, books.apiKey, "POST", importsPath(books), bytes);
}

/** The transactions the company holds, as its metrics count them. */
export async function transactionCount(url: string, books: Books): Promise<number> {
  const answer = await callJson<{ metrics: { transactions: { imported: number } } }>(url, books.apiKey, "GET", `/v1/companies/${books.companyId}/metrics`);
  if (answer.status !== 200) throw new Error(`metrics answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.metrics.transactions.imported;
}

/** The imports the bank account holds, each with its own row counts. */
export async function importsListed(url: string, books: Books): Promise<{ id: string; rows: ImportRows }[]> {
  return (await callJson<{ data: { id: string; rows: ImportRows }[] }>(url, books.apiKey, "GET", importsPath(books))).body.data;
}

export interface TrialBalance {
  totals: { debitMinor: number; creditMinor: number };
  balanced: boolean;
}

export async function trialBalance(url: string, books: Books): Promise<TrialBalance> {
  return (await callJson<TrialBalance>(url, books.apiKey, "GET", `/v1/companies/${books.companyId}/reports/trial-balance`)).body;
}

/** The first `rows` data rows of a bank file with its header line: the same rows, so the same fingerprints. */
export function headAndRows(bytes: Uint8Array, rows: number): Uint8Array {
  let lines = 0;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0x0a && ++lines === rows + 1) return bytes.slice(0, index + 1);
  }
  return bytes;
}
