/**
 * Limits on everything (issue 21 D), on a host with small ones (testLimits):
 * per-company caps on rules, active API keys and bank accounts, held even
 * against concurrent creations; paging on the lists that grow (rules,
 * imports, an import's rejected rows), with a bounded import answer; and
 * requests per key per minute, refused with 429 rate_limited and Retry-After.
 */
import { describe, expect, it } from "vitest";
import { rulePack } from "../../src/categorize/rule-packs.ts";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

const packRules = rulePack("retail").length;

/** Small caps, so a test reaches them in a few requests; the rules cap leaves room for three beyond the retail pack. */
export const testLimits = { rulesPerCompanyMax: packRules + 3, apiKeysPerCompanyMax: 3, bankAccountsPerCompanyMax: 2 } as const;
/** Requests per key per minute on the rate-limited host. */
export const testRequestsPerMinute = 5;

/** The same limits as a Worker's bindings (environment variables on Node). */
export const testLimitVariables = {
  RULES_PER_COMPANY_MAX: String(testLimits.rulesPerCompanyMax),
  API_KEYS_PER_COMPANY_MAX: String(testLimits.apiKeysPerCompanyMax),
  BANK_ACCOUNTS_PER_COMPANY_MAX: String(testLimits.bankAccountsPerCompanyMax),
  RATE_LIMIT_PER_MINUTE: "0",
};

const at = (owner: CreatedCompany, rest: string): string => `/v1/companies/${owner.id}${rest}`;

interface Page<Item> {
  data: Item[];
  nextCursor: string | null;
}

/** What the lists here hold, as far as the tests look: a rule or an import report (id), a row (line). */
interface Listed {
  id?: string;
  line?: number;
  rejections?: unknown[];
}

