/**
 * Reads built once and kept. drizzle builds a select's SQL anew on every
 * call, and for the small reads a request makes that costs more than SQLite
 * running them: 100 µs to build the API key's lookup, 20 µs to run it
 * (bench on Node + libSQL). A query here is built the first time a drizzle
 * instance asks for it, with placeholders for its values, and kept for as
 * long as that instance lives (a Node process, a Worker isolate's binding).
 *
 * A query whose conditions depend on which filters a request sends is kept
 * per shape: one prepared query for each combination of filters present.
 */
import { keptOrMade } from "../shared/memo.ts";
import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Orm } from "./database.ts";

/** The query `build` makes for an Orm, built on first use and kept. */
export function prepared<Query>(build: (orm: Orm) => Query): (orm: Orm) => Query {
  const byOrm = new WeakMap<Orm, Query>();
  return (orm) => {
    let query = byOrm.get(orm);
    if (query === undefined) {
      query = build(orm);
      byOrm.set(orm, query);
    }
    return query;
  };
}

/** As `prepared`, one query per shape: `shape` names which optional parts the query has. */
export function preparedByShape<Shape extends object, Query>(build: (orm: Orm, shape: Shape) => Query): (orm: Orm, shape: Shape) => Query {
  const byOrm = new WeakMap<Orm, Map<string, Query>>();
  return (orm, shape) => {
    const byShape = keptOrMade(byOrm, orm, () => new Map<string, Query>());
    return keptOrMade(byShape, JSON.stringify(shape), () => build(orm, shape));
  };
}

/** A named value supplied when the query runs. */
export const placeholder = <Name extends string>(name: Name): Placeholder<Name> => sql.placeholder(name);

/**
 * `column IN (the values of a JSON array)`, bound as ONE placeholder: the
 * query keeps one shape for any number of values (an IN list of bound values
 * has one per count), and D1's limit of 100 parameters no longer splits it.
 */
export const inJsonArray = (column: SQLiteColumn, name: string): SQL => sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
