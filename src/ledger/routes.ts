import { createRoute, z } from "@hono/zod-openapi";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { bearerSecurity, commonErrors, jsonContent } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { accountSubtypes, accountTypes } from "./chart-of-accounts.ts";
import { listChartOfAccounts } from "./service.ts";

const accountSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(accountTypes),
    subtype: z.enum(accountSubtypes),
  })
  .openapi("Account");

const listAccountsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/accounts",
  tags: ["Ledger"],
  summary: "The company's chart of accounts, ordered by code",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams },
  responses: { 200: jsonContent(z.object({ data: z.array(accountSchema) }), "The chart of accounts"), ...commonErrors },
});

export const ledgerRoutes = createRouter().openapi(listAccountsRoute, async (c) => {
  const accounts = await listChartOfAccounts(c.var.db, c.var.company.id);
  return c.json(
    { data: accounts.map(({ id, code, name, type, subtype }) => ({ id, code, name, type, subtype })) },
    200,
  );
});
