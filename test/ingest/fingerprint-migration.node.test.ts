/**
 * Migration 0002 shortened fingerprints to 128 bits. Books imported before it
 * hold full-length ones; a file imported again after the upgrade must still
 * find its rows there and add nothing.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createBankAccount } from "../../src/bank-accounts/service.ts";
import { createCompany } from "../../src/companies/service.ts";
import { openLibsql } from "../../src/db/libsql.ts";
import { defaultMigrationsDir, listMigrationFiles, migrateLibsql } from "../../src/db/migrate.ts";
import { sha256Hex } from "../../src/shared/crypto.ts";
import { importFile } from "../../src/ingest/service.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-fingerprint-migration-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("migration 0002 (128-bit fingerprints)", () => {
  it("keeps rows stored with full-length fingerprints matching a re-import", async () => {
    const before = join(folder, "migrations-before");
    mkdirSync(before);
    for (const file of await listMigrationFiles(defaultMigrationsDir)) {
      if (file < "0002") copyFileSync(join(defaultMigrationsDir, file), join(before, file));
    }
    const connection = await openLibsql(`file:${join(folder, "books.db")}`);
    await migrateLibsql(connection.client, before);
    const { company } = await createCompany(connection.database, { name: "Old Books", industry: "retail", currency: "USD" }, new Date());
    const account = await createBankAccount(connection.database, company, { name: "Checking", kind: "checking" }, new Date());

    // What the importer stored before 0002: the whole SHA-256 of the row's identity.
    const fullFingerprint = await sha256Hex(`${account.id}\u001f2025-03-14\u001f-450\u001fSQ *BLUE OAK COFFEE\u001f0`);
    expect(fullFingerprint).toHaveLength(64);
    await connection.client.execute({
      sql: "insert into imports values ('old-import', ?, ?, 'march.csv', 'old-hash', null, 'imported', '{}', 1, 1, 0, 0, 0, '2025-04-01T00:00:00.000Z')",
      args: [company.id, account.id],
    });
    await connection.client.execute({
      sql: "insert into transactions values ('old-row', ?, ?, 'old-import', 2, '2025-03-14', -450, 'USD', 'SQ *BLUE OAK COFFEE', 'Blue Oak Coffee', ?, 'pending', '2025-04-01T00:00:00.000Z')",
      args: [company.id, account.id, fullFingerprint],
    });

    expect(await migrateLibsql(connection.client)).toEqual(["0002_fingerprint_128.sql"]);
    const again = await importFile(
      connection.database,
      account,
      { filename: "march-again.csv", bytes: new TextEncoder().encode("Date,Description,Amount\n2025-03-14,SQ *BLUE OAK COFFEE,-4.50\n2025-03-15,Kroger,-12.00\n") },
      { strict: false, idempotencyKey: undefined, now: new Date() },
    );
    expect(again.report.rows).toMatchObject({ inserted: 1, duplicate: 1 });
    const stored = await connection.client.execute("select fingerprint from transactions where id = 'old-row'");
    expect(stored.rows[0]?.fingerprint).toBe(fullFingerprint.slice(0, 32));
    connection.close();
  });
});
