/**
 * The host-neutral handle the services use. D1 and libSQL differ in driver,
 * not in SQL, so each host wraps its drizzle instance into this shape.
 */
import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { constraintViolationOf } from "./errors.ts";
import type * as schema from "./schema.ts";

export type Orm = BaseSQLiteDatabase<"async", unknown, typeof schema>;
export type BatchStatement = BatchItem<"sqlite">;

export interface Database {
  readonly orm: Orm;
  /**
   * Runs the statements as one all-or-nothing batch. D1 has no interactive
   * transactions, so everything that must be atomic is built as a list first.
   * A constraint's refusal comes back as a ConstraintViolation.
   */
  batch(statements: readonly BatchStatement[]): Promise<readonly unknown[]>;
}

type DrizzleWithBatch = Orm & {
  batch(statements: readonly [BatchStatement, ...BatchStatement[]]): Promise<readonly unknown[]>;
};

export function toDatabase(orm: DrizzleWithBatch): Database {
  return {
    orm,
    async batch(statements) {
      const [first, ...rest] = statements;
      if (first === undefined) return [];
      try {
        return await orm.batch([first, ...rest]);
      } catch (error) {
        throw constraintViolationOf(error) ?? error;
      }
    },
  };
}
