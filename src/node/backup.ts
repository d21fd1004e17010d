/**
 * Backups of the embedded host's database, and their restore. A backup is SQLite's
 * `VACUUM INTO`: one read transaction, so it is a consistent copy of the books as of one
 * commit even while the server keeps writing (WAL lets readers and the writer proceed
 * together), and every import in it is whole. Both directions write to a temporary file
 * in the destination's folder and rename it into place, so a failure leaves nothing
 * half-written under the destination's name. A remote libSQL server (sqld, Turso) is
 * backed up by its provider; Cloudflare D1 by Time Travel.
 */
import { existsSync, openSync, fsyncSync, closeSync, copyFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "libsql";
import { defaultMigrationsDir, listMigrationFiles } from "../db/migrate.ts";
import { defaultDatabaseUrl } from "./config.ts";

/** A refusal with one line for the person at the terminal: nothing was written. */
export class BackupRefusal extends Error {}

/** What a database holds, to print after a backup or a restore and to compare the two. */
export interface BooksSummary {
  bytes: number;
  migrations: number;
  lastMigration: string | null;
  companies: number;
  imports: number;
  transactions: number;
  journalEntries: number;
}

export interface BackupOptions {
  databaseUrl: string;
  out: string;
  force?: boolean | undefined;
}

export interface RestoreOptions {
  databaseUrl: string;
  from: string;
  force?: boolean | undefined;
}

/** The tables a backup must have to be this app's books. */
const requiredTables = ["d1_migrations", "companies", "bank_accounts", "imports", "transactions", "journal_entries", "journal_lines"];

/** How long a backup waits for the server's write lock to pass (VACUUM INTO only reads, but the WAL's index may be busy). */
const busyTimeoutMs = 10_000;

/** The file behind a `file:` DATABASE_URL; anything else is a server whose provider keeps the backups. */
export function localDatabasePath(databaseUrl: string): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new BackupRefusal(`Refusing: DATABASE_URL is not a local file (${databaseUrl.split("?")[0] ?? ""}); a libSQL server (sqld, Turso) is backed up and restored with its provider's own tools.`);
  }
  const path = databaseUrl.slice("file:".length).split("?")[0] ?? "";
  if (path === "" || path === ":memory:") throw new BackupRefusal("Refusing: DATABASE_URL names an in-memory database; there is nothing on disk to back up or restore.");
  return resolve(path);
}

const temporaryBeside = (path: string, purpose: string): string => join(dirname(path), `.${basename(path)}.${purpose}-${process.pid}-${Date.now()}`);

function refuseExisting(path: string, force: boolean | undefined): void {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own paths
  if (existsSync(path) && force !== true) throw new BackupRefusal(`Refusing: ${path} already exists; pass --force to replace it.`);
}

function count(db: InstanceType<typeof Database>, table: string): number {
  const row = db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number | bigint };
  return Number(row.n);
}

/** SQLite's own check of every page and index; "ok" or the first problems it found. */
function integrityProblems(db: InstanceType<typeof Database>): string | undefined {
  const rows = db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
  const answers = rows.map((row) => row.integrity_check);
  return answers.length === 1 && answers[0] === "ok" ? undefined : answers.slice(0, 3).join("; ");
}

function missingTables(db: InstanceType<typeof Database>): string[] {
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
  return requiredTables.filter((table) => !present.has(table));
}

function summaryOf(db: InstanceType<typeof Database>, path: string): BooksSummary {
  const migrations = (db.prepare("SELECT name FROM d1_migrations ORDER BY id").all() as { name: string }[]).map((row) => row.name);
  return {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own paths
    bytes: statSync(path).size,
    migrations: migrations.length,
    lastMigration: migrations.at(-1) ?? null,
    companies: count(db, "companies"),
    imports: count(db, "imports"),
    transactions: count(db, "transactions"),
    journalEntries: count(db, "journal_entries"),
  };
}

/**
 * Opens a file read-only and checks it is whole books of this app, made by this version or
 * an older one (the server migrates an older one when it starts); its summary when it is.
 */
async function verifiedBooks(path: string, what: string): Promise<BooksSummary> {
  let db: InstanceType<typeof Database>;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupRefusal(`Refusing: ${path} is not a bookkeeper ${what}: ${(error as Error).message}.`);
  }
  try {
    const problems = integrityProblems(db);
    if (problems !== undefined) throw new BackupRefusal(`Refusing: ${path} is damaged (integrity_check: ${problems}).`);
    const missing = missingTables(db);
    if (missing.length > 0) throw new BackupRefusal(`Refusing: ${path} is not a bookkeeper ${what}: it has no ${missing.join(", ")} table.`);
    const summary = summaryOf(db, path);
    const known = new Set(await listMigrationFiles(defaultMigrationsDir));
    const unknown = (db.prepare("SELECT name FROM d1_migrations").all() as { name: string }[]).map((row) => row.name).filter((name) => !known.has(name));
    if (unknown.length > 0) throw new BackupRefusal(`Refusing: ${path} was made by a newer version (migration ${unknown[0] ?? ""} is unknown here); restore it with that version.`);
    return summary;
  } catch (error) {
    if (error instanceof BackupRefusal) throw error;
    throw new BackupRefusal(`Refusing: ${path} is not a bookkeeper ${what}: ${(error as Error).message}.`);
  } finally {
    db.close();
  }
}

