import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openLibsql } from "../db/libsql.ts";
import { listMigrationFiles, migrateLibsql } from "../db/migrate.ts";
import { backupDatabase, restoreDatabase } from "./backup.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-backup-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCounter = 0;
const freshPath = (name: string): string => join(folder, `${++fileCounter}-${name}`);

/** Migrated books with `companies` companies in them, closed (and so checkpointed). */
async function books(companies: number, extra: readonly string[] = []): Promise<string> {
  const path = freshPath("books.db");
  const connection = await openLibsql(`file:${path}`);
  try {
    await migrateLibsql(connection.client);
    for (let index = 0; index < companies; index++) {
      await connection.client.execute({ sql: "INSERT INTO companies (id, name, industry, currency, created_at) VALUES (?, ?, 'retail', 'USD', '2026-01-01')", args: [crypto.randomUUID(), `Company ${index}`] });
    }
    for (const statement of extra) await connection.client.execute(statement);
  } finally {
    connection.close();
  }
  return path;
}

describe("backupDatabase", () => {
  it("copies the books, checked, and says what is in them", async () => {
    const source = await books(3);
    const out = freshPath("backup.db");
    const written = await backupDatabase({ databaseUrl: `file:${source}`, out });
    const migrations = await listMigrationFiles(join(import.meta.dirname, "..", "..", "migrations"));
    expect(written).toMatchObject({ path: out, companies: 3, imports: 0, transactions: 0, journalEntries: 0, migrations: migrations.length, lastMigration: migrations.at(-1) });
    expect(written.bytes).toBeGreaterThan(0);
    // Nothing temporary is left beside it.
    expect(existsSync(`${out}-wal`)).toBe(false);
  });

  it("refuses a remote database, an in-memory one, and one that does not exist", async () => {
    const out = freshPath("never.db");
    await expect(backupDatabase({ databaseUrl: "libsql://books.example.turso.io", out })).rejects.toThrow(
      "Refusing: DATABASE_URL is not a local file (libsql://books.example.turso.io); a libSQL server (sqld, Turso) is backed up and restored with its provider's own tools.",
    );
    await expect(backupDatabase({ databaseUrl: "file::memory:", out })).rejects.toThrow(/in-memory database/);
    const missing = freshPath("missing.db");
    await expect(backupDatabase({ databaseUrl: `file:${missing}`, out })).rejects.toThrow(`Refusing: there is no database at ${missing} (check DATABASE_URL).`);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a file that exists unless forced, and leaves it as it was", async () => {
    const source = await books(1);
    const out = freshPath("taken.db");
    writeFileSync(out, "keep me");
    await expect(backupDatabase({ databaseUrl: `file:${source}`, out })).rejects.toThrow(`Refusing: ${out} already exists; pass --force to replace it.`);
    expect(readFileSync(out, "utf8")).toBe("keep me");
    expect((await backupDatabase({ databaseUrl: `file:${source}`, out, force: true })).companies).toBe(1);
  });
});

describe("restoreDatabase", () => {
  it("brings a backup back, removing the old database's WAL", async () => {
    const backup = freshPath("backup.db");
    await backupDatabase({ databaseUrl: `file:${await books(2)}`, out: backup });
    // The database being replaced, as a stopped server leaves it (libsql lets go of a file it opened only when collected, so not one of this process's).
    const target = freshPath("target.db");
    await backupDatabase({ databaseUrl: `file:${await books(5)}`, out: target });
    // A stale WAL beside the target would be replayed into the restored file.
    writeFileSync(`${target}-wal`, "stale");
    const restored = await restoreDatabase({ databaseUrl: `file:${target}`, from: backup, force: true });
    expect(restored).toMatchObject({ path: target, companies: 2 });
    expect(existsSync(`${target}-wal`)).toBe(false);
    // And the server's own client opens and migrates it as it is.
    const connection = await openLibsql(`file:${target}`);
    try {
      expect(await migrateLibsql(connection.client)).toEqual([]);
      expect((await connection.client.execute("SELECT count(*) AS n FROM companies")).rows[0]?.n).toBe(2);
    } finally {
      connection.close();
    }
  });

  it("refuses a copy of a live database whose log still holds writes, which a copy of the file alone would drop", async () => {
    const backup = freshPath("raw-copy.db");
    await backupDatabase({ databaseUrl: `file:${await books(1)}`, out: backup });
    writeFileSync(`${backup}-wal`, new Uint8Array(4096).fill(7));
    const target = freshPath("never-restored.db");
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: backup })).rejects.toThrow(`Refusing: ${backup}-wal holds writes not yet in ${backup}`);
    expect(existsSync(target)).toBe(false);
  });

  it("restores into a new file without --force", async () => {
    const backup = freshPath("backup.db");
    await backupDatabase({ databaseUrl: `file:${await books(1)}`, out: backup });
    const target = freshPath("new.db");
    expect((await restoreDatabase({ databaseUrl: `file:${target}`, from: backup })).companies).toBe(1);
  });

  it("refuses what is not this app's books, and touches nothing", async () => {
    const target = freshPath("untouched.db");
    const junk = freshPath("junk.db");
    writeFileSync(junk, "not a database");
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: junk })).rejects.toThrow(`Refusing: ${junk} is not a bookkeeper backup`);
    const empty = freshPath("empty.db");
    (await openLibsql(`file:${empty}`)).close();
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: empty })).rejects.toThrow(/has no d1_migrations, companies, .* table/);
    const future = await books(0, ["INSERT INTO d1_migrations (name) VALUES ('9999_from_the_future.sql')"]);
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: future })).rejects.toThrow(/made by a newer version \(migration 9999_from_the_future\.sql is unknown here\)/);
    const missing = freshPath("missing.db");
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: missing })).rejects.toThrow(`Refusing: there is no backup at ${missing}.`);
    expect(existsSync(target)).toBe(false);
  });

  it("refuses an existing database unless forced, and one the server holds open even then", async () => {
    const backup = freshPath("backup.db");
    await backupDatabase({ databaseUrl: `file:${await books(1)}`, out: backup });
    const target = await books(4);
    await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: backup })).rejects.toThrow(`Refusing: ${target} already exists; pass --force to replace it.`);
    const server = await openLibsql(`file:${target}`);
    try {
      // A running server has read its books (its migrations, at least): that is what holds them.
      expect((await server.client.execute("SELECT count(*) AS n FROM companies")).rows[0]?.n).toBe(4);
      await expect(restoreDatabase({ databaseUrl: `file:${target}`, from: backup, force: true })).rejects.toThrow(`Refusing: ${target} is in use (is the server running?); stop it, then restore.`);
      expect((await server.client.execute("SELECT count(*) AS n FROM companies")).rows[0]?.n).toBe(4);
    } finally {
      server.close();
    }
  });
});