/** Every item of a list, page by page, following nextCursor; the pages' sizes too. */
async function walk(target: ContractTarget, token: string, path: string, limit: number): Promise<{ items: Listed[]; sizes: number[] }> {
  const items: Listed[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const query: string = `${separator}limit=${limit}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page: Awaited<ReturnType<typeof call<Page<Listed>>>> = await call<Page<Listed>>(target, "GET", `${path}${query}`, { token });
    expect(page.status, page.text).toBe(200);
    items.push(...page.body.data);
    sizes.push(page.body.data.length);
    cursor = page.body.nextCursor;
  } while (cursor !== null && sizes.length < 100);
  return { items, sizes };
}

/**
 * Sends `count` requests at once; how many were created, and the refusals. A count read before
 * the insert (check, then insert) lets all 30 rules in on Workers + D1: the cap must be the insert's.
 */
async function atOnce(count: number, send: (index: number) => Promise<{ status: number; body: unknown; text: string }>): Promise<{ created: number; refused: { status: number; body: unknown; text: string }[] }> {
  const answers = await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
  const others = answers.filter((a) => a.status !== 201 && a.status !== 409);
  expect(others.map((a) => a.text)).toEqual([]);
  return { created: answers.filter((a) => a.status === 201).length, refused: answers.filter((a) => a.status === 409) };
}

function expectLimitReached(answer: { status: number; body: unknown; text: string; headers: Headers }, resource: string, limit: number): void {
  const body = expectError(answer, 409, "limit_reached");
  expect(body.error.details).toEqual({ resource, limit, count: limit });
}

const rule = (name: string) => ({ name, conditions: { description: { operator: "contains", value: name } }, action: { accountCode: "6100" } });

function statement(rows: string[]): string {
  return `Date,Description,Amount\n${rows.join("\n")}\n`;
}

export function describeLimitsContract(getTarget: () => ContractTarget): void {
  describe("per-company caps", () => {
    it("counts the industry pack's rules, refuses rules past the cap with 409 limit_reached even when sent at once, and takes one again after a delete", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "retail");
      const outcome = await atOnce(30, (index) => call(target, "POST", at(owner, "/rules"), { token: owner.apiKey, json: rule(`Concurrent ${index}`) }));
      expect(outcome.created).toBe(testLimits.rulesPerCompanyMax - packRules);
      const refusal = await call(target, "POST", at(owner, "/rules"), { token: owner.apiKey, json: rule("One more") });
      expectLimitReached(refusal, "rules", testLimits.rulesPerCompanyMax);
      const all = await walk(target, owner.apiKey, at(owner, "/rules"), 500);
      expect(all.items).toHaveLength(testLimits.rulesPerCompanyMax);
      expect((await call(target, "DELETE", at(owner, `/rules/${all.items[0]?.id ?? ""}`), { token: owner.apiKey })).status).toBe(204);
      expect((await call(target, "POST", at(owner, "/rules"), { token: owner.apiKey, json: rule("After a delete") })).status).toBe(201);
    });

    it("refuses active API keys past the cap, even at once, and makes room when one is revoked", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "services");
      const outcome = await atOnce(20, () => call(target, "POST", at(owner, "/api-keys"), { token: owner.apiKey, json: {} }));
      expect(outcome.created).toBe(testLimits.apiKeysPerCompanyMax - 1);
      const refusal = await call(target, "POST", at(owner, "/api-keys"), { token: owner.apiKey, json: {} });
      expectLimitReached(refusal, "api_keys", testLimits.apiKeysPerCompanyMax);
      const keys = await call<{ data: { id: string }[] }>(target, "GET", at(owner, "/api-keys"), { token: owner.apiKey });
      const last = keys.body.data.at(-1)?.id ?? "";
      expect((await call(target, "DELETE", at(owner, `/api-keys/${last}`), { token: owner.apiKey })).status).toBeLessThan(300);
      expect((await call(target, "POST", at(owner, "/api-keys"), { token: owner.apiKey, json: {} })).status).toBe(201);
    });

    it("refuses bank accounts past the cap, even at once, and leaves no ledger account behind for the refused ones", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "retail");
      const chartBefore = await call<{ data: { code: string; name: string }[] }>(target, "GET", at(owner, "/accounts"), { token: owner.apiKey });
      const outcome = await atOnce(12, (index) => call(target, "POST", at(owner, "/bank-accounts"), { token: owner.apiKey, json: { name: `Checking ${index}`, kind: "checking" } }));
      expect(outcome.created).toBe(testLimits.bankAccountsPerCompanyMax);
      for (const refused of outcome.refused) expectError({ ...refused, headers: new Headers() }, 409, "limit_reached");
      const refusal = await call(target, "POST", at(owner, "/bank-accounts"), { token: owner.apiKey, json: { name: "Reserve Savings", kind: "savings" } });
      expectLimitReached(refusal, "bank_accounts", testLimits.bankAccountsPerCompanyMax);
      // The first checking account takes over the seeded 1010; the second gets a new one: exactly one more account, none for
      // a refused request, and the seeded savings account is not renamed for the refused one.
      const chartAfter = await call<{ data: { code: string; name: string }[] }>(target, "GET", at(owner, "/accounts"), { token: owner.apiKey });
      expect(chartAfter.body.data.length).toBe(chartBefore.body.data.length + 1);
      const banks = await call<{ data: { name: string }[] }>(target, "GET", at(owner, "/bank-accounts"), { token: owner.apiKey });
      const linked = new Set(banks.body.data.map((bank) => bank.name));
      expect(chartAfter.body.data.filter((account) => /^(Checking \d+|Reserve Savings)$/.test(account.name)).map((account) => account.name).sort()).toEqual([...linked].sort());
    });
  });

  describe("paging", () => {
    it("pages the rules in the order they are tried, and refuses a limit out of range or a cursor it did not give", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "retail");
      const whole = await call<Page<{ id: string }>>(target, "GET", at(owner, "/rules"), { token: owner.apiKey });
      expect(whole.status, whole.text).toBe(200);
      expect(whole.body.nextCursor).toBeNull();
      expect(whole.body.data).toHaveLength(packRules);
      const paged = await walk(target, owner.apiKey, at(owner, "/rules"), 5);
      expect(paged.items.map((r) => r.id)).toEqual(whole.body.data.map((r) => r.id));
      expect(paged.sizes).toEqual([5, 5, 5, 5, 2]);
      for (const limit of ["0", "501", "ten"]) expectError(await call(target, "GET", at(owner, `/rules?limit=${limit}`), { token: owner.apiKey }), 422, "validation_failed");
      for (const cursor of ["garbage", btoa("1|not a date|x"), btoa("2025-01-01|abc")]) {
        const refused = expectError(await call(target, "GET", at(owner, `/rules?cursor=${encodeURIComponent(cursor)}`), { token: owner.apiKey }), 422, "validation_failed");
        expect(refused.error.details).toEqual({ field: "cursor" });
      }
    });

    it("pages a company's API keys oldest first, revoked ones too, and every company for the admin token, with no row twice", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "retail");
      const made = [];
      for (let index = 0; index < 2; index++) made.push(await call<{ apiKey: { id: string } }>(target, "POST", at(owner, "/api-keys"), { token: owner.apiKey, json: { label: `key ${index}` } }));
      const revoked = made[0]?.body.apiKey.id ?? "";
      expect((await call(target, "DELETE", at(owner, `/api-keys/${revoked}`), { token: owner.apiKey })).status).toBe(200);
      const keys = await walk(target, owner.apiKey, at(owner, "/api-keys"), 1);
      expect(keys.sizes).toEqual([1, 1, 1]);
      expect(keys.items.map((key) => key.id).slice(1)).toEqual(made.map((answer) => answer.body.apiKey.id));
      expectError(await call(target, "GET", at(owner, "/api-keys?cursor=garbage"), { token: owner.apiKey }), 422, "validation_failed");

      const companies = await walk(target, target.adminToken, "/v1/companies", 7);
      const ids = companies.items.map((company) => company.id);
      expect(ids).toContain(owner.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(companies.sizes.slice(0, -1).every((size) => size === 7)).toBe(true);
      expectError(await call(target, "GET", "/v1/companies?limit=501", { token: target.adminToken }), 422, "validation_failed");
    });

    it("pages the imports newest first; a report shows its first rejected rows, and every one is a page away (404 for another company's import)", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "retail");
      const other = await createCompany(target, "retail");
      const account = await call<{ bankAccount: { id: string } }>(target, "POST", at(owner, "/bank-accounts"), { token: owner.apiKey, json: { name: "Checking", kind: "checking" } });
      const imports = at(owner, `/bank-accounts/${account.body.bankAccount.id}/imports`);
      // Enough readable rows that the layout is plain, then 25 that cannot be read (lines 62 to 86).
      const good = Array.from({ length: 60 }, (_, index) => `2025-01-${String(1 + (index % 28)).padStart(2, "0")},Coffee ${index},-3.${String(index).padStart(2, "0")}`);
      const bad = Array.from({ length: 25 }, (_, index) => `2025-02-${String(1 + index).padStart(2, "0")},Broken ${index},twelve`);
      const upload = (csv: string, filename: string) => call<{ imports: { id: string; rows: { rejected: number }; rejections: { line: number }[] }[] }>(target, "POST", `${imports}?filename=${filename}`, { token: owner.apiKey, body: csv, headers: { "content-type": "text/csv" } });
      const withRejections = await upload(statement([...good, ...bad]), "bad.csv");
      expect(withRejections.status, withRejections.text).toBe(201);
      const report = withRejections.body.imports[0];
      expect(report?.rows.rejected).toBe(25);
      expect(report?.rejections.map((r) => r.line)).toEqual(Array.from({ length: 10 }, (_, index) => index + 62));
      for (const month of ["03", "04"]) expect((await upload(statement([`2025-${month}-02,Rent,-900.00`]), `${month}.csv`)).status).toBe(201);

      const listed = await walk(target, owner.apiKey, imports, 2);
      expect(listed.sizes).toEqual([2, 1]);
      expect(listed.items.at(-1)?.id).toBe(report?.id);
      expect(listed.items.at(-1)?.rejections).toHaveLength(10);

      const rejections = `${imports}/${report?.id ?? ""}/rejections`;
      const rows = await walk(target, owner.apiKey, rejections, 10);
      expect(rows.sizes).toEqual([10, 10, 5]);
      expect(rows.items.map((r) => r.line)).toEqual(Array.from({ length: 25 }, (_, index) => index + 62));
      expect(rows.items[0]).toEqual({ line: 62, reason: 'not an amount: "twelve"', raw: "2025-02-01,Broken 0,twelve" });
      expectError(await call(target, "GET", `${rejections}?cursor=bm9wZQ`, { token: owner.apiKey }), 422, "validation_failed");
      expectError(await call(target, "GET", `${rejections}?limit=501`, { token: owner.apiKey }), 422, "validation_failed");
      expectError(await call(target, "GET", rejections.replace(owner.id, other.id), { token: other.apiKey }), 404, "not_found");
      expectError(await call(target, "GET", `${imports}/nope/rejections`, { token: owner.apiKey }), 404, "not_found");
    });
  });
}

/** On a host that lets each key make testRequestsPerMinute requests a minute. */
export function describeRateLimitContract(getTarget: () => ContractTarget): void {
  describe("requests per key per minute", () => {
    it("answers 429 rate_limited with Retry-After past the limit, per key and for the admin token; /health is never counted", async () => {
      const target = getTarget();
      const owner = await createCompany(target, "retail");
      const second = await call<{ key: string }>(target, "POST", at(owner, "/api-keys"), { token: owner.apiKey, json: {} });
      expect(second.status, second.text).toBe(201);
      // The key has made one request (the one above); the rest of its minute:
      for (let sent = 1; sent < testRequestsPerMinute; sent++) expect((await call(target, "GET", at(owner, ""), { token: owner.apiKey })).status).toBe(200);
      const refused = await call(target, "GET", at(owner, ""), { token: owner.apiKey });
      const body = expectError(refused, 429, "rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${String(refused.headers.get("retry-after"))}`).toBe(true);
      expect(body.error.details).toEqual({ retryAfterSeconds: retryAfter });
      // Another key of the same company has a minute of its own.
      expect((await call(target, "GET", at(owner, ""), { token: second.body.key })).status).toBe(200);
      expect((await call(target, "GET", "/health")).status).toBe(200);
      let adminRefused = false;
      for (let sent = 0; sent <= testRequestsPerMinute && !adminRefused; sent++) {
        const answer = await call(target, "GET", "/v1/companies", { token: target.adminToken });
        if (answer.status === 429) adminRefused = expectError(answer, 429, "rate_limited").error.code === "rate_limited";
        else expect(answer.status).toBe(200);
      }
      expect(adminRefused).toBe(true);
    });
  });
}
