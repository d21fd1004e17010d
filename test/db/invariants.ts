/**
 * What the database itself guarantees, checked by writing around the services,
 * on whichever host supplies the Database.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.ts";
import { ConstraintViolation } from "../../src/db/errors.ts";
import { insertAccountAtFreeCode, insertAccounts, type AccountRow } from "../../src/db/queries/accounts.ts";
import { insertBankAccount } from "../../src/db/queries/bank-accounts.ts";
import { insertCompany } from "../../src/db/queries/companies.ts";
import { insertEntries, type EntryRow, type LineRow } from "../../src/db/queries/journal.ts";
import { accounts, journalEntries, journalLines } from "../../src/db/schema.ts";
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

/** Two accounts of a seeded chart to post between: Operating Checking and Rent. */
function checkingAndRent(chart: readonly AccountRow[]): { checking: string; rent: string } {
  const idOf = (code: string): string => {
    const found = chart.find((account) => account.code === code);
    if (!found) throw new Error(`the seeded chart has no account ${code}`);
    return found.id;
  };
  return { checking: idOf("1010"), rent: idOf("6100") };
}

const entryDate = "2026-01-15";

function entryRow(companyId: string, number: number, overrides: Partial<EntryRow> = {}): EntryRow {
  return {
    companyId,
    number,
    entryDate,
    description: "Written around the services",
    kind: "transaction",
    transactionId: null,
    transferTransactionId: null,
    reversesNumber: null,
    source: "manual",
    evidence: null,
    confidence: 1,
    reason: "invariant test",
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Lines with explicit numbers and dates, for the shapes the ledger would never build. */
const rawLines = (db: Database, rows: LineRow[]) => db.orm.insert(journalLines).values(rows);

/** The lines of one entry, numbered in order, all on one date. */
const linesOf = (db: Database, companyId: string, entryNumber: number, date: string, lines: readonly { accountId: string; amountMinor: number }[]) =>
  rawLines(
    db,
    lines.map((line, index) => ({ companyId, entryNumber, lineNumber: index + 1, accountId: line.accountId, entryDate: date, amountMinor: line.amountMinor })),
  );

/** An entry row as it is, after its lines. */
const entryOf = (db: Database, row: EntryRow) => db.orm.insert(journalEntries).values(row);

async function storedJournal(db: Database, companyId: string): Promise<{ entries: EntryRow[]; lines: LineRow[] }> {
  const entries = await db.orm.select().from(journalEntries).where(eq(journalEntries.companyId, companyId)).orderBy(asc(journalEntries.number));
  const lines = await db.orm
    .select()
    .from(journalLines)
    .where(eq(journalLines.companyId, companyId))
    .orderBy(asc(journalLines.entryNumber), asc(journalLines.lineNumber));
  return { entries, lines };
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
      expect(refusal).toBeInstanceOf(ConstraintViolation);
      expect((refusal as ConstraintViolation).kind).toBe("code_range_exhausted");
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
            last4: null,
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

  describe("the journal", () => {
    /** A company with entry 1 written the way the service writes it: +500 checking / -500 rent, lines first. */
    async function seedPostedEntry(db: Database) {
      const { companyId, chart } = await seedCompany(db);
      const { checking, rent } = checkingAndRent(chart);
      await db.batch([
        linesOf(db, companyId, 1, entryDate, [
          { accountId: checking, amountMinor: 500 },
          { accountId: rent, amountMinor: -500 },
        ]),
        entryOf(db, entryRow(companyId, 1)),
      ]);
      const before = await storedJournal(db, companyId);
      expect(before.entries).toHaveLength(1);
      expect(before.lines.map((line) => line.amountMinor)).toEqual([500, -500]);
      return { companyId, checking, rent, before };
    }

    it("accepts a balanced entry written lines first, then the entry, in one batch", async () => {
      const db = getDatabase();
      const { companyId, checking, rent } = await seedPostedEntry(db);
      const { entries, lines } = await storedJournal(db, companyId);
      expect(entries.map((entry) => [entry.number, entry.entryDate, entry.kind])).toEqual([[1, entryDate, "transaction"]]);
      expect(lines.map((line) => [line.lineNumber, line.accountId, line.entryDate, line.amountMinor])).toEqual([
        [1, checking, entryDate, 500],
        [2, rent, entryDate, -500],
      ]);
    });

    it("refuses an unbalanced entry and stores nothing of it", async () => {
      const db = getDatabase();
      const { companyId, chart } = await seedCompany(db);
      const { checking, rent } = checkingAndRent(chart);
      await expectRefusal(
        db.batch([
          linesOf(db, companyId, 1, entryDate, [
            { accountId: checking, amountMinor: 500 },
            { accountId: rent, amountMinor: -400 },
          ]),
          entryOf(db, entryRow(companyId, 1)),
        ]),
        /journal_entry_unbalanced/,
      );
      const { entries, lines } = await storedJournal(db, companyId);
      expect(entries).toHaveLength(0);
      expect(lines).toHaveLength(0);
    });

    it("refuses an entry of a single line, and an entry of no lines", async () => {
      const db = getDatabase();
      const { companyId, chart } = await seedCompany(db);
      const { checking } = checkingAndRent(chart);
      await expectRefusal(
        db.batch([linesOf(db, companyId, 1, entryDate, [{ accountId: checking, amountMinor: 500 }]), entryOf(db, entryRow(companyId, 1))]),
        /journal_entry_unbalanced/,
      );
      await expectRefusal(db.batch([entryOf(db, entryRow(companyId, 1))]), /journal_entry_unbalanced/);
      const { entries, lines } = await storedJournal(db, companyId);
      expect(entries).toHaveLength(0);
      expect(lines).toHaveLength(0);
    });

    /*
     * On libSQL the batch's COMMIT fails with SQLite's FOREIGN KEY message. On D1
     * the batch is a savepoint inside the database object's implicit transaction,
     * so the deferred check runs when that object commits, after the batch has
     * returned: workerd resets the object and the caller gets only "internal
     * error" marked durableObjectReset (the FOREIGN KEY message reaches the log
     * alone), and any request in flight beside it fails too. A backstop, then,
     * not a refusal to classify: the services always write the entry.
     */
    it("refuses, at commit, lines whose entry never follows", async () => {
      const db = getDatabase();
      const { companyId, chart } = await seedCompany(db);
      const { checking, rent } = checkingAndRent(chart);
      const orphans = db.batch([
        linesOf(db, companyId, 1, entryDate, [
          { accountId: checking, amountMinor: 500 },
          { accountId: rent, amountMinor: -500 },
        ]),
      ]);
      const refusal: unknown = await orphans.then(
        () => undefined,
        (error: unknown) => error,
      );
      const d1ObjectReset = refusal instanceof Error && (refusal as Error & { durableObjectReset?: unknown }).durableObjectReset === true;
      if (!d1ObjectReset) await expectRefusal(orphans, /FOREIGN KEY constraint failed/i);
      const { entries, lines } = await storedJournal(db, companyId);
      expect(entries).toHaveLength(0);
      expect(lines).toHaveLength(0);
    });

    it("refuses lines added to an entry already written, in a later batch or after it in the same one", async () => {
      const db = getDatabase();
      const { companyId, checking, rent, before } = await seedPostedEntry(db);
      const moreLines: LineRow[] = [
        { companyId, entryNumber: 1, lineNumber: 3, accountId: checking, entryDate, amountMinor: 100 },
        { companyId, entryNumber: 1, lineNumber: 4, accountId: rent, entryDate, amountMinor: -100 },
      ];
      await expectRefusal(db.batch([rawLines(db, moreLines)]), /journal_entry_sealed/);
      expect(await storedJournal(db, companyId)).toEqual(before);

      const secondLines: LineRow[] = [
        { companyId, entryNumber: 2, lineNumber: 1, accountId: checking, entryDate, amountMinor: 700 },
        { companyId, entryNumber: 2, lineNumber: 2, accountId: rent, entryDate, amountMinor: -700 },
      ];
      const lateLines: LineRow[] = [
        { companyId, entryNumber: 2, lineNumber: 3, accountId: checking, entryDate, amountMinor: 100 },
        { companyId, entryNumber: 2, lineNumber: 4, accountId: rent, entryDate, amountMinor: -100 },
      ];
      await expectRefusal(
        db.batch([rawLines(db, secondLines), entryOf(db, entryRow(companyId, 2)), rawLines(db, lateLines)]),
        /journal_entry_sealed/,
      );
      expect(await storedJournal(db, companyId)).toEqual(before);
    });

    it("refuses any UPDATE or DELETE of an entry or a line", async () => {
      const db = getDatabase();
      const { companyId, before } = await seedPostedEntry(db);
      const lineOne = and(eq(journalLines.companyId, companyId), eq(journalLines.entryNumber, 1), eq(journalLines.lineNumber, 1));
      const entryOne = and(eq(journalEntries.companyId, companyId), eq(journalEntries.number, 1));
      const attempts = [
        db.orm.update(journalLines).set({ amountMinor: 900 }).where(lineOne),
        db.orm.update(journalEntries).set({ description: "Rewritten" }).where(entryOne),
        db.orm.delete(journalLines).where(lineOne),
        db.orm.delete(journalEntries).where(entryOne),
      ];
      for (const attempt of attempts) {
        await expectRefusal(db.batch([attempt]), /journal_entry_immutable/);
      }
      // Outside a batch too: a single statement is its own transaction.
      await expectRefusal(db.orm.run(sql`update journal_lines set amount_minor = -amount_minor where company_id = ${companyId}`), /journal_entry_immutable/);
      await expectRefusal(db.orm.run(sql`delete from journal_entries where company_id = ${companyId}`), /journal_entry_immutable/);
      expect(await storedJournal(db, companyId)).toEqual(before);
    });

    it("refuses INSERT OR REPLACE, which deletes without firing a DELETE trigger", async () => {
      const db = getDatabase();
      const { companyId, before } = await seedPostedEntry(db);
      await expectRefusal(
        db.orm.run(sql`insert or replace into journal_entries (company_id, number, entry_date, description, kind, source, confidence, reason, created_at)
                       values (${companyId}, 1, ${entryDate}, 'Rewritten', 'transaction', 'manual', 1, 'edited', 'now')`),
        /journal_entry_immutable/,
      );
      await expectRefusal(
        db.orm.run(sql`insert or replace into journal_lines (company_id, entry_number, line_number, account_id, entry_date, amount_minor)
                       select company_id, entry_number, line_number, account_id, entry_date, amount_minor * 2 from journal_lines where company_id = ${companyId}`),
        /journal_entry_sealed/,
      );
      expect(await storedJournal(db, companyId)).toEqual(before);
    });

    it("refuses an entry whose lines are dated otherwise than it is", async () => {
      const db = getDatabase();
      const { companyId, chart } = await seedCompany(db);
      const { checking, rent } = checkingAndRent(chart);
      const lines: LineRow[] = [
        { companyId, entryNumber: 1, lineNumber: 1, accountId: checking, entryDate, amountMinor: 500 },
        { companyId, entryNumber: 1, lineNumber: 2, accountId: rent, entryDate: "2026-01-16", amountMinor: -500 },
      ];
      await expectRefusal(db.batch([rawLines(db, lines), entryOf(db, entryRow(companyId, 1))]), /journal_entry_unbalanced/);
      // Lines agreeing with each other but not with the entry.
      await expectRefusal(
        db.batch([
          linesOf(db, companyId, 1, "2026-01-16", [
            { accountId: checking, amountMinor: 500 },
            { accountId: rent, amountMinor: -500 },
          ]),
          entryOf(db, entryRow(companyId, 1)),
        ]),
        /journal_entry_unbalanced/,
      );
      const { entries, lines: stored } = await storedJournal(db, companyId);
      expect(entries).toHaveLength(0);
      expect(stored).toHaveLength(0);
    });

    it("refuses a line of amount zero or of a fractional amount, even when the entry balances", async () => {
      const db = getDatabase();
      const { companyId, chart } = await seedCompany(db);
      const { checking, rent } = checkingAndRent(chart);
      const amounts = [
        [500, -500, 0],
        [1.5, -1.5],
      ];
      for (const lineAmounts of amounts) {
        const accountIds = [checking, rent, checking];
        await expectRefusal(
          db.batch([
            linesOf(
              db,
              companyId,
              1,
              entryDate,
              lineAmounts.map((amountMinor, index) => ({ accountId: accountIds[index] ?? checking, amountMinor })),
            ),
            entryOf(db, entryRow(companyId, 1)),
          ]),
          /CHECK constraint failed: journal_lines_amount_nonzero_integer/,
        );
      }
      const { entries, lines } = await storedJournal(db, companyId);
      expect(entries).toHaveLength(0);
      expect(lines).toHaveLength(0);
    });

    it("refuses a line posting to another company's account, and the entry with it", async () => {
      const db = getDatabase();
      const mine = await seedCompany(db);
      const theirs = await seedCompany(db, "services");
      const { checking } = checkingAndRent(mine.chart);
      const { rent: theirRent } = checkingAndRent(theirs.chart);
      await expectRefusal(
        db.batch([
          linesOf(db, mine.companyId, 1, entryDate, [
            { accountId: checking, amountMinor: 500 },
            { accountId: theirRent, amountMinor: -500 },
          ]),
          entryOf(db, entryRow(mine.companyId, 1)),
        ]),
        /FOREIGN KEY constraint failed/i,
      );
      const { entries, lines } = await storedJournal(db, mine.companyId);
      expect(entries).toHaveLength(0);
      expect(lines).toHaveLength(0);
      const untouched = await storedJournal(db, theirs.companyId);
      expect(untouched.lines).toHaveLength(0);
    });

    it("reverses an entry once, and refuses a second reversal of it", async () => {
      const db = getDatabase();
      const { companyId } = await seedPostedEntry(db);
      const { entries: [original], lines: originalLines } = await storedJournal(db, companyId);
      if (original === undefined) throw new Error("entry 1 is missing");
      const reversal = (number: number) =>
        insertEntries(db.orm, companyId, original.createdAt, [
          {
            ...original,
            number,
            kind: "reversal",
            reversesNumber: 1,
            description: "Reversal of 1",
            evidence: null,
            lines: originalLines.map((line) => ({ accountId: line.accountId, amountMinor: -line.amountMinor })),
          },
        ]);
      await db.batch(reversal(2));
      const reversed = await storedJournal(db, companyId);
      expect(reversed.entries.map((entry) => [entry.number, entry.reversesNumber])).toEqual([
        [1, null],
        [2, 1],
      ]);
      expect(reversed.lines.filter((line) => line.entryNumber === 2).map((line) => line.amountMinor)).toEqual([-500, 500]);

      await expectRefusal(db.batch(reversal(3)), /UNIQUE constraint failed: journal_entries\.company_id, journal_entries\.reverses_number/);
      expect(await storedJournal(db, companyId)).toEqual(reversed);
    });
  });
}
