/**
 * D1 refuses a statement that binds more than 100 parameters or whose SQL is
 * longer than 100,000 bytes. libSQL accepts both, so code that only ever ran
 * on Node would break at the edge. Both hosts wrap their client with these
 * guards, which makes the Node host exactly as strict as D1.
 */
import type { Client, InStatement } from "@libsql/client";

export const d1Limits = { boundParametersMax: 100, statementBytesMax: 100_000, valueBytesMax: 2_000_000 } as const;

export class StatementLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatementLimitError";
  }
}

const utf8 = new TextEncoder();

/** Everything a guard does not intercept behaves exactly as on the wrapped object. */
function passThrough(target: object, property: string | symbol, receiver: unknown): unknown {
  const value: unknown = Reflect.get(target, property, receiver);
  return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
}

/** D1 refuses a string or BLOB over 2,000,000 bytes; a JSON parameter carrying many rows must stay under it. */
export function assertValuesWithinD1Limits(values: readonly unknown[]): void {
  for (const value of values) {
    // Characters never take more than three UTF-8 bytes, so most strings need no encoding to be cleared.
    if (typeof value === "string" && value.length * 3 > d1Limits.valueBytesMax) {
      const bytes = utf8.encode(value).length;
      if (bytes > d1Limits.valueBytesMax) throw new StatementLimitError(`A bound value is ${bytes} bytes; D1 allows ${d1Limits.valueBytesMax}`);
    }
    if (value instanceof Uint8Array && value.length > d1Limits.valueBytesMax) {
      throw new StatementLimitError(`A bound value is ${value.length} bytes; D1 allows ${d1Limits.valueBytesMax}`);
    }
  }
}

export function assertWithinD1Limits(sqlText: string, boundParameterCount: number): void {
  if (boundParameterCount > d1Limits.boundParametersMax) {
    throw new StatementLimitError(
      `Statement binds ${boundParameterCount} parameters; D1 allows ${d1Limits.boundParametersMax}: ${sqlText.slice(0, 120)}`,
    );
  }
  const statementBytes = utf8.encode(sqlText).length;
  if (statementBytes > d1Limits.statementBytesMax) {
    throw new StatementLimitError(`Statement is ${statementBytes} bytes; D1 allows ${d1Limits.statementBytesMax}`);
  }
}

function libsqlStatementParts(statement: InStatement | [string, unknown[]?]): { sqlText: string; parameterCount: number; values: readonly unknown[] } {
  if (typeof statement === "string") return { sqlText: statement, parameterCount: 0, values: [] };
  if (Array.isArray(statement)) return { sqlText: statement[0], parameterCount: statement[1]?.length ?? 0, values: statement[1] ?? [] };
  const args = statement.args;
  const values: readonly unknown[] = args === undefined ? [] : Array.isArray(args) ? args : Object.values(args);
  return { sqlText: statement.sql, parameterCount: values.length, values };
}

/** A libSQL client that refuses, before sending, any statement D1 would refuse. */
export function guardLibsqlClient(client: Client): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "execute") {
        return (statement: InStatement, args?: unknown[]) => {
          const parts =
            typeof statement === "string"
              ? { sqlText: statement, parameterCount: args?.length ?? 0, values: args ?? [] }
              : libsqlStatementParts(statement);
          assertWithinD1Limits(parts.sqlText, parts.parameterCount);
          assertValuesWithinD1Limits(parts.values);
          return args === undefined ? target.execute(statement) : target.execute(statement as string, args as never);
        };
      }
      if (property === "batch") {
        return (statements: InStatement[], mode?: Parameters<Client["batch"]>[1]) => {
          for (const statement of statements) {
            const parts = libsqlStatementParts(statement);
            assertWithinD1Limits(parts.sqlText, parts.parameterCount);
            assertValuesWithinD1Limits(parts.values);
          }
          return target.batch(statements, mode);
        };
      }
      return passThrough(target, property, receiver);
    },
  });
}

/**
 * A D1 binding whose prepared statements check the limits on bind(). D1 does
 * refuse these itself in production; the guard makes the refusal happen in
 * local D1 and in tests too, with a message that names the statement.
 */
export function guardD1Database(database: D1Database): D1Database {
  const guardStatement = (statement: D1PreparedStatement, sqlText: string): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, property, receiver) {
        if (property === "bind") {
          return (...values: unknown[]) => {
            assertWithinD1Limits(sqlText, values.length);
            assertValuesWithinD1Limits(values);
            return guardStatement(target.bind(...values), sqlText);
          };
        }
        return passThrough(target, property, receiver);
      },
    });

  return new Proxy(database, {
    get(target, property, receiver) {
      if (property === "prepare") {
        return (sqlText: string) => {
          assertWithinD1Limits(sqlText, 0);
          return guardStatement(target.prepare(sqlText), sqlText);
        };
      }
      return passThrough(target, property, receiver);
    },
  });
}
