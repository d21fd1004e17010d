import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLibsql, type LibsqlConnection } from "../../src/db/libsql.ts";
import { listMigrationFiles, migrateLibsql } from "../../src/db/migrate.ts";
import { describeDatabaseInvariants } from "./invariants.ts";

let directory: string;
let connection: LibsqlConnection;
let firstRun: string[];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-db-"));
  connection = await openLibsql(`file:${join(directory, "books.db")}`);
  firstRun = await migrateLibsql(connection.client);
});

afterAll(() => {
  connection.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("libSQL migrator", () => {
  it("applies every migration file once, in name order, recorded as wrangler records them", async () => {
    const files = await listMigrationFiles("migrations");
    expect(files.length).toBeGreaterThan(0);
    expect(firstRun).toEqual(files);
    const recorded = await connection.client.execute("select name from d1_migrations order by id");
    expect(recorded.rows.map((row) => row.name)).toEqual(files);
    expect(await migrateLibsql(connection.client)).toEqual([]);
    const again = await connection.client.execute("select count(*) as total from d1_migrations");
    expect(again.rows[0]?.total).toBe(files.length);
  });

  it("survives reopening the file: the schema and the record persist", async () => {
    const reopened = await openLibsql(`file:${join(directory, "books.db")}`);
    try {
      expect(await migrateLibsql(reopened.client)).toEqual([]);
      const tables = await reopened.client.execute("select name from sqlite_master where type = 'table' order by name");
      expect(tables.rows.map((row) => row.name)).toEqual(
        expect.arrayContaining(["companies", "api_keys", "accounts", "bank_accounts", "d1_migrations"]),
      );
    } finally {
      reopened.close();
    }
  });
});

describe("database invariants on libSQL", () => {
  describeDatabaseInvariants(() => connection.database);
});
