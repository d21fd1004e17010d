/**
 * The load tests' scenarios and data, shared by the k6 scripts (loadtest/k6/)
 * and `npm run loadtest` (autocannon): which tenants to make, what each
 * request is, the statement files uploaded, and the thresholds a run must
 * meet. Plain TypeScript with no imports, so that k6 and Node both load it.
 *
 * The statements name made-up merchants ("MERCHANT 0042"), never the
 * simulated companies' vendors: the load is on the host, not on the tiers'
 * knowledge.
 */

export const scenarioNames = ["ingest", "browse", "review", "mixed"] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** What a request is, for its latency threshold: k6 tags each request with it, the runner keeps a histogram per kind. */
export type RequestKind = "read" | "import" | "write";

export interface LoadSettings {
  /** Companies, each with one checking account and a first statement. */
  tenants: number;
  /** Seconds each scenario runs. */
  durationSeconds: number;
  /** Closed-loop clients: browse and review each get this many (split in two in mixed). */
  clients: number;
  /** Statement uploads per second across all tenants (constant arrival rate). */
  importsPerSecond: number;
  /** Rows per uploaded statement. */
  rowsPerImport: number;
}

export const defaultSettings: LoadSettings = { tenants: 8, durationSeconds: 20, clients: 50, importsPerSecond: 5, rowsPerImport: 100 };

/** The goals a run is judged by (issue 20): k6 fails a run that misses one, and so does `npm run loadtest`. */
export const thresholds = {
  /** Share of requests that failed (status 400 or more, or no answer). */
  failedRate: 0.001,
  readP95Ms: 50,
  importP95Ms: 250,
  writeP95Ms: 250,
  /** Share of checks that held. */
  checksRate: 0.999,
} as const;

const industries = ["retail", "services", "childcare", "real_estate", "professional"] as const;

export interface TenantPlan {
  company: { name: string; industry: (typeof industries)[number] };
  bankAccount: { name: string; kind: "checking"; last4: string };
}

export function tenantPlan(index: number): TenantPlan {
  return {
    company: { name: `Load tenant ${String(index + 1).padStart(3, "0")}`, industry: industries[index % industries.length] ?? "services" },
    bankAccount: { name: "Operating checking", kind: "checking", last4: String(1000 + index).slice(-4) },
  };
}

/** A tenant as setup made it: what every request needs. */
export interface Tenant {
  companyId: string;
  apiKey: string;
  bankAccountId: string;
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0");

/** A small deterministic hash (FNV-1a), so that the same tenant and sequence give the same file in k6 and in Node. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return value;
}

/**
 * The statement a tenant uploads as its `sequence`th file: `rows` card
 * purchases and deposits on days of one month, each row unique (its
 * reference number), so that every row of every upload is new to the books.
 */
export function statementCsv(tenant: number, sequence: number, rows: number): string {
  const month = sequence % 12;
  const year = 2024 - Math.floor(sequence / 12);
  const lines = ["Date,Description,Amount"];
  for (let row = 0; row < rows; row++) {
    const noise = hash(`${tenant}/${sequence}/${row}`);
    const day = 1 + (noise % 28);
    const merchant = pad(noise % 200, 4);
    const deposit = noise % 10 === 0;
    const cents = deposit ? 50_000 + (noise % 400_000) : 300 + (noise % 40_000);
    const amount = `${deposit ? "" : "-"}${Math.floor(cents / 100)}.${pad(cents % 100, 2)}`;
    const description = deposit ? `DEPOSIT CLIENT ${merchant} REF ${tenant}-${sequence}-${row}` : `CARD PURCHASE MERCHANT ${merchant} REF ${tenant}-${sequence}-${row}`;
    lines.push(`${year}-${pad(month + 1, 2)}-${pad(day, 2)},${description},${amount}`);
  }
  return `${lines.join("\n")}\n`;
}

export interface PlannedRequest {
  kind: RequestKind;
  /** A name for the report: the route, without ids. */
  name: string;
  method: "GET" | "POST";
  path: string;
}

/** What a bookkeeper's screen reads: a page of transactions, the three reports, the journal and the metrics, in turn. */
export function browseRequests(tenant: Tenant): PlannedRequest[] {
  const base = `/v1/companies/${tenant.companyId}`;
  return [
    { kind: "read", name: "transactions", method: "GET", path: `${base}/transactions?limit=50` },
    { kind: "read", name: "trial-balance", method: "GET", path: `${base}/reports/trial-balance?asOf=2024-12-31` },
    { kind: "read", name: "profit-and-loss", method: "GET", path: `${base}/reports/profit-and-loss?from=2024-01-01&to=2024-12-31` },
    { kind: "read", name: "balance-sheet", method: "GET", path: `${base}/reports/balance-sheet?asOf=2024-12-31` },
    { kind: "read", name: "journal", method: "GET", path: `${base}/journal?limit=50` },
    { kind: "read", name: "metrics", method: "GET", path: `${base}/metrics` },
  ];
}

export const importPath = (tenant: Tenant): string => `/v1/companies/${tenant.companyId}/bank-accounts/${tenant.bankAccountId}/imports`;

/** The review queue's first page: what a bookkeeper opens to correct. */
export const reviewQueuePath = (tenant: Tenant): string => `/v1/companies/${tenant.companyId}/transactions?status=review&limit=20`;

export const correctionsPath = (tenant: Tenant): string => `/v1/companies/${tenant.companyId}/transactions/corrections`;

/** Expense accounts every industry's chart has, to correct into by turns. */
export const correctionAccounts = ["6100", "6200", "6300"] as const;

/** Corrects up to `count` queued transactions (ids from the review queue), into an account chosen by turn. */
export function correctionBody(transactionIds: readonly string[], turn: number, count = 5): string {
  const accountCode = correctionAccounts[turn % correctionAccounts.length] ?? "6100";
  return JSON.stringify(transactionIds.slice(0, count).map((transactionId) => ({ transactionId, accountCode })));
}

/**
 * In mixed, the three run at once: the clients split between browsing and
 * reviewing, and uploads keep arriving at their rate.
 */
export function scenarioShape(name: ScenarioName, settings: LoadSettings): { ingestRate: number; browseClients: number; reviewClients: number } {
  if (name === "ingest") return { ingestRate: settings.importsPerSecond, browseClients: 0, reviewClients: 0 };
  if (name === "browse") return { ingestRate: 0, browseClients: settings.clients, reviewClients: 0 };
  if (name === "review") return { ingestRate: 0, browseClients: 0, reviewClients: settings.clients };
  const browseClients = Math.ceil(settings.clients * 0.7);
  return { ingestRate: settings.importsPerSecond, browseClients, reviewClients: settings.clients - browseClients };
}
