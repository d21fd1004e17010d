/**
 * What the database itself guarantees, checked by writing around the services,
 * on whichever host supplies the Database.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { isCodeRangeExhausted } from "../../src/db/errors.ts";
import { insertAccountAtFreeCode, insertAccounts, type AccountRow } from "../../src/db/queries/accounts.ts";
import { insertBankAccount } from "../../src/db/queries/bank-accounts.ts";
import { insertCompany } from "../../src/db/queries/companies.ts";
import { accounts } from "../../src/db/schema.ts";
import { StatementLimitError } from "../../src/db/statement-limits.ts";
import { chartOfAccounts, type Industry } from "../../src/ledger/chart-of-accounts.ts";

async function seedCompany(db: Database, industry: Industry = "retail"): Promise<{ companyId: string; chart: AccountRow[] }> {
  const companyId = crypto.randomUUID();
  const createdAt = new Date().toISOString();
  const chart = chartOfAccounts(industry).map((account) => ({ id: crypto.randomUUID(), companyId, ...account, createdAt }));
  await db.batch([
    insertCompany(db.orm, { id: companyId, name: "Invariant Co", industry, currency: "USD", createdAt }),
    ...insertAccounts(db.orm, chart),
  ]);
  return { companyId, chart };
}

/** Drivers wrap SQLite's refusal; what matters is that one of the causes is it. */
async function expectRefusal(work: Promise<unknown>, refusal: RegExp | (new (...args: never[]) => Error)): Promise<void> {
  const error: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 5; current = current.cause) chain.push(current);
  expect(chain.length, "the statement was accepted").toBeGreaterThan(0);
  const matches = chain.some((link) =>
    refusal instanceof RegExp ? refusal.test(link.message) : link instanceof refusal,
  );
  expect(matches, chain.map((link) => `${link.name}: ${link.message}`).join(" <- ")).toBe(true);
}

export function describeDatabaseInvariants(getDatabase: () => Database): void {
  describe("D1 statement limits", () => {
    it("accepts 100 bound parameters and refuses 101 before sending", async () => {
      const db = getDatabase();
      const values = (count: number) => sql.join(Array.from({ length: count }, (_, index) => sql`${index}`), sql`, `);
      const rows = await db.orm.all<{ total: number }>(sql`select count(*) as total from (select ${values(100)})`);
      expect(rows[0]?.total).toBe(1);
      await expectRefusal(
        db.orm.all(sql`select ${values(101)}`),
        StatementLimitError,
      );
    });

    it("refuses a statement over 100,000 bytes", async () => {
      const db = getDatabase();
      const longComment = sql.raw(`/* ${"é".repeat(50_000)} */ select 1`);
      await expectRefusal(
        db.orm.all(longComment),
        StatementLimitError,
      );
    });

    it("would refuse a whole chart in one INSERT; the chunked insert the app uses passes", async () => {
      const db = getDatabase();
      const { chart } = await seedCompany(db);
      expect(chart.length * Object.keys(chart[0] ?? {}).length).toBeGreaterThan(100);
      const copy = chart.map((account) => ({ ...account, id: crypto.randomUUID(), code: `9${account.code}` }));
      await expectRefusal(
        db.orm.insert(accounts).values(copy),
        StatementLimitError,
      );
      const stored = await db.orm.all<{ total: number }>(
        sql`select count(*) as total from accounts where company_id = ${chart[0]?.companyId ?? ""}`,
      );
      expect(stored[0]?.total).toBe(chart.length);
    });
  });

  describe("ledger codes allocated inside the insert", () => {
    const newAccount = (companyId: string) => ({
      id: crypto.randomUUID(),
      companyId,
      name: "Allocated",
      type: "asset" as const,
      subtype: "bank" as const,
      createdAt: new Date().toISOString(),
    });
    const ranges = [
      { first: 7001, last: 7003 },
      { first: 7010, last: 7011 },
    ];

    it("takes the lowest free codes of the ranges in order, skipping the gap, and never the same one twice under concurrency", async () => {
      const db = getDatabase();
      const { companyId } = await seedCompany(db);
      await Promise.all(Array.from({ length: 5 }, () => db.batch([insertAccountAtFreeCode(db.orm, newAccount(companyId), ranges)])));
      const rows = await db.orm.all<{ code: string }>(
        sql`select code from accounts where company_id = ${companyId} and code like '70%' order by code`,
      );
      expect(rows.map((row) => row.code)).toEqual(["7001", "7002", "7003", "7010", "7011"]);
    });

    it("refuses, recognisably, once every code in the ranges is taken", async () => {
      const db = getDatabase();
      const { companyId } = await seedCompany(db);
      const single = [{ first: 7001, last: 7001 }];
      await db.batch([insertAccountAtFreeCode(db.orm, newAccount(companyId), single)]);
      const refusal: unknown = await db.batch([insertAccountAtFreeCode(db.orm, newAccount(companyId), single)]).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isCodeRangeExhausted(refusal)).toBe(true);
    });
  });

  describe("tenant integrity enforced by the database", () => {
    it("refuses a bank account linked to another company's ledger account", async () => {
      const db = getDatabase();
      const mine = await seedCompany(db);
      const theirs = await seedCompany(db, "services");
      const theirChecking = theirs.chart.find((account) => account.code === "1010");
      await expectRefusal(
        db.batch([
          insertBankAccount(db.orm, {
            id: crypto.randomUUID(),
            companyId: mine.companyId,
            name: "Cross-tenant",
            kind: "checking",
            currency: "USD",
            ledgerAccountId: theirChecking?.id ?? "",
            csvSettings: null,
            createdAt: new Date().toISOString(),
          }),
        ]),
        /FOREIGN KEY/i,
      );
    });

    it("refuses an account type or industry outside the closed sets", async () => {
      const db = getDatabase();
      const { companyId } = await seedCompany(db);
      await expectRefusal(
        db.orm.run(
          sql`insert into accounts (id, company_id, code, name, type, subtype, created_at) values (${crypto.randomUUID()}, ${companyId}, '7000', 'Odd', 'mystery', 'bank', '2026-01-01')`,
        ),
        /CHECK/i,
      );
      await expectRefusal(
        db.orm.run(
          sql`insert into companies (id, name, industry, currency, created_at) values (${crypto.randomUUID()}, 'X', 'mining', 'USD', '2026-01-01')`,
        ),
        /CHECK/i,
      );
    });

    it("rolls a failed batch back whole", async () => {
      const db = getDatabase();
      const companyId = crypto.randomUUID();
      const createdAt = new Date().toISOString();
      await expectRefusal(
        db.batch([
          insertCompany(db.orm, { id: companyId, name: "Half", industry: "retail", currency: "USD", createdAt }),
          insertCompany(db.orm, { id: companyId, name: "Duplicate id", industry: "retail", currency: "USD", createdAt }),
        ]),
        /UNIQUE constraint failed/i,
      );
      const rows = await db.orm.all<{ total: number }>(sql`select count(*) as total from companies where id = ${companyId}`);
      expect(rows[0]?.total).toBe(0);
    });
  });
}
