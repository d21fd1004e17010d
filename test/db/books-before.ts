/** Books as an earlier version of the app left them: a libSQL file migrated only up to a given migration. */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { openLibsql, type LibsqlConnection } from "../../src/db/libsql.ts";
import { defaultMigrationsDir, listMigrationFiles, migrateLibsql } from "../../src/db/migrate.ts";

/** A database in `folder` with every migration named before `firstMissing` ("0004") applied, and none after. */
export async function booksBefore(folder: string, firstMissing: string): Promise<LibsqlConnection> {
  const before = join(folder, `migrations-before-${firstMissing}`);
  mkdirSync(before);
  for (const file of await listMigrationFiles(defaultMigrationsDir)) {
    if (file < firstMissing) copyFileSync(join(defaultMigrationsDir, file), join(before, file));
  }
  const connection = await openLibsql(`file:${join(folder, `books-before-${firstMissing}.db`)}`);
  await migrateLibsql(connection.client, before);
  return connection;
}
