/**
 * The race the optimistic writes are built for, made to happen every time:
 * another import commits between this import's reads and its batch. The
 * batch is refused whole, the import reads again, and the books hold each
 * row once, entry numbers without a gap.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createBankAccount } from "../../src/bank-accounts/service.ts";
import { defaultTiers } from "../../src/categorize/tiers.ts";
import { createCompany } from "../../src/companies/service.ts";
import type { Database } from "../../src/db/database.ts";
import { openLibsql } from "../../src/db/libsql.ts";
import { migrateLibsql } from "../../src/db/migrate.ts";
import { listEntries } from "../../src/db/queries/journal.ts";
import { listTransactions } from "../../src/db/queries/transactions.ts";
import { importFile } from "../../src/ingest/service.ts";
import { getTrialBalance } from "../../src/ledger/service.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-race-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const file = (rows: string[]) => ({ filename: null, bytes: new TextEncoder().encode(`Date,Description,Amount\n${rows.join("\n")}\n`) });

describe("an import that loses the race to another", () => {
  it("is refused whole, reads again and inserts only what the winner did not", async () => {
    const connection = await openLibsql(`file:${join(folder, "books.db")}`);
    await migrateLibsql(connection.client);
    const { company } = await createCompany(connection.database, { name: "Racer", industry: "retail", currency: "USD" }, new Date());
    const checking = await createBankAccount(connection.database, company, { name: "Checking", kind: "checking" }, new Date());
    const context = (db: Database) => ({ db, tiers: defaultTiers(), company, strict: false, idempotencyKey: undefined, now: new Date() });

    // The winner's file shares two rows with the loser's.
    const winner = file(["2025-03-01,SHARED ONE,-10.00", "2025-03-02,SHARED TWO,-20.00", "2025-03-03,WINNER ONLY,-30.00"]);
    const loser = file(["2025-03-01,SHARED ONE,-10.00", "2025-03-02,SHARED TWO,-20.00", "2025-03-04,LOSER ONLY,-40.00"]);
    let batches = 0;
    const racing: Database = {
      orm: connection.database.orm,
      async batch(statements) {
        batches += 1;
        // Just before the loser's first batch, the winner's import runs and commits.
        if (batches === 1) await importFile(context(connection.database), checking, winner);
        return connection.database.batch(statements);
      },
    };
    const outcome = await importFile(context(racing), checking, loser);
    expect(batches).toBe(2);
    expect(outcome.report.rows).toMatchObject({ inserted: 1, duplicate: 2 });

    const rows = await listTransactions(connection.database.orm, { companyId: company.id, limit: 100 });
    expect(rows.map((row) => row.description).sort()).toEqual(["LOSER ONLY", "SHARED ONE", "SHARED TWO", "WINNER ONLY"]);
    const numbers = (await listEntries(connection.database.orm, company.id, undefined, undefined, undefined, 100)).map((entry) => entry.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4]);
    expect((await getTrialBalance(connection.database, company.id, "2025-12-31")).balanced).toBe(true);
    connection.close();
  });
});
