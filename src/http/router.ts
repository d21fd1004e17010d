import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { AppError } from "./errors.ts";
import type { AppEnv } from "./env.ts";

interface FieldProblem {
  field: string;
  message: string;
}

export function describeZodError(error: ZodError): { message: string; problems: FieldProblem[] } {
  const problems = error.issues.map((issue) => ({
    field: issue.path.length === 0 ? "(body)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
  const message = problems.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
  return { message: message || "The request is invalid", problems };
}

/**
 * Every feature router is built here, so that a schema violation anywhere is
 * the same 422 naming the field, never a per-route shape.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const { message, problems } = describeZodError(result.error);
        throw new AppError("validation_failed", message, { target: result.target, problems });
      }
      return undefined;
    },
  });
}