/** Makes `path` durable before it is renamed into place: a rename can reach the disk before the data does. */
function flushToDisk(path: string): void {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a temporary file of ours
  const descriptor = openSync(path, "r+");
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** A consistent copy of the live database at `out`, checked before it is given that name. */
export async function backupDatabase(options: BackupOptions): Promise<BooksSummary & { path: string }> {
  const source = localDatabasePath(options.databaseUrl);
  const out = resolve(options.out);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own DATABASE_URL
  if (!existsSync(source)) throw new BackupRefusal(`Refusing: there is no database at ${source} (check DATABASE_URL).`);
  if (out === source) throw new BackupRefusal("Refusing: --out is the database itself; choose another file.");
  refuseExisting(out, options.force);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own --out
  if (!existsSync(dirname(out))) throw new BackupRefusal(`Refusing: the folder ${dirname(out)} does not exist.`);
  const partial = temporaryBeside(out, "backup");
  try {
    const db = new Database(source, { fileMustExist: true, timeout: busyTimeoutMs });
    try {
      db.prepare("VACUUM INTO ?").run(partial);
    } finally {
      db.close();
    }
    const summary = await verifiedBooks(partial, "database");
    flushToDisk(partial);
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- ours, into the operator's --out
    renameSync(partial, out);
    return { ...summary, path: out };
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Another process may hold the file for a moment (a backup being taken, a server on its way out): wait this long before calling it in use. */
const inUseWaitMs = 2_000;

/**
 * Whether another connection (a running server) has the database open: leaving WAL mode
 * needs the only connection. When it is free this also folds its WAL into the file, so
 * nothing of the old books lingers beside the new ones.
 */
function refuseWhileInUse(path: string): void {
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: inUseWaitMs });
    // SQLite answers with the mode it is in after: still "wal" when it could not leave it.
    const [mode] = db.pragma("journal_mode = DELETE") as { journal_mode: string }[];
    if (mode?.journal_mode === "wal") throw Object.assign(new Error("still in WAL mode"), { code: "SQLITE_BUSY" });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY")) {
      throw new BackupRefusal(`Refusing: ${path} is in use (is the server running?); stop it, then restore.`);
    }
    // A damaged or foreign file in the way is replaced, as --force asked; its WAL goes with it below.
    if (code !== "SQLITE_NOTADB" && code !== "SQLITE_CORRUPT") throw error;
  } finally {
    db?.close();
  }
}

/** Brings a backup back as the database at DATABASE_URL; the server must be stopped. */
/**
 * A backup with a write-ahead log beside it is a copy of a live database, not
 * one `npm run backup` made: its latest writes are in the log, which a copy
 * of the file alone would drop.
 */
function refuseUnfoldedLog(from: string): void {
  const log = `${from}-wal`;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- beside the operator's own --from
  if (existsSync(log) && statSync(log).size > 0) {
    throw new BackupRefusal(`Refusing: ${log} holds writes not yet in ${from} (a copy of a live database?); take backups with npm run backup, or open the copy once with sqlite3 to fold the log in.`);
  }
}

export async function restoreDatabase(options: RestoreOptions): Promise<BooksSummary & { path: string }> {
  const target = localDatabasePath(options.databaseUrl);
  const from = resolve(options.from);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own --from
  if (!existsSync(from)) throw new BackupRefusal(`Refusing: there is no backup at ${from}.`);
  if (from === target) throw new BackupRefusal("Refusing: --from is the database itself.");
  refuseUnfoldedLog(from);
  await verifiedBooks(from, "backup");
  refuseExisting(target, options.force);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own DATABASE_URL
  if (!existsSync(dirname(target))) throw new BackupRefusal(`Refusing: the folder ${dirname(target)} does not exist.`);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- the operator's own DATABASE_URL
  if (existsSync(target)) refuseWhileInUse(target);
  const partial = temporaryBeside(target, "restore");
  try {
    copyFileSync(from, partial);
    flushToDisk(partial);
    // A WAL left beside the old file would be replayed into the new one, and corrupt it.
    for (const stale of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(stale, { force: true });
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- ours, into the operator's DATABASE_URL
    renameSync(partial, target);
    return { ...(await verifiedBooks(target, "database")), path: target };
  } finally {
    rmSync(partial, { force: true });
  }
}

/** One line for the terminal: what a backup or restore wrote. */
export function describeBooks(verb: string, summary: BooksSummary & { path: string }): string {
  return (
    `${verb} ${summary.path}: ${summary.bytes} bytes, ${summary.companies} companies, ${summary.imports} imports, ` +
    `${summary.transactions} transactions, ${summary.journalEntries} journal entries, migrations up to ${summary.lastMigration ?? "none"}; integrity_check ok`
  );
}

/** DATABASE_URL as `npm run serve` reads it: an empty one is unset. */
export const databaseUrlFrom = (env: Record<string, string | undefined>): string => env.DATABASE_URL?.trim() || defaultDatabaseUrl;
