import { createRoute, z } from "@hono/zod-openapi";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { idParam, pageQuery } from "../http/fields.ts";
import { jsonBody } from "../http/json-body.ts";
import { bearerSecurity, bodyErrors, commonErrors, jsonContent, jsonRequestBody, limitError } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { createRuleBody, ruleJson, ruleSchema, updateRuleBody } from "./schemas.ts";
import { createRule, deleteRule, getRule, listRulePage, updateRule } from "./service.ts";

const tags = ["Rules"];
const ruleParams = companyIdParams.extend({ ruleId: idParam("ruleId") });
const ruleResponse = jsonContent(z.object({ rule: ruleSchema }), "The rule");

const listRulesRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/rules",
  tags,
  summary: "The company's categorization rules, a page at a time, in the order they are tried",
  description: "`?limit` (1 to 500, default 100) and `?cursor` (the previous page's `nextCursor`, null on the last page).",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: pageQuery },
  responses: { 200: jsonContent(z.object({ data: z.array(ruleSchema), nextCursor: z.string().nullable() }), "A page of rules"), ...commonErrors },
});

const createRuleRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/rules",
  tags,
  summary: "Add a rule",
  description:
    "Applies to transactions imported from now on. A regular expression that is too long or could backtrack catastrophically is refused with unsafe_pattern. " +
    "409 limit_reached once the company has RULES_PER_COMPANY_MAX rules (default 1,000; the industry pack's count).",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: companyIdParams, ...jsonRequestBody(createRuleBody) },
  responses: { 201: ruleResponse, ...commonErrors, ...bodyErrors, ...limitError },
});

const getRuleRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/rules/{ruleId}",
  tags,
  summary: "Show a rule",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: ruleParams },
  responses: { 200: ruleResponse, ...commonErrors },
});

const updateRuleRoute = createRoute({
  method: "patch",
  path: "/v1/companies/{companyId}/rules/{ruleId}",
  tags,
  summary: "Change a rule's name, conditions, action or position",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: ruleParams, ...jsonRequestBody(updateRuleBody) },
  responses: { 200: ruleResponse, ...commonErrors, ...bodyErrors },
});

const deleteRuleRoute = createRoute({
  method: "delete",
  path: "/v1/companies/{companyId}/rules/{ruleId}",
  tags,
  summary: "Delete a rule; the decisions it made stay in the journal",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: ruleParams },
  responses: { 204: { description: "Deleted" }, ...commonErrors },
});

export const ruleRoutes = createRouter()
  .openapi(listRulesRoute, async (c) => {
    const page = await listRulePage(c.var.db, c.var.company.id, c.req.valid("query"));
    return c.json({ data: page.rules.map(ruleJson), nextCursor: page.nextCursor }, 200);
  })
  .openapi(createRuleRoute, async (c) => {
    const rule = await createRule(c.var.db, c.var.company.id, c.req.valid("json"), new Date(), c.var.config.limits.rulesPerCompanyMax);
    return c.json({ rule: ruleJson(rule) }, 201);
  })
  .openapi(getRuleRoute, async (c) => {
    const rule = await getRule(c.var.db, c.var.company.id, c.req.valid("param").ruleId);
    return c.json({ rule: ruleJson(rule) }, 200);
  })
  .openapi(updateRuleRoute, async (c) => {
    const rule = await updateRule(c.var.db, c.var.company.id, c.req.valid("param").ruleId, c.req.valid("json"), new Date());
    return c.json({ rule: ruleJson(rule) }, 200);
  })
  .openapi(deleteRuleRoute, async (c) => {
    await deleteRule(c.var.db, c.var.company.id, c.req.valid("param").ruleId);
    return c.body(null, 204);
  });
