/**
 * What a load run needs before it starts, and what it checks after: the
 * tenants (a company, its key, a checking account and a first statement
 * each), made through the API as any client would, and afterwards the books
 * of each (balanced, and holding every row the uploads said they inserted).
 */
import { answers, type Answer } from "../client/answers.ts";
import { send, urlTarget, type ApiTarget } from "../client/http.ts";
import { statementCsv, tenantPlan, type Tenant } from "./scenarios.ts";

export interface Target {
  url: string;
  adminToken: string;
}

/** The one client (client/http.ts), pointed at the host under load; answers are checked against the routes' own schemas. */
const clientOf = (target: Target): ApiTarget => urlTarget(target.url, target.adminToken);

/** Rows an upload's answer says it inserted. */
export const insertedBy = (answer: Answer<"imports">): number => answer.imports.reduce((sum, report) => sum + ("rows" in report ? report.rows.inserted : 0), 0);

export interface PreparedTenant extends Tenant {
  /** Rows the first statement inserted. */
  inserted: number;
}

/** Makes `count` tenants, one after another, each with its first statement (sequence 0) booked. */
export async function prepareTenants(target: Target, count: number, rowsPerImport: number): Promise<PreparedTenant[]> {
  const client = clientOf(target);
  const tenants: PreparedTenant[] = [];
  for (let index = 0; index < count; index++) {
    const plan = tenantPlan(index);
    const created = (await send(client, "POST", "/v1/companies", { token: target.adminToken, json: plan.company }, answers.createdCompany)).body;
    const companyId = created.company.id;
    const account = (await send(client, "POST", `/v1/companies/${companyId}/bank-accounts`, { token: created.apiKey, json: plan.bankAccount }, answers.createdBankAccount)).body;
    const tenant = { companyId, apiKey: created.apiKey, bankAccountId: account.bankAccount.id };
    const first = new TextEncoder().encode(statementCsv(index, 0, rowsPerImport));
    const answer = (await send(client, "POST", `/v1/companies/${companyId}/bank-accounts/${tenant.bankAccountId}/imports?filename=first.csv`, { token: created.apiKey, body: first, contentType: "text/csv" }, answers.imports)).body;
    tenants.push({ ...tenant, inserted: insertedBy(answer) });
  }
  return tenants;
}

export interface BooksCheck {
  tenant: string;
  transactions: number;
  /** Transactions listed more than once across the pages (a paging fault). */
  listedTwice: number;
  /** Rows the host's import reports say were inserted: every upload's, answered before the run ended or not. */
  reported: number;
  /** Rows the answers the load test read said were inserted; an upload in flight when the run stopped is in `reported` only. */
  answered: number;
  balanced: boolean;
}

export const booksHold = (check: BooksCheck): boolean => check.balanced && check.listedTwice === 0 && check.transactions === check.reported && check.answered <= check.reported;

/** The rows every import of the tenant's account says it inserted, page by page (a load run makes many imports). */
async function reportedRows(target: Target, tenant: PreparedTenant): Promise<number> {
  let rows = 0;
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "?limit=500" : `?limit=500&cursor=${encodeURIComponent(cursor)}`;
    const page: Answer<"importList"> = (await send(clientOf(target), "GET", `/v1/companies/${tenant.companyId}/bank-accounts/${tenant.bankAccountId}/imports${query}`, { token: tenant.apiKey }, answers.importList)).body;
    rows += page.data.reduce((sum, report) => sum + report.rows.inserted, 0);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rows;
}

/**
 * Waits until the uploads still in flight when the last scenario stopped
 * have landed: the rows the import reports add up to stop changing for a
 * second (at most 60 s). Checked before, the books would race them.
 */
export async function waitForQuiet(target: Target, tenants: readonly PreparedTenant[]): Promise<void> {
  const total = async (): Promise<number> => (await Promise.all(tenants.map((tenant) => reportedRows(target, tenant)))).reduce((sum, rows) => sum + rows, 0);
  let last = await total();
  for (const deadline = performance.now() + 60_000; performance.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await total();
    if (now === last) return;
    last = now;
  }
}

/** Each tenant's books after the run: the trial balance, every transaction listed a page at a time, and the import reports. */
export async function checkBooks(target: Target, tenants: readonly PreparedTenant[], insertedDuringRun: ReadonlyMap<string, number>): Promise<BooksCheck[]> {
  const checks: BooksCheck[] = [];
  for (const tenant of tenants) {
    const base = `/v1/companies/${tenant.companyId}`;
    const balance = (await send(clientOf(target), "GET", `${base}/reports/trial-balance?asOf=2099-12-31`, { token: tenant.apiKey }, answers.trialBalance)).body;
    let transactions = 0;
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page = (await send(clientOf(target), "GET", `${base}/transactions?limit=500${query}`, { token: tenant.apiKey }, answers.transactionsPage)).body;
      transactions += page.data.length;
      for (const transaction of page.data) ids.add(transaction.id);
      cursor = page.nextCursor;
    } while (cursor !== null);
    checks.push({
      tenant: tenant.companyId,
      transactions,
      listedTwice: transactions - ids.size,
      reported: await reportedRows(target, tenant),
      answered: tenant.inserted + (insertedDuringRun.get(tenant.companyId) ?? 0),
      balanced: balance.balanced && balance.totals.debitMinor === balance.totals.creditMinor,
    });
  }
  return checks;
}
