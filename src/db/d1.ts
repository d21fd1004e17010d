import { drizzle } from "drizzle-orm/d1";
import { toDatabase, type Database } from "./database.ts";
import * as schema from "./schema.ts";
import { guardD1Database } from "./statement-limits.ts";

const databases = new WeakMap<D1Database, Database>();

/** One drizzle instance per D1 binding, reused across requests of an isolate. */
export function d1Database(binding: D1Database): Database {
  let database = databases.get(binding);
  if (database === undefined) {
    database = toDatabase(drizzle(guardD1Database(binding), { schema }));
    databases.set(binding, database);
  }
  return database;
}
