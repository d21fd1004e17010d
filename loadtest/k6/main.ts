/**
 * k6 load test of the bookkeeping API (k6 0.57 or later runs TypeScript).
 *
 *   k6 run -e BASE_URL=http://127.0.0.1:3000 -e ADMIN_TOKEN=… -e SCENARIO=mixed loadtest/k6/main.ts
 *
 * SCENARIO is ingest, browse, review or mixed (the default). TENANTS,
 * DURATION (seconds), CLIENTS, RATE (uploads a second) and ROWS override the
 * defaults in loadtest/scenarios.ts, which `npm run loadtest` shares, so both
 * send the same files and requests and judge the same thresholds. Run it from
 * the repository's root: the summary goes to reports/loadtest/k6-<scenario>.json.
 */
import { check } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import type { Options, Scenario } from "k6/options";
import {
  browseRequests,
  correctionBody,
  correctionsPath,
  defaultSettings,
  importPath,
  reviewQueuePath,
  scenarioNames,
  scenarioShape,
  statementCsv,
  tenantPlan,
  thresholds,
  type LoadSettings,
  type ScenarioName,
  type Tenant,
} from "../scenarios.ts";

const baseUrl = (__ENV.BASE_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const adminToken = __ENV.ADMIN_TOKEN ?? "";
const scenario = (__ENV.SCENARIO ?? "mixed") as ScenarioName;
if (!(scenarioNames as readonly string[]).includes(scenario)) throw new Error(`SCENARIO is one of ${scenarioNames.join(", ")}, not ${scenario}`);

const setting = (name: string, fallback: number): number => (__ENV[name] === undefined ? fallback : Number(__ENV[name]));
const settings: LoadSettings = {
  tenants: setting("TENANTS", defaultSettings.tenants),
  durationSeconds: setting("DURATION", defaultSettings.durationSeconds),
  clients: setting("CLIENTS", defaultSettings.clients),
  importsPerSecond: setting("RATE", defaultSettings.importsPerSecond),
  rowsPerImport: setting("ROWS", defaultSettings.rowsPerImport),
};
const shape = scenarioShape(scenario, settings);
const duration = `${settings.durationSeconds}s`;

// @types/k6 declares the executors as classes; k6 itself reads plain objects, as its documentation writes them.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
const scenarios: Record<string, Scenario> = {};
if (shape.ingestRate > 0) {
  scenarios.ingest = { executor: "constant-arrival-rate", rate: shape.ingestRate, timeUnit: "1s", duration, preAllocatedVUs: Math.max(2, shape.ingestRate * 2), maxVUs: Math.max(10, shape.ingestRate * 10), exec: "ingest" };
}
if (shape.browseClients > 0) scenarios.browse = { executor: "constant-vus", vus: shape.browseClients, duration, exec: "browse" };
if (shape.reviewClients > 0) scenarios.review = { executor: "constant-vus", vus: shape.reviewClients, duration, exec: "review" };
/* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */

export const options: Options = {
  scenarios,
  setupTimeout: "300s",
  thresholds: {
    http_req_failed: [`rate<${thresholds.failedRate}`],
    "http_req_duration{kind:read}": [`p(95)<=${thresholds.readP95Ms}`],
    "http_req_duration{kind:import}": [`p(95)<=${thresholds.importP95Ms}`],
    "http_req_duration{kind:write}": [`p(95)<=${thresholds.writeP95Ms}`],
    checks: [`rate>${thresholds.checksRate}`],
  },
};

const json = (body: string | ArrayBuffer | null): unknown => JSON.parse(typeof body === "string" ? body : "null");

function adminPost(path: string, body: unknown, token = adminToken): unknown {
  const response = http.post(`${baseUrl}${path}`, JSON.stringify(body), { headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  if (response.status !== 201) throw new Error(`setup: POST ${path} answered ${response.status}: ${typeof response.body === "string" ? response.body.slice(0, 300) : ""}`);
  return json(response.body);
}

/** N tenants, each a company with a key, a checking account and its first statement, as `npm run loadtest` makes them. */
export function setup(): Tenant[] {
  if (adminToken === "") throw new Error("set ADMIN_TOKEN (-e ADMIN_TOKEN=…) to the host's admin token");
  const tenants: Tenant[] = [];
  for (let index = 0; index < settings.tenants; index++) {
    const plan = tenantPlan(index);
    const created = adminPost("/v1/companies", plan.company) as { company: { id: string }; apiKey: string };
    const account = adminPost(`/v1/companies/${created.company.id}/bank-accounts`, plan.bankAccount, created.apiKey) as { bankAccount: { id: string } };
    const tenant = { companyId: created.company.id, apiKey: created.apiKey, bankAccountId: account.bankAccount.id };
    http.post(`${baseUrl}${importPath(tenant)}?filename=first.csv`, statementCsv(index, 0, settings.rowsPerImport), { headers: { authorization: `Bearer ${tenant.apiKey}`, "content-type": "text/csv" } });
    tenants.push(tenant);
  }
  return tenants;
}

const auth = (tenant: Tenant, contentType?: string): Record<string, string> => ({ authorization: `Bearer ${tenant.apiKey}`, ...(contentType === undefined ? {} : { "content-type": contentType }) });

/** One upload: the next file of the next tenant, so that every row is new. */
export function ingest(tenants: Tenant[]): void {
  const upload = exec.scenario.iterationInTest;
  const index = upload % tenants.length;
  const tenant = tenants[index] as Tenant;
  const body = statementCsv(index, 1 + Math.floor(upload / tenants.length), settings.rowsPerImport);
  const response = http.post(`${baseUrl}${importPath(tenant)}?filename=load-${upload}.csv`, body, { headers: auth(tenant, "text/csv"), tags: { kind: "import", name: "imports" } });
  check(response, { "upload answered 201 or 200": (r) => r.status === 201 || r.status === 200 });
}

/** One tenant's screens, in turn. */
export function browse(tenants: Tenant[]): void {
  const tenant = tenants[(exec.vu.idInTest + exec.vu.iterationInScenario) % tenants.length] as Tenant;
  for (const request of browseRequests(tenant)) {
    const response = http.get(`${baseUrl}${request.path}`, { headers: auth(tenant), tags: { kind: request.kind, name: request.name } });
    check(response, { "read answered 200": (r) => r.status === 200 });
  }
}

/** The review queue opened, and up to five of it corrected. */
export function review(tenants: Tenant[]): void {
  const tenant = tenants[(exec.vu.idInTest + exec.vu.iterationInScenario) % tenants.length] as Tenant;
  const queue = http.get(`${baseUrl}${reviewQueuePath(tenant)}`, { headers: auth(tenant), tags: { kind: "read", name: "review-queue" } });
  check(queue, { "queue answered 200": (r) => r.status === 200 });
  if (queue.status !== 200) return;
  const ids = (json(queue.body) as { data: { id: string }[] }).data.map((item) => item.id);
  if (ids.length === 0) return;
  const response = http.post(`${baseUrl}${correctionsPath(tenant)}`, correctionBody(ids, exec.scenario.iterationInTest), { headers: auth(tenant, "application/json"), tags: { kind: "write", name: "corrections" } });
  check(response, { "corrections answered 200": (r) => r.status === 200 });
}

interface SummaryMetric {
  values: Record<string, number>;
}

/** k6's own summary to a file, and a short one on stdout: no jslib, nothing from the network. */
export function handleSummary(data: { metrics: Record<string, SummaryMetric | undefined> }): Record<string, string> {
  const lines = Object.entries(data.metrics)
    .filter(([name]) => name.startsWith("http_req_duration{") || name === "http_req_failed" || name === "checks" || name === "http_reqs")
    .map(([name, metric]) => `${name}: ${Object.entries(metric?.values ?? {}).map(([key, value]) => `${key}=${value.toFixed(2)}`).join(" ")}`);
  return { [`reports/loadtest/k6-${scenario}.json`]: JSON.stringify(data, null, 2), stdout: `${lines.join("\n")}\n` };
}
