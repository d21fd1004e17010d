/**
 * Report sums are kept per last entry number (src/ledger/sums.ts): read
 * twice over an unchanged journal, SQLite sums once; after any entry lands,
 * even one dated earlier than everything kept, the sums are read afresh and
 * equal a direct sum.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createBankAccount } from "../../src/bank-accounts/service.ts";
import { defaultTiers } from "../../src/categorize/tiers.ts";
import { createCompany } from "../../src/companies/service.ts";
import { openLibsql } from "../../src/db/libsql.ts";
import { LocalSqliteClient } from "../../src/db/local-sqlite.ts";
import { migrateLibsql } from "../../src/db/migrate.ts";
import { sumsByAccount } from "../../src/db/queries/journal.ts";
import { importFile } from "../../src/ingest/service.ts";
import { journalSums } from "../../src/ledger/sums.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-sums-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const statement = (rows: string[]): Uint8Array => new TextEncoder().encode(["Date,Description,Amount", ...rows, ""].join("\n"));

describe("journalSums", () => {
  it("sums once per journal, and afresh after an entry lands", async () => {
    const connection = await openLibsql(`file:${join(folder, "books.db")}`);
    await migrateLibsql(connection.client);
    const db = connection.database;
    const { company } = await createCompany(db, { name: "Sums Co", industry: "retail", currency: "USD" }, new Date());
    const bankAccount = await createBankAccount(db, company, { name: "Checking", kind: "checking" }, new Date());
    const context = { db, tiers: defaultTiers(), company, strict: false, idempotencyKey: undefined, now: new Date() };
    await importFile(context, bankAccount, { filename: "march.csv", bytes: statement(["2025-03-02,COFFEE ROASTERS 1,-12.50", "2025-03-05,CLIENT DEPOSIT,900.00"]) });

    const execute = vi.spyOn(LocalSqliteClient.prototype, "execute");
    const sqlOf = (statement: unknown): string => (typeof statement === "string" ? statement : (statement as { sql: string }).sql);
    const sumQueries = (): number => execute.mock.calls.filter(([statement]) => sqlOf(statement).includes('sum("amount_minor")')).length;
    const first = await journalSums(db, company.id, undefined, "2025-12-31");
    expect(first).toEqual(await sumsByAccount(db.orm, company.id, undefined, "2025-12-31"));
    const queriesAfterFirst = sumQueries();
    expect(await journalSums(db, company.id, undefined, "2025-12-31")).toEqual(first);
    expect(sumQueries()).toBe(queriesAfterFirst);

    // An earlier month, imported later: the kept sums no longer hold.
    await importFile({ ...context, now: new Date() }, bankAccount, { filename: "january.csv", bytes: statement(["2025-01-10,OFFICE SUPPLY STORE,-40.00"]) });
    const after = await journalSums(db, company.id, undefined, "2025-12-31");
    expect(sumQueries()).toBeGreaterThan(queriesAfterFirst);
    expect(after).toEqual(await sumsByAccount(db.orm, company.id, undefined, "2025-12-31"));
    expect(after).not.toEqual(first);
    connection.close();
  });
});
