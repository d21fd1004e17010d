import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody } from "../http/json-body.ts";
import {
  bearerSecurity,
  bodyErrors,
  commonErrors,
  conflictError,
  forbiddenError,
  limitError,
  jsonContent,
  jsonRequestBody,
} from "../http/openapi.ts";
import { idParam, pageQuery } from "../http/fields.ts";
import { createRouter } from "../http/router.ts";
import { requireAdmin, scopeToCompany } from "./auth.ts";
import {
  apiKeyJson,
  apiKeySchema,
  companyIdParams,
  companyJson,
  companySchema,
  createApiKeyBody,
  createCompanyBody,
  issuedKeySchema,
  updateCompanyBody,
} from "./schemas.ts";
import { createApiKey, createCompany, listCompanyApiKeys, listCompanyPage, revokeApiKey, updateCompany } from "./service.ts";

const tags = ["Companies"];

export const createCompanyRoute = createRoute({
  method: "post",
  path: "/v1/companies",
  tags,
  summary: "Create a company (admin token): seeds its industry's chart of accounts and returns its first API key",
  security: bearerSecurity,
  middleware: [requireAdmin, ...jsonBody] as const,
  request: jsonRequestBody(createCompanyBody),
  responses: {
    201: jsonContent(z.object({ company: companySchema, apiKey: issuedKeySchema }), "The company, and its first API key"),
    ...commonErrors,
    ...bodyErrors,
    ...forbiddenError,
  },
});

const listCompaniesRoute = createRoute({
  method: "get",
  path: "/v1/companies",
  tags,
  summary: "List every company (admin token), oldest first, a page at a time",
  security: bearerSecurity,
  middleware: [requireAdmin] as const,
  request: { query: pageQuery },
  responses: {
    200: jsonContent(z.object({ data: z.array(companySchema), nextCursor: z.string().nullable() }), "A page of companies; nextCursor null on the last"),
    ...commonErrors,
    ...forbiddenError,
  },
});

const getCompanyRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}",
  tags,
  summary: "Show a company",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams },
  responses: { 200: jsonContent(z.object({ company: companySchema }), "The company"), ...commonErrors },
});

const updateCompanyRoute = createRoute({
  method: "patch",
  path: "/v1/companies/{companyId}",
  tags,
  summary: "Change a company's settings: the confidence a tier's suggestion needs to post",
  description: "Applies to what is imported from then on; what is already posted stays as it is.",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: companyIdParams, ...jsonRequestBody(updateCompanyBody) },
  responses: { 200: jsonContent(z.object({ company: companySchema }), "The company, as it is now"), ...commonErrors, ...bodyErrors },
});

const createApiKeyRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/api-keys",
  tags,
  summary: "Create another API key for the company",
  description: "409 limit_reached once the company has API_KEYS_PER_COMPANY_MAX active keys (default 50); revoke one to make room.",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: {
    params: companyIdParams,
    body: { content: { "application/json": { schema: createApiKeyBody } }, required: false },
  },
  responses: {
    201: jsonContent(z.object({ apiKey: apiKeySchema, key: issuedKeySchema }), "The new key, shown once"),
    ...commonErrors,
    ...bodyErrors,
    ...limitError,
  },
});

const listApiKeysRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/api-keys",
  tags,
  summary: "List the company's API keys, revoked ones too (never the secrets), oldest first, a page at a time",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: pageQuery },
  responses: { 200: jsonContent(z.object({ data: z.array(apiKeySchema), nextCursor: z.string().nullable() }), "A page of keys; nextCursor null on the last"), ...commonErrors },
});

const revokeApiKeyRoute = createRoute({
  method: "delete",
  path: "/v1/companies/{companyId}/api-keys/{apiKeyId}",
  tags,
  summary: "Revoke an API key (idempotent)",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams.extend({ apiKeyId: idParam("apiKeyId") }) },
  responses: {
    200: jsonContent(z.object({ apiKey: apiKeySchema }), "The revoked key"),
    ...commonErrors,
    ...conflictError,
  },
});

export const companyRoutes = createRouter()
  .openapi(createCompanyRoute, async (c) => {
    const created = await createCompany(c.var.db, c.req.valid("json"), new Date());
    return c.json({ company: companyJson(created.company), apiKey: created.secret }, 201);
  })
  .openapi(listCompaniesRoute, async (c) => {
    const { rows, nextCursor } = await listCompanyPage(c.var.db, c.req.valid("query"));
    return c.json({ data: rows.map(companyJson), nextCursor }, 200);
  })
  .openapi(getCompanyRoute, (c) => c.json({ company: companyJson(c.var.company) }, 200))
  .openapi(updateCompanyRoute, async (c) => {
    const company = await updateCompany(c.var.db, c.var.company.id, c.req.valid("json"));
    return c.json({ company: companyJson(company) }, 200);
  })
  .openapi(createApiKeyRoute, async (c) => {
    const label = c.req.valid("json").label ?? null;
    const created = await createApiKey(c.var.db, c.var.company.id, label, new Date(), c.var.config.limits.apiKeysPerCompanyMax);
    return c.json({ apiKey: apiKeyJson(created.apiKey), key: created.secret }, 201);
  })
  .openapi(listApiKeysRoute, async (c) => {
    const { rows, nextCursor } = await listCompanyApiKeys(c.var.db, c.var.company.id, c.req.valid("query"));
    return c.json({ data: rows.map(apiKeyJson), nextCursor }, 200);
  })
  .openapi(revokeApiKeyRoute, async (c) => {
    const { apiKeyId } = c.req.valid("param");
    const apiKey = await revokeApiKey(c.var.db, c.var.company.id, apiKeyId, c.var.principal, new Date());
    return c.json({ apiKey: apiKeyJson(apiKey) }, 200);
  });
