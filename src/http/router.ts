import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { AppError } from "./errors.ts";
import type { AppEnv } from "./env.ts";

interface FieldProblem {
  field: string;
  message: string;
}

type Issue = ZodError["issues"][number];

/**
 * A union's own message is "Invalid input", which helps nobody. The branch
 * the value was meant for is one whose type it has, and of those the one it
 * got furthest into (its problems sit deepest); its problems are told instead.
 */
function closestBranch(issue: Issue): Issue[] {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
  const reach = (branch: readonly Issue[]): number =>
    branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0) ? -1 : Math.max(...branch.map((inner) => inner.path.length));
  const branch = issue.errors.reduce((best, candidate) => (reach(candidate) > reach(best) ? candidate : best));
  return branch.flatMap((inner) => closestBranch({ ...inner, path: [...issue.path, ...inner.path] }));
}

export function describeZodError(error: ZodError): { message: string; problems: FieldProblem[] } {
  const problems = error.issues.flatMap(closestBranch).map((issue) => ({
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
