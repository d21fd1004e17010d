import { LibsqlBatchError } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalSqliteClient } from "./local-sqlite.ts";

describe("LocalSqliteClient", () => {
  let client: LocalSqliteClient;
  beforeEach(async () => {
    client = new LocalSqliteClient(":memory:");
    await client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, bytes BLOB)");
  });
  afterEach(() => client.close());

  it("gives rows by index and by name, as @libsql/client does, with only the names enumerable", async () => {
    await client.execute({ sql: "INSERT INTO t (id, name) VALUES (?, ?), (?, ?)", args: [1, "one", 2, "two"] });
    const result = await client.execute("SELECT id, name, name AS id FROM t ORDER BY id");
    expect(result.columns).toEqual(["id", "name", "id"]);
    const [first, second] = result.rows;
    expect(Array.prototype.slice.call(first)).toEqual([1, "one", "one"]);
    // The first column of a name wins, as in @libsql/client.
    expect({ ...first }).toEqual({ id: 1, name: "one" });
    expect(second?.[1]).toBe("two");
    expect(second?.length).toBe(3);
  });

  it("keeps a compiled statement for the next call with other arguments", async () => {
    await client.batch([
      { sql: "INSERT INTO t (id, name) VALUES (?, ?)", args: [1, "a"] },
      { sql: "INSERT INTO t (id, name) VALUES (?, ?)", args: [2, "b"] },
    ]);
    const select = "SELECT name FROM t WHERE id = ?";
    expect((await client.execute(select, [1])).rows[0]?.name).toBe("a");
    expect((await client.execute(select, [2])).rows[0]?.name).toBe("b");
  });

  it("returns blobs as ArrayBuffers of exactly their bytes, and refuses integers JavaScript cannot hold", async () => {
    await client.execute({ sql: "INSERT INTO t (id, name, bytes) VALUES (1, 'x', ?)", args: [new Uint8Array([1, 2, 3])] });
    const bytes = (await client.execute("SELECT bytes FROM t")).rows[0]?.bytes;
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(bytes as ArrayBuffer)]).toEqual([1, 2, 3]);
    await expect(client.execute("SELECT 9007199254740993")).rejects.toThrow(RangeError);
  });

  it("rolls a failed batch back whole and names the statement that failed", async () => {
    const failure = client.batch([
      { sql: "INSERT INTO t (id, name) VALUES (1, 'a')", args: [] },
      { sql: "INSERT INTO t (id, name) VALUES (2, 'a')", args: [] },
    ]);
    await expect(failure).rejects.toBeInstanceOf(LibsqlBatchError);
    await expect(failure).rejects.toMatchObject({ statementIndex: 1, code: "SQLITE_CONSTRAINT", extendedCode: "SQLITE_CONSTRAINT_UNIQUE" });
    expect((await client.execute("SELECT count(*) AS n FROM t")).rows[0]?.n).toBe(0);
  });

  it("holds other work back while a transaction is open, so nothing runs inside it by accident", async () => {
    const transaction = await client.transaction("write");
    await transaction.execute("INSERT INTO t (id, name) VALUES (1, 'a')");
    const outside = client.execute("INSERT INTO t (id, name) VALUES (2, 'b')");
    await transaction.rollback();
    await outside;
    const names = (await client.execute("SELECT name FROM t")).rows.map((row) => row.name);
    expect(names).toEqual(["b"]);
  });
});
