/**
 * Books from before migrations 0002 and 0003. 0002 shortened fingerprints to
 * 128 bits: a file imported again after the upgrade must still find its rows
 * and add nothing. 0003 brought the journal: transactions imported before it
 * are posted to the suspense account, for review, and the books balance.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultTiers } from "../../src/categorize/tiers.ts";
import { findBankAccount } from "../../src/db/queries/bank-accounts.ts";
import { findCompany } from "../../src/db/queries/companies.ts";
import { migrateLibsql } from "../../src/db/migrate.ts";
import { booksBefore } from "../db/books-before.ts";
import { sha256Hex } from "../../src/shared/crypto.ts";
import { importFile } from "../../src/ingest/service.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-fingerprint-migration-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("migrations 0002 (128-bit fingerprints) and 0003 (the journal)", () => {
  it("keeps old fingerprints matching a re-import, and posts old transactions to suspense for review", async () => {
    const connection = await booksBefore(folder, "0002");
    // The rows creating a company and a bank account wrote then (the code of today writes rules, which did not exist).
    const company = { id: "old-company" };
    const at = "2025-04-01T00:00:00.000Z";
    await connection.client.batch([
      { sql: "insert into companies values ('old-company', 'Old Books', 'retail', 'USD', ?)", args: [at] },
      { sql: "insert into accounts values ('acct-checking', 'old-company', '1010', 'Checking', 'asset', 'bank', ?)", args: [at] },
      { sql: "insert into accounts values ('acct-suspense', 'old-company', '6999', 'Uncategorized', 'expense', 'suspense', ?)", args: [at] },
      { sql: "insert into bank_accounts values ('old-checking', 'old-company', 'Checking', 'checking', 'USD', 'acct-checking', null, ?)", args: [at] },
    ]);
    const account = { id: "old-checking" };

    // What the importer stored before 0002: the whole SHA-256 of the row's identity.
    const fullFingerprint = sha256Hex(`${account.id}\u001f2025-03-14\u001f-450\u001fSQ *BLUE OAK COFFEE\u001f0`);
    expect(fullFingerprint).toHaveLength(64);
    await connection.client.execute({
      sql: "insert into imports values ('old-import', ?, ?, 'march.csv', 'old-hash', null, 'imported', '{}', 1, 1, 0, 0, 0, '2025-04-01T00:00:00.000Z')",
      args: [company.id, account.id],
    });
    await connection.client.execute({
      sql: "insert into transactions values ('old-row', ?, ?, 'old-import', 2, '2025-03-14', -450, 'USD', 'SQ *BLUE OAK COFFEE', 'Blue Oak Coffee', ?, 'pending', '2025-04-01T00:00:00.000Z')",
      args: [company.id, account.id, fullFingerprint],
    });

    expect((await migrateLibsql(connection.client)).slice(0, 2)).toEqual(["0002_fingerprint_128.sql", "0003_books.sql"]);
    const posted = await connection.client.execute(
      "select t.status, t.category_source, t.entry_number, l.account_id, l.amount_minor from transactions t join journal_lines l on l.company_id = t.company_id and l.entry_number = t.entry_number where t.id = 'old-row' order by l.line_number",
    );
    expect(posted.rows.map((row) => [row.status, row.category_source, row.entry_number, row.account_id, row.amount_minor])).toEqual([
      ["review", "none", 1, "acct-checking", -450],
      ["review", "none", 1, "acct-suspense", 450],
    ]);
    const bankAccount = await findBankAccount(connection.database.orm, company.id, account.id);
    const stillThere = await findCompany(connection.database.orm, company.id);
    if (!bankAccount || !stillThere) throw new Error("the old company or bank account is missing");
    const context = { db: connection.database, tiers: defaultTiers(), company: stillThere, strict: false, idempotencyKey: undefined, now: new Date() };
    const again = await importFile(context, bankAccount, {
      filename: "march-again.csv",
      bytes: new TextEncoder().encode("Date,Description,Amount\n2025-03-14,SQ *BLUE OAK COFFEE,-4.50\n2025-03-15,Kroger,-12.00\n"),
    });
    expect(again.report.rows).toMatchObject({ inserted: 1, duplicate: 1 });
    const stored = await connection.client.execute("select fingerprint from transactions where id = 'old-row'");
    expect(stored.rows[0]?.fingerprint).toBe(fullFingerprint.slice(0, 32));
    const balance = await connection.client.execute("select count(*) as lines, sum(amount_minor) as total from journal_lines where company_id = 'old-company'");
    expect(balance.rows[0]).toMatchObject({ lines: 4, total: 0 });
    connection.close();
  });
});
