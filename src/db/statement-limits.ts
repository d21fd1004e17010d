/**
 * D1 refuses a statement that binds more than 100 parameters or whose SQL is
 * longer than 100,000 bytes. libSQL accepts both, so code that only ever ran
 * on Node would break at the edge. Both hosts wrap their client with these
 * guards, which makes the Node host exactly as strict as D1.
 */
import type { Client, InStatement } from "@libsql/client";

export const d1Limits = { boundParametersMax: 100, statementBytesMax: 100_000 } as const;

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

function libsqlStatementParts(statement: InStatement | [string, unknown[]?]): { sqlText: string; parameterCount: number } {
  if (typeof statement === "string") return { sqlText: statement, parameterCount: 0 };
  if (Array.isArray(statement)) return { sqlText: statement[0], parameterCount: statement[1]?.length ?? 0 };
  const args = statement.args;
  const parameterCount = args === undefined ? 0 : Array.isArray(args) ? args.length : Object.keys(args).length;
  return { sqlText: statement.sql, parameterCount };
}

/** A libSQL client that refuses, before sending, any statement D1 would refuse. */
export function guardLibsqlClient(client: Client): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "execute") {
        return (statement: InStatement, args?: unknown[]) => {
          const parts =
            typeof statement === "string"
              ? { sqlText: statement, parameterCount: args?.length ?? 0 }
              : libsqlStatementParts(statement);
          assertWithinD1Limits(parts.sqlText, parts.parameterCount);
          return args === undefined ? target.execute(statement) : target.execute(statement as string, args as never);
        };
      }
      if (property === "batch") {
        return (statements: InStatement[], mode?: Parameters<Client["batch"]>[1]) => {
          for (const statement of statements) {
            const parts = libsqlStatementParts(statement);
            assertWithinD1Limits(parts.sqlText, parts.parameterCount);
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
