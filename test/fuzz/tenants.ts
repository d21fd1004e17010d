/**
 * The companies a fuzz run works in: the fuzz company, with something of each
 * kind to address (bank accounts, an import and its transactions, a rule, a
 * document, a second key), and a bystander company set up the same way, whose
 * data no request of the run may change.
 */
import { request, type RawAnswer, type RequestOptions } from "../../client/http.ts";

/** A host under fuzzing: only its fetch of paths, as client/http.ts speaks to any host. */
export interface FuzzTarget {
  name: string;
  adminToken: string;
  fetch(path: string, init: RequestInit): Promise<Response>;
}

export interface Tenant {
  companyId: string;
  apiKey: string;
  /** The key this run authenticates with: never put in a path, so no request revokes it. */
  apiKeyId: string;
  /** Ids by the path parameter that takes them. */
  ids: Map<string, string[]>;
}

const statement = "Date,Description,Amount\n2025-01-02,STARBUCKS 123,-4.50\n2025-01-03,CLIENT PAYMENT,1200.00\n2025-01-05,OFFICE DEPOT,-89.99\n2025-01-09,RENT JANUARY,-1500.00\n";
const receipt = "OFFICE DEPOT\n2025-01-05\nTOTAL $89.99\nVISA ****4242\n";

async function must<Body>(target: FuzzTarget, method: string, path: string, options: RequestOptions, expected: number[]): Promise<Body> {
  const answer: RawAnswer<Body> = await request<Body>(target, method, path, options);
  if (!expected.includes(answer.status)) throw new Error(`setup: ${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer.body;
}

function add(ids: Map<string, string[]>, parameter: string, id: string): void {
  const list = ids.get(parameter) ?? [];
  if (!list.includes(id)) list.push(id);
  ids.set(parameter, list);
}

async function createCompany(target: FuzzTarget, name: string): Promise<{ companyId: string; apiKey: string }> {
  const body = await must<{ company: { id: string }; apiKey: string }>(target, "POST", "/v1/companies", { token: target.adminToken, json: { name, industry: "services" } }, [201]);
  return { companyId: body.company.id, apiKey: body.apiKey };
}

async function addBankAccounts(target: FuzzTarget, base: string, token: string, ids: Map<string, string[]>): Promise<string> {
  const kinds = [{ name: "Checking", kind: "checking", last4: "4242" }, { name: "Card", kind: "credit_card" }];
  for (const json of kinds) {
    const body = await must<{ bankAccount: { id: string } }>(target, "POST", `${base}/bank-accounts`, { token, json }, [201]);
    add(ids, "bankAccountId", body.bankAccount.id);
  }
  return ids.get("bankAccountId")?.[0] ?? "";
}

async function addImportAndTransactions(target: FuzzTarget, base: string, token: string, bankAccountId: string, ids: Map<string, string[]>): Promise<void> {
  const imported = await must<{ imports: { id: string }[] }>(target, "POST", `${base}/bank-accounts/${bankAccountId}/imports?filename=jan.csv`, { token, body: statement, contentType: "text/csv" }, [201]);
  for (const report of imported.imports) add(ids, "importId", report.id);
  const transactions = await must<{ data: { id: string }[] }>(target, "GET", `${base}/transactions`, { token }, [200]);
  for (const t of transactions.data) add(ids, "transactionId", t.id);
}

async function addRuleDocumentAndKey(target: FuzzTarget, base: string, token: string, ids: Map<string, string[]>): Promise<void> {
  const rule = { name: "Coffee", conditions: { description: { operator: "contains", value: "starbucks" } }, action: { accountCode: "6100" } };
  const created = await must<{ rule?: { id: string } }>(target, "POST", `${base}/rules`, { token, json: rule }, [201, 422]);
  if (created.rule !== undefined) add(ids, "ruleId", created.rule.id);
  const documents = await must<{ documents: { id?: string }[] }>(target, "POST", `${base}/documents?filename=receipt.txt`, { token, body: receipt, contentType: "text/plain" }, [201]);
  for (const d of documents.documents) if (d.id !== undefined) add(ids, "documentId", d.id);
  const key = await must<{ apiKey: { id: string } }>(target, "POST", `${base}/api-keys`, { token, json: { label: "spare" } }, [201]);
  add(ids, "apiKeyId", key.apiKey.id);
}

/** A company with one of everything, made through the API as any client would. */
export async function setUpTenant(target: FuzzTarget, name: string): Promise<Tenant> {
  const { companyId, apiKey } = await createCompany(target, name);
  const base = `/v1/companies/${companyId}`;
  const keys = await must<{ data: { id: string }[] }>(target, "GET", `${base}/api-keys`, { token: apiKey }, [200]);
  const apiKeyId = keys.data[0]?.id ?? "";
  const ids = new Map<string, string[]>([["companyId", [companyId]]]);
  // Account codes go where bodies name one (`accountCode`), so corrections and rules can succeed.
  const accounts = await must<{ data: { code: string }[] }>(target, "GET", `${base}/accounts`, { token: apiKey }, [200]);
  for (const account of accounts.data) add(ids, "accountCode", account.code);
  const bankAccountId = await addBankAccounts(target, base, apiKey, ids);
  await addImportAndTransactions(target, base, apiKey, bankAccountId, ids);
  await addRuleDocumentAndKey(target, base, apiKey, ids);
  return { companyId, apiKey, apiKeyId, ids };
}

/** What a bystander's data looks like from outside: it must read the same after the run. */
const snapshotPaths = ["", "/api-keys", "/bank-accounts", "/accounts", "/rules", "/documents", "/transactions?limit=500", "/journal?limit=500", "/reports/trial-balance", "/export/ledger.journal"];

export async function snapshotTenant(target: FuzzTarget, tenant: Tenant): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const path of snapshotPaths) {
    const answer = await request(target, "GET", `/v1/companies/${tenant.companyId}${path}`, { token: target.adminToken });
    snapshot[path] = `${answer.status} ${answer.text}`;
  }
  return snapshot;
}
