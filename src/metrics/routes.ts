import { createRoute, z } from "@hono/zod-openapi";
import { requireAdmin, scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { AppError } from "../http/errors.ts";
import { isoDate } from "../http/fields.ts";
import { bearerSecurity, commonErrors, jsonContent } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { everyCompanyMetrics, metricsOf, type Metrics } from "./service.ts";

const share = z.number().nullable();
const decidedBy = z.object({ rule: z.number().int(), learned: z.number().int(), llm: z.number().int(), transfer: z.number().int(), person: z.number().int(), review: z.number().int() });
const transactionFigures = z.object({
  imported: z.number().int(),
  decidedBy: decidedBy.openapi({ description: "Who decides each transaction now: a tier, the transfer pairing, a person, or nobody yet (review)" }),
  personAfterTier: z.number().int().openapi({ description: "Decided by a person now, or sent back to review by one (an undone transfer pairing), after a tier or the pairing had decided first" }),
  changedByPeople: z.number().int().openapi({ description: "Of those, the ones a person moved to another account than the tier's" }),
  shares: z.object({ rule: z.number(), learned: z.number(), llm: z.number(), transfer: z.number(), person: z.number(), review: z.number() }),
  automation: share.openapi({ description: "The share first decided without a person" }),
  accuracy: share.openapi({ description: "Of the automatic decisions, the share no person changed" }),
});
const metricsSchema = z
  .object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    granularity: z.literal("month"),
    transactions: transactionFigures,
    byMonth: z.array(transactionFigures.extend({ month: z.string() })).openapi({ description: "By month of posting" }),
    reviewQueue: z.object({ size: z.number().int(), oldestCreatedAt: z.string().nullable(), oldestAgeDays: z.number().int().nullable() }).openapi({ description: "As it is now, whatever the period" }),
    receipts: z.object({ documents: z.number().int(), matched: z.number().int(), suggested: z.number().int(), unmatched: z.number().int(), unreadable: z.number().int(), matchRate: share }),
    imports: z.object({ imports: z.number().int(), rows: z.number().int(), inserted: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), skipped: z.number().int() }),
    llm: z.object({ calls: z.number().int(), requests: z.number().int(), promptTokens: z.number().int(), completionTokens: z.number().int(), latencyMsMean: z.number(), latencyMsMax: z.number() }),
  })
  .openapi("Metrics");

const metricsQuery = z.object({
  from: isoDate.optional().openapi({ description: "First day (transactions by posting date; imports, documents and LLM calls by when they arrived)" }),
  to: isoDate.optional(),
  granularity: z.enum(["month"]).optional(),
});

const companyRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/metrics",
  tags: ["Metrics"],
  summary: "The company's figures: who decides its transactions, automation, accuracy against people's corrections, the review queue, receipts, imports and LLM work",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: metricsQuery },
  responses: { 200: jsonContent(z.object({ metrics: metricsSchema }), "The figures"), ...commonErrors },
});

const everyCompanyRoute = createRoute({
  method: "get",
  path: "/v1/metrics",
  tags: ["Metrics"],
  summary: "The same figures over every company, for the operator (admin)",
  security: bearerSecurity,
  middleware: [requireAdmin] as const,
  request: { query: metricsQuery },
  responses: { 200: jsonContent(z.object({ metrics: metricsSchema.extend({ companies: z.number().int() }) }), "The figures"), ...commonErrors },
});

function period(query: z.infer<typeof metricsQuery>): { from: string | undefined; to: string | undefined } {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw new AppError("validation_failed", `from (${query.from}) is after to (${query.to})`, { field: "from" });
  return { from: query.from, to: query.to };
}

export const metricsRoutes = createRouter()
  .openapi(companyRoute, async (c) => {
    const metrics: Metrics = await metricsOf(c.var.db, { companyId: c.var.company.id, ...period(c.req.valid("query")) }, new Date());
    return c.json({ metrics }, 200);
  })
  .openapi(everyCompanyRoute, async (c) => {
    return c.json({ metrics: await everyCompanyMetrics(c.var.db, period(c.req.valid("query")), new Date()) }, 200);
  });
