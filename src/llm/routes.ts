import { createRoute, z } from "@hono/zod-openapi";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { isoDate } from "../http/fields.ts";
import { bearerSecurity, commonErrors, jsonContent } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { llmOutcomes } from "../shared/vocabulary.ts";
import { llmUsage } from "./service.ts";

const usageSchema = z
  .object({
    provider: z.string().nullable().openapi({ description: "The provider this host is configured to ask now (mock, openai, anthropic, workers-ai), whoever answered the calls counted; null when the tier is off" }),
    model: z.string().nullable().openapi({ description: "The model configured now" }),
    since: z.string(),
    calls: z.number().int().openapi({ description: "Asks, each about up to 50 distinct vendors" }),
    requests: z.number().int().openapi({ description: "HTTP requests, retries included: what the budgets count" }),
    vendorsAsked: z.number().int().openapi({ description: "Vendor groups (vendor, direction, band of amounts) sent to the provider; a remembered answer is not asked again" }),
    promptTokens: z.number().int().openapi({ description: "As the provider's usage reported them (the mock estimates a token per four characters)" }),
    completionTokens: z.number().int(),
    latencyMs: z.object({ p50: z.number(), p95: z.number(), max: z.number() }).nullable().openapi({ description: "Per ask, retries and their waits included" }),
    outcomes: z.partialRecord(z.enum(llmOutcomes), z.number().int()).openapi({ description: "Asks by how they ended: ok, timeout, rate_limited, server_error, refused, garbage" }),
  })
  .openapi("LlmUsage");

export const llmUsageRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/llm/usage",
  tags: ["LLM tier"],
  summary: "What the LLM tier cost this company: calls, tokens, latency, outcomes",
  description: "Since `since` (a date, default the first of this month, UTC). Multiply the tokens by your provider's prices for the cost; README works one out per 1,000 transactions.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: z.object({ since: isoDate.optional() }) },
  responses: { 200: jsonContent(z.object({ usage: usageSchema }), "The usage"), ...commonErrors },
});

export const llmRoutes = createRouter().openapi(llmUsageRoute, async (c) => {
  const since = c.req.valid("query").since ?? `${new Date().toISOString().slice(0, 7)}-01`;
  return c.json({ usage: await llmUsage(c.var.db, c.var.llm, c.var.company.id, since) }, 200);
});
