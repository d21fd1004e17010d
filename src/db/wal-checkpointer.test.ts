import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { LocalSqliteClient } from "./local-sqlite.ts";
import { openLibsql } from "./libsql.ts";
import { checkpointDelayMs } from "./wal-checkpointer.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-wal-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Rows of table t in the database FILE alone: a copy without its WAL holds only what was checkpointed. */
async function rowsInFileAlone(path: string): Promise<number> {
  const copy = join(folder, `copy-${Date.now()}.db`);
  copyFileSync(path, copy);
  const client = new LocalSqliteClient(copy);
  try {
    const tables = await client.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'");
    if (tables.rows[0]?.n === 0) return 0;
    return Number((await client.execute("SELECT count(*) AS n FROM t")).rows[0]?.n);
  } finally {
    client.close();
  }
}

/** Waits, a checkpoint delay at a time, until `holds` does; fails after a generous bound for a busy machine. */
async function eventually(holds: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20 * checkpointDelayMs + 5_000;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error("the WAL was never checkpointed");
    await new Promise((resolve) => setTimeout(resolve, checkpointDelayMs));
  }
}

describe("the WAL checkpointer", () => {
  it("copies a batch's pages into the database file shortly after it", async () => {
    const path = join(folder, "books.db");
    const connection = await openLibsql(`file:${path}`);
    try {
      await connection.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
      await connection.database.batch([connection.database.orm.run(sql`INSERT INTO t (name) VALUES ('a'), ('b'), ('c')`)]);
      expect(await rowsInFileAlone(path)).toBe(0);
      await eventually(async () => (await rowsInFileAlone(path)) > 0);
      expect(await rowsInFileAlone(path)).toBe(3);
    } finally {
      connection.close();
    }
  });

  it("leaves the database file whole and the WAL empty when the host closes, even right after a write", async () => {
    const path = join(folder, "closing.db");
    const connection = await openLibsql(`file:${path}`);
    await connection.client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    await connection.database.batch([connection.database.orm.run(sql`INSERT INTO t (name) VALUES ('a')`)]);
    // The checkpointer's thread, with its connection, is running once the first write has reached the file.
    await eventually(async () => (await rowsInFileAlone(path)) === 1);
    await connection.database.batch([connection.database.orm.run(sql`INSERT INTO t (name) VALUES ('b')`)]);
    connection.close();
    // The thread closes its own connection and exits; a process that exits before it may be ended by a signal.
    await connection.stopped();
    expect(await rowsInFileAlone(path)).toBe(2);
    const wal = `${path}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  });
});
