/**
 * `npm run restore -- --from FILE`: brings a backup back as the database at DATABASE_URL.
 * The server must be stopped; a database it holds open is refused.
 */
import { parseArgs } from "node:util";
import { BackupRefusal, databaseUrlFrom, describeBooks, restoreDatabase } from "./backup.ts";

const usage = `Usage: npm run restore -- --from FILE [--force]

Restores the backup FILE (from npm run backup) as the database at DATABASE_URL (default
file:.data/bookkeeper.db). Stop the server first. The backup is checked (integrity_check, the
app's tables and migrations) before anything is touched; it is copied beside the target and
renamed into place, and the target's old -wal and -shm files are removed.

  --from FILE  the backup to restore
  --force      replace the database at DATABASE_URL if it exists
  --help       this text`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { from: { type: "string" }, force: { type: "boolean" }, help: { type: "boolean" } }, strict: true, allowPositionals: false });
  if (values.help === true) {
    console.log(usage);
    return 0;
  }
  if (values.from === undefined) throw new BackupRefusal("Refusing: say which backup to restore with --from FILE (see --help).");
  const restored = await restoreDatabase({ databaseUrl: databaseUrlFrom(process.env), from: values.from, force: values.force });
  console.log(describeBooks("Restored to", restored));
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof BackupRefusal ? error.message : `Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
