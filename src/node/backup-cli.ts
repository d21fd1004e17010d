/**
 * `npm run backup -- --out FILE`: a consistent copy of the database at DATABASE_URL, taken
 * while the server runs (it keeps writing meanwhile), checked before it is reported.
 */
import { parseArgs } from "node:util";
import { BackupRefusal, backupDatabase, databaseUrlFrom, describeBooks } from "./backup.ts";

const usage = `Usage: npm run backup -- --out FILE [--force]

Copies the database at DATABASE_URL (default file:.data/bookkeeper.db) to FILE, consistently,
while the server may be writing: one read transaction (SQLite's VACUUM INTO), every import in
it whole. The copy is checked (PRAGMA integrity_check) before it takes FILE's name.

  --out FILE   where the backup goes (refused if it exists)
  --force      replace FILE if it exists
  --help       this text

A remote libSQL server (sqld, Turso) is backed up by its provider; Cloudflare D1 by Time Travel.`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: "string" }, force: { type: "boolean" }, help: { type: "boolean" } }, strict: true, allowPositionals: false });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  if (values.out === undefined) throw new BackupRefusal("Refusing: say where the backup goes with --out FILE (see --help).");
  const written = await backupDatabase({ databaseUrl: databaseUrlFrom(process.env), out: values.out, force: values.force });
  console.log(describeBooks("Backed up to", written));
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  // A refusal is already one line; anything else (a bad option, a full disk) is said in one too.
  console.error(error instanceof BackupRefusal ? error.message : `Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
