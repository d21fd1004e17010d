/**
 * The embedded host's client for a local SQLite file: the `libsql` engine
 * @libsql/client runs underneath, driven directly. Under load a read cost
 * more in @libsql/client than in SQLite (a profile of the browse scenario:
 * 24% SQLite, 27% the client and drizzle around it), because it compiles
 * every statement again, asks for its columns twice per call, and builds
 * each row with one Object.defineProperty per value. Here a statement is
 * compiled once and kept (statements are drizzle's, so a few hundred texts
 * at most), its columns are read once, and rows share one shape per
 * statement. What drizzle reads of a result (values by index, or by name)
 * and every refusal SQLite makes are as @libsql/client gives them; remote
 * URLs (sqld, Turso) still go through @libsql/client.
 */
import Database from "libsql";
import { LibsqlBatchError, LibsqlError, type Client, type InArgs, type InStatement, type InValue, type ResultSet, type Row, type Transaction, type TransactionMode, type Value } from "@libsql/client";

type Engine = InstanceType<typeof Database>;
type EngineStatement = ReturnType<Engine["prepare"]>;

/** Compiled statements kept per connection; past it the oldest is dropped (drizzle's texts are far fewer). */
const statementsCachedMax = 500;

/** A compiled statement and, when it returns rows, how to build them. */
interface Prepared {
  statement: EngineStatement;
  /** Undefined for a statement that returns no rows. */
  shape: RowShape | undefined;
}

/** The columns a statement returns, and a row maker that gives every row of it the same hidden class. */
interface RowShape {
  columns: string[];
  columnTypes: string[];
  make: (values: readonly unknown[]) => Row;
}

const valuesKey = Symbol("values");

/**
 * Rows as @libsql/client's: values by index (not enumerable, with a length)
 * and by column name (enumerable; the first column of a name wins). Indexes
 * read through the prototype, so a row costs one object and its names.
 */
function rowShapeOf(columns: readonly string[]): RowShape["make"] {
  const names = columns.flatMap((name, index) => (columns.indexOf(name) === index ? [{ name, index }] : []));
  const prototype: object = Object.create(Object.prototype) as object;
  Object.defineProperty(prototype, "length", { value: columns.length });
  for (let index = 0; index < columns.length; index++) {
    Object.defineProperty(prototype, index, {
      get(this: { [valuesKey]: readonly unknown[] }) {
        return this[valuesKey][index];
      },
    });
  }
  return (values) => {
    const row = Object.create(prototype) as Record<string | symbol, unknown>;
    Object.defineProperty(row, valuesKey, { value: values });
    for (const { name, index } of names) row[name] = values[index];
    return row as unknown as Row;
  };
}

const safeIntegerMin = BigInt(Number.MIN_SAFE_INTEGER);
const safeIntegerMax = BigInt(Number.MAX_SAFE_INTEGER);

/** As @libsql/client's intMode "number": an integer JavaScript cannot hold exactly is an error, never a rounded amount. */
function valueFromEngine(value: unknown): Value {
  if (typeof value === "bigint") {
    if (value < safeIntegerMin || value > safeIntegerMax) throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    return Number(value);
  }
  if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  return value as Value;
}

function valueToEngine(value: InValue | undefined): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

function argsToEngine(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(valueToEngine);
  // Named parameters, without the sigil SQLite's text gives them (as @libsql/client does).
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [/^[@$:]/.test(name) ? name.slice(1) : name, valueToEngine(value)]));
}

/** SQLite's refusal as @libsql/client reports it, so that db/errors.ts reads both alike. */
function asLibsqlError(error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  // SQLite's extended code (SQLITE_CONSTRAINT_UNIQUE) and its base (SQLITE_CONSTRAINT), as @libsql/client names them.
  const base = error.code.split("_").slice(0, 2).join("_");
  return new LibsqlError(error.message, base, error.code, error.rawCode, error);
}

function resultOf(columns: string[], columnTypes: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows: rows.map((row) => Array.from({ length: columns.length }, (_, index) => row[index])), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  };
}

const beginOf = (mode: TransactionMode): string => (mode === "write" ? "BEGIN IMMEDIATE" : mode === "read" ? "BEGIN TRANSACTION READONLY" : "BEGIN DEFERRED");

/** One connection and its compiled statements. Every call runs to its end before the next starts: the engine is synchronous. */
class Connection {
  readonly engine: Engine;
  private readonly prepared = new Map<string, Prepared>();

  constructor(path: string) {
    this.engine = new Database(path);
  }

  private prepare(sqlText: string): Prepared {
    const cached = this.prepared.get(sqlText);
    if (cached !== undefined) return cached;
    const statement = this.engine.prepare(sqlText);
    statement.safeIntegers(true);
    let shape: RowShape | undefined;
    if (statement.reader) {
      statement.raw(true);
      const definitions = statement.columns();
      const columns = definitions.map((column) => column.name);
      shape = { columns, columnTypes: definitions.map((column) => column.type ?? ""), make: rowShapeOf(columns) };
    }
    // Statements that change the schema are not kept: the schema they were compiled against is gone.
    if (this.prepared.size >= statementsCachedMax) this.prepared.delete(this.prepared.keys().next().value as string);
    const entry = { statement, shape };
    if (!/^\s*(create|drop|alter)\b/i.test(sqlText)) this.prepared.set(sqlText, entry);
    return entry;
  }

