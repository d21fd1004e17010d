import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireAdmin, scopeToCompany } from "../companies/auth.ts";
import type { AppEnv } from "../http/env.ts";
import { AppError } from "../http/errors.ts";
import { defaultSplit, parseSplit, type SplitShares } from "../training/dataset.ts";
import { companyTrainingExport, everyCompanyTrainingExport, type TrainingFormat } from "../training/service.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { bearerSecurity, commonErrors } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { exportHledgerJournal } from "./service.ts";

const hledgerRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/export/ledger.journal",
  tags: ["Export"],
  summary: "The books as an hledger journal: `hledger -f ledger.journal balance` agrees with the trial balance",
  security: bearerSecurity,
  request: { params: companyIdParams },
  responses: { 200: { content: { "text/plain": { schema: z.string() } }, description: "An hledger journal" }, ...commonErrors },
});

const trainingQuery = z.object({
  format: z.enum(["jsonl", "csv"]).optional().openapi({ description: "jsonl (default), or csv: the same fields, a cell that would start a formula prefixed with '" }),
  split: z.string().optional().openapi({ description: "train/validation/test percentages, summing to 100 (default 80/10/10); a line's split is fixed by a hash of its id", example: "80/10/10" }),
});
const trainingDescription =
  "One line per settled transaction (decided by a tier or a person; what waits for review is left out): features (date, description, vendor, amountMinor, currency, direction, bankAccountKind), label {accountCode, accountName, accountType}, provenance (source: rule|learned|llm|transfer|person, ruleId, model, corrected, previous) and split. Streamed, oldest first. Fields and what is personal data: docs/training-dataset.md.";

const trainingRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/export/training.jsonl",
  tags: ["Export"],
  summary: "The company's training dataset: every settled transaction with its label and where the label came from",
  description: trainingDescription,
  security: bearerSecurity,
  request: { params: companyIdParams, query: trainingQuery },
  responses: { 200: { content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } }, description: "JSON Lines, or CSV" }, ...commonErrors },
});

const everyCompanyTrainingRoute = createRoute({
  method: "get",
  path: "/v1/export/training.jsonl",
  tags: ["Export"],
  summary: "Every company's training dataset, for training across companies (admin): each line names its company by a pseudonym",
  description: `${trainingDescription} Each line's company is an HMAC of the company's id under a random secret the host keeps: the same in every download from this host, and not the id.`,
  security: bearerSecurity,
  request: { query: trainingQuery },
  responses: { 200: { content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } }, description: "JSON Lines, or CSV" }, ...commonErrors },
});

/** The export's format and split, from the query; a split that is not three percentages summing to 100 is refused. */
function trainingOptions(c: Context<AppEnv>): { format: TrainingFormat; shares: SplitShares } {
  const format = c.req.query("format") ?? "jsonl";
  if (format !== "jsonl" && format !== "csv") throw new AppError("validation_failed", `format: jsonl or csv, not ${JSON.stringify(format.slice(0, 40))}`, { field: "format" });
  const splitText = c.req.query("split");
  const shares = splitText === undefined ? defaultSplit : parseSplit(splitText);
  if (shares === undefined) throw new AppError("validation_failed", `split: three whole percentages for train/validation/test that sum to 100, such as 80/10/10, not ${JSON.stringify((splitText ?? "").slice(0, 40))}`, { field: "split" });
  return { format, shares };
}

const trainingHeaders = (format: TrainingFormat, filename: string): Record<string, string> => ({
  "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  "content-disposition": `attachment; filename="${filename}.${format}"`,
});

/** An async generator of text as a response body, read only as fast as the client takes it. */
function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // The status is sent; all that is left is to end the body broken, so the client sees a failed download, not a short file.
        console.error(JSON.stringify({ level: "error", message: "an export failed while streaming", error: error instanceof Error ? error.message : String(error) }));
        controller.error(error);
      }
    },
  });
}

/**
 * The exports stream their bodies, which the typed OpenAPI handler cannot
 * say; each route is documented in the registry and served as a plain GET.
 */
export const exportRoutes = createRouter();
exportRoutes.openAPIRegistry.registerPath(hledgerRoute);
exportRoutes.openAPIRegistry.registerPath(trainingRoute);
exportRoutes.openAPIRegistry.registerPath(everyCompanyTrainingRoute);
exportRoutes.get("/v1/companies/:companyId/export/ledger.journal", scopeToCompany, (c) => {
  const { company, db } = c.var;
  return c.body(textStream(exportHledgerJournal(db, company)), 200, {
    "content-type": "text/plain; charset=utf-8",
    "content-disposition": 'attachment; filename="ledger.journal"',
  });
});

exportRoutes.get("/v1/companies/:companyId/export/training.jsonl", scopeToCompany, (c) => {
  const { format, shares } = trainingOptions(c);
  return c.body(textStream(companyTrainingExport(c.var.db, c.var.company.id, shares, format)), 200, trainingHeaders(format, "training"));
});

exportRoutes.get("/v1/export/training.jsonl", requireAdmin, (c) => {
  const { format, shares } = trainingOptions(c);
  return c.body(textStream(everyCompanyTrainingExport(c.var.db, shares, format)), 200, trainingHeaders(format, "training-all-companies"));
});
