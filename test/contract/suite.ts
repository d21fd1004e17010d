/**
 * The HTTP contract (DESIGN.md section 4), run unchanged against every host.
 * Each host's test file supplies a ContractTarget; nothing here knows which.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

interface Account {
  id: string;
  code: string;
  name: string;
  type: string;
  subtype: string;
}
interface BankAccount {
  id: string;
  name: string;
  kind: string;
  currency: string;
  csv: unknown;
  ledgerAccount: { id: string; code: string; name: string };
}
interface ApiKey {
  id: string;
  prefix: string;
  label: string | null;
  revokedAt: string | null;
}

const industries = ["retail", "services", "childcare", "real_estate", "professional"];

export function describeContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  beforeAll(() => {
    target = getTarget();
  });

  const listAccounts = async (company: CreatedCompany, token = company.apiKey) => {
    const response = await call<{ data: Account[] }>(target, "GET", `/v1/companies/${company.id}/accounts`, { token });
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  };
  const listBankAccounts = async (company: CreatedCompany) => {
    const response = await call<{ data: BankAccount[] }>(target, "GET", `/v1/companies/${company.id}/bank-accounts`, {
      token: company.apiKey,
    });
    expect(response.status, response.text).toBe(200);
    return response.body.data;
  };
  const addBankAccount = async (company: CreatedCompany, json: Record<string, unknown>) =>
    call<{ bankAccount: BankAccount }>(target, "POST", `/v1/companies/${company.id}/bank-accounts`, {
      token: company.apiKey,
      json,
    });

  describe("secure headers (issue 21, finding E)", () => {
    const expectSecureHeaders = (headers: Headers): void => {
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("x-frame-options")).toBe("DENY");
      expect(headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    };

    it("are sent on answers, refusals and unknown routes alike", async () => {
      const company = await createCompany(target);
      expectSecureHeaders((await call(target, "GET", "/health")).headers);
      expectSecureHeaders((await call(target, "GET", `/v1/companies/${company.id}`, { token: company.apiKey })).headers);
      expectSecureHeaders((await call(target, "GET", `/v1/companies/${company.id}`)).headers);
      expectSecureHeaders((await call(target, "GET", "/no/such/route")).headers);
      expectSecureHeaders((await call(target, "POST", `/v1/companies/${company.id}/bank-accounts`, { token: company.apiKey, body: "{", contentType: "application/json" })).headers);
    });

    it("leave the API reference its own policy, which lets its own scripts run", async () => {
      const page = await call(target, "GET", "/docs");
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    });
  });

  describe("service endpoints", () => {
    it("answers /health", async () => {
      const response = await call(target, "GET", "/health");
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: "ok" });
    });

    it("tags every response, errors included, with a request id, and echoes a well-formed one", async () => {
      const fresh = await call(target, "GET", "/health");
      const failed = await call(target, "GET", "/v1/companies");
      expect(fresh.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
      expect(failed.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
      expect(failed.headers.get("x-request-id")).not.toBe(fresh.headers.get("x-request-id"));
      const echoed = await call(target, "GET", "/health", { headers: { "x-request-id": "trace-42" } });
      expect(echoed.headers.get("x-request-id")).toBe("trace-42");
    });

    it("serves an OpenAPI document generated from the routes", async () => {
      const response = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
        target,
        "GET",
        "/openapi.json",
      );
      expect(response.status).toBe(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining([
          "/health",
          "/v1/companies",
          "/v1/companies/{companyId}",
          "/v1/companies/{companyId}/api-keys",
          "/v1/companies/{companyId}/api-keys/{apiKeyId}",
          "/v1/companies/{companyId}/bank-accounts",
          "/v1/companies/{companyId}/bank-accounts/{bankAccountId}",
          "/v1/companies/{companyId}/accounts",
          "/v1/companies/{companyId}/rules",
          "/v1/companies/{companyId}/rules/{ruleId}",
          "/v1/companies/{companyId}/transactions/{transactionId}",
          "/v1/companies/{companyId}/journal",
          "/v1/companies/{companyId}/reports/trial-balance",
          "/v1/companies/{companyId}/reports/profit-and-loss",
          "/v1/companies/{companyId}/reports/balance-sheet",
          "/v1/companies/{companyId}/reports/general-ledger",
          "/v1/companies/{companyId}/export/ledger.journal",
        ]),
      );
      expect(Object.keys(response.body.paths["/v1/companies"] ?? {})).toEqual(expect.arrayContaining(["post", "get"]));
    });
  });

  describe("companies", () => {
    it("creates a company with its first key, shown once and usable at once", async () => {
      const response = await call<{ company: Record<string, unknown>; apiKey: string }>(target, "POST", "/v1/companies", {
        token: target.adminToken,
        json: { name: "  Hamilton Coffee Co.  ", industry: "retail", currency: "CAD" },
      });
      expect(response.status, response.text).toBe(201);
      expect(response.body.company).toMatchObject({ name: "Hamilton Coffee Co.", industry: "retail", currency: "CAD" });
      expect(response.body.apiKey).toMatch(/^bk_[\w-]{40,}$/);

      const company = { id: String(response.body.company.id), apiKey: response.body.apiKey };
      const shown = await call<{ company: Record<string, unknown> }>(target, "GET", `/v1/companies/${company.id}`, {
        token: company.apiKey,
      });
      expect(shown.status).toBe(200);
      expect(shown.body.company).toEqual(response.body.company);

      const keys = await call<{ data: ApiKey[] }>(target, "GET", `/v1/companies/${company.id}/api-keys`, {
        token: company.apiKey,
      });
      expect(keys.body.data).toHaveLength(1);
      expect(keys.text).not.toContain(company.apiKey);
      expect(company.apiKey.startsWith(keys.body.data[0]?.prefix ?? "missing")).toBe(true);
    });

    it("defaults the currency to USD", async () => {
      const response = await call<{ company: { currency: string } }>(target, "POST", "/v1/companies", {
        token: target.adminToken,
        json: { name: "Defaults", industry: "services" },
      });
      expect(response.body.company.currency).toBe("USD");
    });

    it("lists companies for the admin only", async () => {
      const company = await createCompany(target);
      const asAdmin = await call<{ data: { id: string }[] }>(target, "GET", "/v1/companies", { token: target.adminToken });
      expect(asAdmin.body.data.map((listed) => listed.id)).toContain(company.id);
      expectError(await call(target, "GET", "/v1/companies", { token: company.apiKey }), 403, "forbidden");
    });

    it("refuses to create a company with a company key", async () => {
      const company = await createCompany(target);
      const response = await call(target, "POST", "/v1/companies", {
        token: company.apiKey,
        json: { name: "Sneaky", industry: "retail" },
      });
      expectError(response, 403, "forbidden");
    });
  });

  describe("chart of accounts", () => {
    it.each(industries)("seeds a realistic chart for %s", async (industry) => {
      const company = await createCompany(target, industry);
      const accounts = await listAccounts(company);
      expect(accounts.length).toBeGreaterThanOrEqual(20);
      const codes = accounts.map((account) => account.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes).toEqual([...codes].sort());
      const subtypes = new Set(accounts.map((account) => account.subtype));
      for (const subtype of ["cash", "bank", "credit_card", "owner_capital", "operating_revenue", "suspense"]) {
        expect(subtypes, `${industry} lacks a ${subtype} account`).toContain(subtype);
      }
      const firstDigitByType: Record<string, string[]> = {
        asset: ["1"],
        liability: ["2"],
        equity: ["3"],
        revenue: ["4"],
        expense: ["5", "6"],
      };
      for (const account of accounts) {
        expect(firstDigitByType[account.type], `${account.code} ${account.name}`).toContain(account.code[0]);
      }
      const names = accounts.map((account) => account.name.toLowerCase()).join("|");
      for (const expected of ["payroll", "rent", "utilities", "software", "insurance", "fees", "uncategorized"]) {
        expect(names).toContain(expected);
      }
    });

    it("gives each industry its own revenue lines", async () => {
      const revenueNames = new Map<string, string>();
      for (const industry of industries) {
        const accounts = await listAccounts(await createCompany(target, industry));
        const revenue = accounts.filter((account) => account.subtype === "operating_revenue").map((account) => account.name);
        revenueNames.set(industry, revenue.join(","));
      }
      expect(new Set(revenueNames.values()).size).toBe(industries.length);
    });
  });

  describe("bank accounts", () => {
    it("links the first account of each kind to the seeded ledger account, and later ones to new codes", async () => {
      const company = await createCompany(target);
      const checking = await addBankAccount(company, { name: "Chase Checking", kind: "checking" });
      expect(checking.status, checking.text).toBe(201);
      expect(checking.body.bankAccount).toMatchObject({
        name: "Chase Checking",
        kind: "checking",
        currency: "USD",
        csv: null,
        ledgerAccount: { code: "1010", name: "Chase Checking" },
      });

      const second = await addBankAccount(company, { name: "Payroll Checking", kind: "checking" });
      const card = await addBankAccount(company, { name: "Amex Gold", kind: "credit_card" });
      const secondCard = await addBankAccount(company, { name: "Visa", kind: "credit_card" });
      expect(second.body.bankAccount.ledgerAccount.code).toBe("1011");
      expect(card.body.bankAccount.ledgerAccount.code).toBe("2100");
      expect(secondCard.body.bankAccount.ledgerAccount.code).toBe("2101");

      const accounts = await listAccounts(company);
      const byCode = new Map(accounts.map((account) => [account.code, account]));
      expect(byCode.get("1011")).toMatchObject({ name: "Payroll Checking", type: "asset", subtype: "bank" });
      expect(byCode.get("2101")).toMatchObject({ name: "Visa", type: "liability", subtype: "credit_card" });
      expect(byCode.get("2100")?.id).toBe(card.body.bankAccount.ledgerAccount.id);

      const listed = await listBankAccounts(company);
      expect(listed.map((bankAccount) => bankAccount.name)).toEqual(["Chase Checking", "Payroll Checking", "Amex Gold", "Visa"]);
      const shown = await call<{ bankAccount: BankAccount }>(
        target,
        "GET",
        `/v1/companies/${company.id}/bank-accounts/${card.body.bankAccount.id}`,
        { token: company.apiKey },
      );
      expect(shown.body.bankAccount).toEqual(card.body.bankAccount);
    });

    it("codes further checking accounts in their own tens, then in the shared cash block", async () => {
      const company = await createCompany(target);
      const codes: string[] = [];
      for (let index = 1; index <= 11; index++) {
        const created = await addBankAccount(company, { name: `Checking ${index}`, kind: "checking" });
        expect(created.status, created.text).toBe(201);
        codes.push(created.body.bankAccount.ledgerAccount.code);
      }
      expect(codes).toEqual(["1010", "1011", "1012", "1013", "1014", "1015", "1016", "1017", "1018", "1019", "1030"]);
      const savings = await addBankAccount(company, { name: "Rainy Day", kind: "savings" });
      const moreSavings = await addBankAccount(company, { name: "Tax Reserve", kind: "savings" });
      expect([savings.body.bankAccount.ledgerAccount.code, moreSavings.body.bankAccount.ledgerAccount.code]).toEqual([
        "1020",
        "1021",
      ]);
    });

    it("creates many bank accounts at once without a failure or a shared ledger account", async () => {
      const company = await createCompany(target);
      const kinds = ["checking", "savings", "credit_card"];
      const responses = await Promise.all(
        Array.from({ length: 15 }, (_, index) =>
          addBankAccount(company, { name: `Parallel ${index}`, kind: kinds[index % 3] }),
        ),
      );
      for (const response of responses) expect(response.status, response.text).toBe(201);
      const ledgerIds = responses.map((response) => response.body.bankAccount.ledgerAccount.id);
      const ledgerCodes = responses.map((response) => response.body.bankAccount.ledgerAccount.code);
      expect(new Set(ledgerIds).size).toBe(15);
      expect(new Set(ledgerCodes).size).toBe(15);
      expect(ledgerCodes).toEqual(expect.arrayContaining(["1010", "1020", "2100"]));
      expect(await listBankAccounts(company)).toHaveLength(15);
    });

    it("treats names that differ only in Unicode normalization as the same name", async () => {
      const company = await createCompany(target);
      const composed = await addBankAccount(company, { name: "Caf\u00e9 Checking", kind: "checking" });
      expect(composed.status).toBe(201);
      expectError(await addBankAccount(company, { name: "Cafe\u0301 Checking", kind: "savings" }), 409, "conflict");
    });

    it("stores the importer's CSV settings as given, with defaults filled in", async () => {
      const company = await createCompany(target);
      const csv = { dateFormat: "DD/MM/YYYY", delimiter: ";", columns: { date: "Buchungstag", amount: 3 } };
      const created = await addBankAccount(company, { name: "Sparkasse", kind: "savings", currency: "EUR", csv });
      expect(created.status, created.text).toBe(201);
      expect(created.body.bankAccount.currency).toBe("EUR");
      expect(created.body.bankAccount.csv).toEqual({ signConvention: "auto", ...csv });
      expect((await listBankAccounts(company))[0]?.csv).toEqual({ signConvention: "auto", ...csv });
    });

    it("refuses a second bank account with the same name, and changes nothing", async () => {
      const company = await createCompany(target);
      await addBankAccount(company, { name: "Operating", kind: "checking" });
      const accountsBefore = await listAccounts(company);
      expectError(await addBankAccount(company, { name: "Operating", kind: "savings" }), 409, "conflict");
      expect(await listBankAccounts(company)).toHaveLength(1);
      expect(await listAccounts(company)).toEqual(accountsBefore);
    });

    it("answers 404 for an unknown bank account", async () => {
      const company = await createCompany(target);
      const response = await call(target, "GET", `/v1/companies/${company.id}/bank-accounts/no-such-id`, {
        token: company.apiKey,
      });
      expectError(response, 404, "not_found");
    });
  });

  describe("API keys", () => {
    it("creates further keys, and a revoked key stops working at once", async () => {
      const company = await createCompany(target);
      const created = await call<{ apiKey: ApiKey; key: string }>(target, "POST", `/v1/companies/${company.id}/api-keys`, {
        token: company.apiKey,
        json: { label: "pilot" },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body.apiKey).toMatchObject({ label: "pilot", revokedAt: null });
      expect(created.body.key).not.toBe(company.apiKey);

      const withNewKey = await call(target, "GET", `/v1/companies/${company.id}`, { token: created.body.key });
      expect(withNewKey.status).toBe(200);

      const revoked = await call<{ apiKey: ApiKey }>(
        target,
        "DELETE",
        `/v1/companies/${company.id}/api-keys/${created.body.apiKey.id}`,
        { token: company.apiKey },
      );
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.body.apiKey.revokedAt).not.toBeNull();
      expectError(await call(target, "GET", `/v1/companies/${company.id}`, { token: created.body.key }), 401, "unauthorized");

      const again = await call<{ apiKey: ApiKey }>(
        target,
        "DELETE",
        `/v1/companies/${company.id}/api-keys/${created.body.apiKey.id}`,
        { token: company.apiKey },
      );
      expect(again.status).toBe(200);
      expect(again.body.apiKey.revokedAt).toBe(revoked.body.apiKey.revokedAt);
    });

    it("creates a key without a body", async () => {
      const company = await createCompany(target);
      const created = await call<{ apiKey: ApiKey }>(target, "POST", `/v1/companies/${company.id}/api-keys`, {
        token: company.apiKey,
      });
      expect(created.status, created.text).toBe(201);
      expect(created.body.apiKey.label).toBeNull();
    });

    it("never loses the last active key to two revocations racing each other", async () => {
      for (let round = 0; round < 5; round++) {
        const company = await createCompany(target);
        const second = await call<{ apiKey: ApiKey; key: string }>(target, "POST", `/v1/companies/${company.id}/api-keys`, {
          token: company.apiKey,
        });
        const keys = await call<{ data: ApiKey[] }>(target, "GET", `/v1/companies/${company.id}/api-keys`, {
          token: company.apiKey,
        });
        const [firstId, secondId] = keys.body.data.map((key) => key.id);
        const outcomes = await Promise.all([
          call(target, "DELETE", `/v1/companies/${company.id}/api-keys/${secondId ?? ""}`, { token: company.apiKey }),
          call(target, "DELETE", `/v1/companies/${company.id}/api-keys/${firstId ?? ""}`, { token: second.body.key }),
        ]);
        // One wins. The other either lost the race inside the update (409), or
        // arrived after the winner had already revoked its own key (401).
        const statuses = outcomes.map((outcome) => outcome.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        expect([401, 409]).toContain(statuses.find((status) => status !== 200));
        const after = await call<{ data: ApiKey[] }>(target, "GET", `/v1/companies/${company.id}/api-keys`, {
          token: target.adminToken,
        });
        expect(after.body.data.filter((key) => key.revokedAt === null)).toHaveLength(1);
      }
    });

    it("will not let a company lock itself out, but the admin may revoke its last key", async () => {
      const company = await createCompany(target);
      const keys = await call<{ data: ApiKey[] }>(target, "GET", `/v1/companies/${company.id}/api-keys`, {
        token: company.apiKey,
      });
      const onlyKeyId = keys.body.data[0]?.id ?? "";
      const path = `/v1/companies/${company.id}/api-keys/${onlyKeyId}`;
      expectError(await call(target, "DELETE", path, { token: company.apiKey }), 409, "last_active_key");
      expect((await call(target, "GET", `/v1/companies/${company.id}`, { token: company.apiKey })).status).toBe(200);

      expect((await call(target, "DELETE", path, { token: target.adminToken })).status).toBe(200);
      expectError(await call(target, "GET", `/v1/companies/${company.id}`, { token: company.apiKey }), 401, "unauthorized");
    });
  });

  describe("authentication", () => {
    it.each([
      ["no Authorization header", undefined],
      ["a wrong key", "bk_thisKeyDoesNotExistAnywhere000000000000000"],
      ["a token that is not a key", "hello"],
    ])("answers 401 to %s", async (_, token) => {
      const company = await createCompany(target);
      expectError(await call(target, "GET", `/v1/companies/${company.id}`, { token }), 401, "unauthorized");
      expectError(
        await call(target, "POST", "/v1/companies", { token, json: { name: "x", industry: "retail" } }),
        401,
        "unauthorized",
      );
    });

    it("answers 401 to a non-bearer scheme", async () => {
      const company = await createCompany(target);
      const response = await call(target, "GET", `/v1/companies/${company.id}`, {
        headers: { authorization: `Basic ${company.apiKey}` },
      });
      expectError(response, 401, "unauthorized");
    });

    it("lets the admin token reach any company", async () => {
      const company = await createCompany(target);
      const response = await call(target, "GET", `/v1/companies/${company.id}/accounts`, { token: target.adminToken });
      expect(response.status).toBe(200);
    });
  });

  describe("tenant isolation: company A's key against company B", () => {
    let companyA: CreatedCompany;
    let companyB: CreatedCompany;
    let bankAccountB: BankAccount;
    let apiKeyIdB: string;
    let transactionIdB: string;

    beforeAll(async () => {
      companyA = await createCompany(target, "retail", "Tenant A");
      companyB = await createCompany(target, "services", "Tenant B");
      bankAccountB = (await addBankAccount(companyB, { name: "B Checking", kind: "checking" })).body.bankAccount;
      const keysB = await call<{ data: ApiKey[] }>(target, "GET", `/v1/companies/${companyB.id}/api-keys`, {
        token: companyB.apiKey,
      });
      apiKeyIdB = keysB.body.data[0]?.id ?? "";
      await addBankAccount(companyA, { name: "A Checking", kind: "checking" });
      const imported = await call(target, "POST", `/v1/companies/${companyB.id}/bank-accounts/${bankAccountB.id}/imports`, {
        token: companyB.apiKey,
        body: "Date,Description,Amount\n2025-03-03,CORNER HARDWARE,-42.00\n",
        headers: { "content-type": "text/csv" },
      });
      expect(imported.status, imported.text).toBe(201);
      const listedB = await call<{ data: { id: string }[] }>(target, "GET", `/v1/companies/${companyB.id}/transactions`, { token: companyB.apiKey });
      transactionIdB = listedB.body.data[0]?.id ?? "";
    });

    const routes = (): [string, string, unknown][] => [
      ["GET", `/v1/companies/${companyB.id}`, undefined],
      ["GET", `/v1/companies/${companyB.id}/accounts`, undefined],
      ["GET", `/v1/companies/${companyB.id}/bank-accounts`, undefined],
      ["GET", `/v1/companies/${companyB.id}/bank-accounts/${bankAccountB.id}`, undefined],
      ["POST", `/v1/companies/${companyB.id}/bank-accounts`, { name: "Planted", kind: "checking" }],
      ["GET", `/v1/companies/${companyB.id}/api-keys`, undefined],
      ["POST", `/v1/companies/${companyB.id}/api-keys`, { label: "stolen" }],
      ["DELETE", `/v1/companies/${companyB.id}/api-keys/${apiKeyIdB}`, undefined],
      ["PATCH", `/v1/companies/${companyB.id}`, { confidenceThreshold: 0.5 }],
      ["GET", `/v1/companies/${companyB.id}/transactions`, undefined],
      ["POST", `/v1/companies/${companyB.id}/transactions/corrections`, [{ transactionId: transactionIdB, accountCode: "6100" }]],
      // A's own company in the path, B's child ids after it.
      ["GET", `/v1/companies/${companyA.id}/bank-accounts/${bankAccountB.id}`, undefined],
      ["DELETE", `/v1/companies/${companyA.id}/api-keys/${apiKeyIdB}`, undefined],
      ["GET", `/v1/companies/${companyA.id}/transactions/${transactionIdB}`, undefined],
      ["PATCH", `/v1/companies/${companyA.id}/transactions/${transactionIdB}`, { accountCode: "6100" }],
      ["POST", `/v1/companies/${companyA.id}/transactions/corrections`, [{ transactionId: transactionIdB, accountCode: "6100" }]],
      ["POST", `/v1/companies/${companyA.id}/transactions/${transactionIdB}/accept`, undefined],
      ["POST", `/v1/companies/${companyA.id}/transactions/${transactionIdB}/unpair`, undefined],
    ];

    it("answers 404 on every company route, as if B did not exist, and changes nothing of B's", async () => {
      const snapshot = async () => ({
        company: (await call(target, "GET", `/v1/companies/${companyB.id}`, { token: companyB.apiKey })).text,
        accounts: (await call(target, "GET", `/v1/companies/${companyB.id}/accounts`, { token: companyB.apiKey })).text,
        bankAccounts: (await call(target, "GET", `/v1/companies/${companyB.id}/bank-accounts`, { token: companyB.apiKey }))
          .text,
        apiKeys: (await call(target, "GET", `/v1/companies/${companyB.id}/api-keys`, { token: companyB.apiKey })).text,
        transactions: (await call(target, "GET", `/v1/companies/${companyB.id}/transactions`, { token: companyB.apiKey })).text,
      });
      const before = await snapshot();
      const unknownCompany = await call(target, "GET", "/v1/companies/00000000-0000-4000-8000-000000000000", {
        token: companyA.apiKey,
      });
      const unknownBody = expectError(unknownCompany, 404, "not_found");
      // A bulk request names the items it could not find, B's exactly as ids that never existed.
      const bulkPath = `/v1/companies/${companyA.id}/transactions/corrections`;
      const unknownItems = expectError(await call(target, "POST", bulkPath, { token: companyA.apiKey, json: [{ transactionId: "00000000-0000-4000-8000-000000000000", accountCode: "6100" }] }), 404, "not_found");

      for (const [method, path, json] of routes()) {
        const response = await call(target, method, path, { token: companyA.apiKey, json });
        const body = expectError(response, 404, "not_found");
        expect(Object.keys(body.error)).toEqual(Object.keys((path === bulkPath ? unknownItems : unknownBody).error));
      }
      expect(await snapshot()).toEqual(before);
      expect((await call(target, "GET", `/v1/companies/${companyB.id}`, { token: companyB.apiKey })).status).toBe(200);
    });
  });

  describe("bad input: the envelope, the right status, and nothing stored changes", () => {
    let company: CreatedCompany;
    const post = (path: string, options: Parameters<typeof call>[3]) =>
      call(target, "POST", path, { token: company.apiKey, ...options });

    beforeAll(async () => {
      company = await createCompany(target);
      await addBankAccount(company, { name: "Existing", kind: "checking" });
    });

    it("400 for malformed JSON", async () => {
      for (const body of ['{"name": "x"', "{name: 'x'}", "", "[1,"]) {
        const response = await post(`/v1/companies/${company.id}/bank-accounts`, {
          body,
          headers: { "content-type": "application/json" },
        });
        expectError(response, 400, "malformed_json");
      }
    });

    it.each([
      [{ kind: "checking" }, "name"],
      [{ name: "", kind: "checking" }, "name"],
      [{ name: "x".repeat(201), kind: "checking" }, "name"],
      [{ name: "Card", kind: "debit" }, "kind"],
      [{ name: "Card", kind: "checking", currency: "usd" }, "currency"],
      [{ name: "Card", kind: "checking", color: "blue" }, "color"],
      [{ name: "Card", kind: "checking", csv: { delimiter: "#" } }, "csv.delimiter"],
      [{ name: "Card", kind: "checking", csv: { signConvention: "sideways" } }, "csv.signConvention"],
      [{ name: "Card", kind: "checking", csv: { dateFormat: "YYYYMMDD" } }, "csv.dateFormat"],
      [{ name: "Card", kind: "checking", csv: { columns: { date: -1 } } }, "csv.columns.date"],
      [{ name: "Card", kind: "checking", csv: { columns: { when: "Date" } } }, "csv.columns"],
      [["not", "an", "object"], "(body)"],
      [{ name: "Nul\u0000Co", kind: "checking" }, "name"],
      [{ name: "Tab\there", kind: "checking" }, "name"],
      [{ name: "Lone \ud800 surrogate", kind: "checking" }, "name"],
      [{ name: "   ", kind: "checking" }, "name"],
    ])("422 naming the field for bank account %j", async (json, field) => {
      const response = await post(`/v1/companies/${company.id}/bank-accounts`, { json });
      const body = expectError(response, 422, "validation_failed");
      expect(body.error.message).toContain(field);
    });

    it.each([
      [{ industry: "retail" }, "name"],
      [{ name: "X", industry: "mining" }, "industry"],
      [{ name: "X", industry: "retail", currency: "DOLLARS" }, "currency"],
      [{ name: 42, industry: "retail" }, "name"],
    ])("422 naming the field for company %j", async (json, field) => {
      const response = await call(target, "POST", "/v1/companies", { token: target.adminToken, json });
      const body = expectError(response, 422, "validation_failed");
      expect(body.error.message).toContain(field);
    });

    it("413 for a body over the limit, by Content-Length and when streamed", async () => {
      const oversized = JSON.stringify({ name: "x".repeat(1_100_000), kind: "checking" });
      const declared = await post(`/v1/companies/${company.id}/bank-accounts`, {
        body: oversized,
        headers: { "content-type": "application/json" },
      });
      expectError(declared, 413, "payload_too_large");

      const encoded = new TextEncoder().encode(oversized);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < encoded.length; offset += 64 * 1024) {
            controller.enqueue(encoded.slice(offset, offset + 64 * 1024));
          }
          controller.close();
        },
      });
      const streamed = await target.fetch(`/v1/companies/${company.id}/bank-accounts`, {
        method: "POST",
        headers: { authorization: `Bearer ${company.apiKey}`, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(streamed.status).toBe(413);
      const streamedBody: { error: { code: string } } = await streamed.json();
      expect(streamedBody.error.code).toBe("payload_too_large");
    });

    it("415 for a body that is not JSON", async () => {
      for (const contentType of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "text/csv",
        "application/json; charset=latin1",
        "application/vnd.api2+json",
        "application/json;",
      ]) {
        const response = await post(`/v1/companies/${company.id}/bank-accounts`, {
          body: "name=x&kind=checking",
          headers: { "content-type": contentType },
        });
        expectError(response, 415, "unsupported_media_type");
      }
    });

    it("404 for ids of any length or shape that name nothing, quoting at most a short piece of them", async () => {
      for (const id of ["x".repeat(5000), "%00", "..", "caf%C3%A9", "%E2%80%AE"]) {
        for (const path of [
          `/v1/companies/${id}`,
          `/v1/companies/${company.id}/bank-accounts/${id}`,
          `/v1/companies/${company.id}/api-keys/${id}`,
        ]) {
          const method = path.includes("api-keys") ? "DELETE" : "GET";
          const response = await call(target, method, path, { token: company.apiKey });
          const body = expectError(response, 404, "not_found");
          expect(body.error.message.length).toBeLessThan(200);
        }
      }
    });

    it("415 for a compressed body, which this API does not inflate", async () => {
      const response = await post(`/v1/companies/${company.id}/bank-accounts`, {
        body: JSON.stringify({ name: "Zipped", kind: "checking" }),
        headers: { "content-type": "application/json", "content-encoding": "gzip" },
      });
      expectError(response, 415, "unsupported_media_type");
    });

    it("accepts the JSON media types it advertises", async () => {
      for (const [index, contentType] of [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        "application/vnd.api+json",
      ].entries()) {
        const response = await post(`/v1/companies/${company.id}/bank-accounts`, {
          body: JSON.stringify({ name: `Typed ${index}`, kind: "checking" }),
          headers: { "content-type": contentType },
        });
        expect(response.status, `${contentType}: ${response.text}`).toBe(201);
      }
    });

    it("404 for an unknown route or method", async () => {
      expectError(await call(target, "GET", "/v2/anything"), 404, "not_found");
      expectError(await call(target, "GET", "/v1/companies/x/nothing-here", { token: company.apiKey }), 404, "not_found");
      expectError(await call(target, "PUT", `/v1/companies/${company.id}`, { token: company.apiKey, json: {} }), 404, "not_found");
    });

    it("leaves the company's books exactly as they were", async () => {
      const bankAccounts = await listBankAccounts(company);
      expect(bankAccounts.map((bankAccount) => bankAccount.name)).toEqual(["Existing", "Typed 0", "Typed 1", "Typed 2", "Typed 3"]);
      const accounts = await listAccounts(company);
      const bankLedgerNames = accounts.filter((account) => account.subtype === "bank").map((account) => account.name);
      expect(bankLedgerNames).toEqual(["Existing", "Typed 0", "Typed 1", "Typed 2", "Typed 3", "Savings"]);
    });
  });
}
