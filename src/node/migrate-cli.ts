/** `npm run db:migrate`: applies migrations/ to the libSQL database at DATABASE_URL. */
import { openLibsql } from "../db/libsql.ts";
import { migrateLibsql } from "../db/migrate.ts";
import { readNodeConfig } from "./config.ts";

const config = readNodeConfig(process.env);
const connection = await openLibsql(config.databaseUrl, config.databaseAuthToken);
try {
  const applied = await migrateLibsql(connection.client);
  console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.join(", ")}.`);
} finally {
  connection.close();
}