  execute(statement: InStatement): ResultSet {
    const sqlText = typeof statement === "string" ? statement : statement.sql;
    const args = argsToEngine(typeof statement === "string" ? undefined : statement.args);
    try {
      const { statement: compiled, shape } = this.prepare(sqlText);
      if (shape !== undefined) {
        const rows = (compiled.all(args) as unknown[][]).map((values) => shape.make(values.map(valueFromEngine)));
        return resultOf(shape.columns, shape.columnTypes, rows, 0, undefined);
      }
      const info = compiled.run(args);
      return resultOf([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw asLibsqlError(error);
    }
  }

  /** Every statement inside one transaction; a failure rolls all of them back and names the statement. */
  inTransaction(begin: string, statements: readonly (InStatement | [string, InArgs?])[]): ResultSet[] {
    this.execute(begin);
    try {
      const results = statements.map((statement, index) => {
        try {
          return this.execute(Array.isArray(statement) ? { sql: statement[0], args: statement[1] ?? [] } : statement);
        } catch (error) {
          if (error instanceof LibsqlError) throw new LibsqlBatchError(error.message, index, error.code, error.extendedCode, error.rawCode, error.cause instanceof Error ? error.cause : undefined);
          throw error;
        }
      });
      this.execute("COMMIT");
      return results;
    } finally {
      if (this.engine.inTransaction) this.engine.exec("ROLLBACK");
    }
  }

  close(): void {
    this.prepared.clear();
    if (this.engine.open) this.engine.close();
  }
}

/**
 * A transaction holds the one connection until it ends; work sent to the
 * client meanwhile waits for it, so it never runs inside someone else's
 * transaction.
 */
class LocalTransaction implements Transaction {
  closed = false;
  private readonly connection: Connection;
  private readonly release: () => void;

  constructor(connection: Connection, release: () => void) {
    this.connection = connection;
    this.release = release;
  }

  private open(): Connection {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
    return this.connection;
  }

  execute(statement: InStatement): Promise<ResultSet> {
    return Promise.resolve().then(() => this.open().execute(statement));
  }

  batch(statements: InStatement[]): Promise<ResultSet[]> {
    return Promise.resolve().then(() => statements.map((statement) => this.open().execute(statement)));
  }

  executeMultiple(sqlText: string): Promise<void> {
    return Promise.resolve().then(() => {
      this.open().engine.exec(sqlText);
    });
  }

  rollback(): Promise<void> {
    return Promise.resolve().then(() => this.end("ROLLBACK"));
  }

  commit(): Promise<void> {
    return Promise.resolve().then(() => this.end("COMMIT"));
  }

  close(): void {
    if (!this.closed && this.connection.engine.inTransaction) this.connection.engine.exec("ROLLBACK");
    this.settle();
  }

  private end(sqlText: string): void {
    try {
      this.open().execute(sqlText);
    } finally {
      this.settle();
    }
  }

  private settle(): void {
    if (this.closed) return;
    this.closed = true;
    this.release();
  }
}

export class LocalSqliteClient implements Client {
  closed = false;
  readonly protocol = "file";
  private readonly connection: Connection;
  /** Resolves when the transaction holding the connection, if any, has ended. */
  private held: Promise<void> | undefined;

  /** `path` is a file's path or ":memory:". */
  constructor(path: string) {
    this.connection = new Connection(path);
  }

  /** Waits out a transaction that holds the connection, then runs `work` on it. */
  private async use<Result>(work: (connection: Connection) => Result): Promise<Result> {
    while (this.held !== undefined) await this.held;
    if (this.closed) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
    return work(this.connection);
  }

  execute(statement: InStatement): Promise<ResultSet>;
  execute(sqlText: string, args?: InArgs): Promise<ResultSet>;
  execute(statement: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const normalized: InStatement = typeof statement === "string" ? { sql: statement, args: args ?? [] } : statement;
    return this.use((connection) => connection.execute(normalized));
  }

  batch(statements: (InStatement | [string, InArgs?])[], mode: TransactionMode = "deferred"): Promise<ResultSet[]> {
    return this.use((connection) => connection.inTransaction(beginOf(mode), statements));
  }

  /** As @libsql/client's: foreign keys are off while a migration rebuilds tables, and on again after. */
  migrate(statements: InStatement[]): Promise<ResultSet[]> {
    return this.use((connection) => {
      connection.execute("PRAGMA foreign_keys=off");
      try {
        return connection.inTransaction(beginOf("deferred"), statements);
      } finally {
        connection.execute("PRAGMA foreign_keys=on");
      }
    });
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    return this.use((connection) => {
      connection.execute(beginOf(mode));
      let release = (): void => {};
      this.held = new Promise<void>((resolve) => {
        release = () => {
          this.held = undefined;
          resolve();
        };
      });
      return new LocalTransaction(connection, release);
    });
  }

  executeMultiple(sqlText: string): Promise<void> {
    return this.use((connection) => {
      try {
        connection.engine.exec(sqlText);
      } catch (error) {
        throw asLibsqlError(error);
      }
    });
  }

  sync(): Promise<never> {
    return Promise.reject(new LibsqlError("sync() is for embedded replicas; this is a plain local file", "SYNC_NOT_SUPPORTED"));
  }

  reconnect(): void {
    throw new LibsqlError("A local client does not reconnect; open a new one", "RECONNECT_NOT_SUPPORTED");
  }

  /**
   * Copies the whole WAL into the database file and empties it, now. For a
   * clean close: the WAL checkpointer's thread has a connection of its own,
   * so this one may not be the last to close, which is when SQLite would.
   */
  checkpointAll(): void {
    if (this.closed || this.held !== undefined) return;
    this.connection.engine.pragma("wal_checkpoint(TRUNCATE)");
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.close();
  }
}
