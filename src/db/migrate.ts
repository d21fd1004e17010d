/**
 * Applies migrations/ to a libSQL database exactly as `wrangler d1 migrations
 * apply` does to D1: the same files, in name order, each once, recorded in the
 * same `d1_migrations` table.
 */
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client } from "@libsql/client";

export const defaultMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), "../../migrations");

// Wrangler's own table, so a database moved between hosts knows what it has.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

const migrationFilePattern = /^\d{4}_[\w-]+\.sql$/;

export async function listMigrationFiles(migrationsDir: string): Promise<string[]> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- our own migrations directory, not user input
  const names = await readdir(migrationsDir);
  return names.filter((name) => migrationFilePattern.test(name)).sort();
}

/** drizzle-kit separates statements with this marker; wrangler sends the file whole. */
export function splitMigration(sqlText: string): string[] {
  return sqlText
    .split("--> statement-breakpoint")
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/** Returns the names applied by this call, in order; an up-to-date database gives []. */
export async function migrateLibsql(client: Client, migrationsDir = defaultMigrationsDir): Promise<string[]> {
  await client.execute(createMigrationsTable);
  const appliedRows = await client.execute("SELECT name FROM d1_migrations");
  const applied = new Set(appliedRows.rows.map((row) => row.name as string));
  const appliedNow: string[] = [];
  for (const name of await listMigrationFiles(migrationsDir)) {
    if (applied.has(name)) continue;
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the name comes from listing our own migrations directory
    const statements = splitMigration(await readFile(join(migrationsDir, name), "utf8"));
    // One transaction per file: a failing migration leaves no half-applied schema.
    await client.migrate([...statements, { sql: "INSERT INTO d1_migrations (name) VALUES (?)", args: [name] }]);
    appliedNow.push(name);
  }
  return appliedNow;
}
