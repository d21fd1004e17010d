import { createRoute, z } from "@hono/zod-openapi";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { idParam } from "../http/fields.ts";
import { jsonBody } from "../http/json-body.ts";
import { bearerSecurity, bodyErrors, commonErrors, conflictError, jsonContent, jsonRequestBody } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { bankAccountJson, bankAccountSchema, createBankAccountBody, updateBankAccountBody } from "./schemas.ts";
import { createBankAccount, getBankAccount, listBankAccounts, updateBankAccount } from "./service.ts";

const tags = ["Bank accounts"];

export const createBankAccountRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/bank-accounts",
  tags,
  summary: "Create a bank account, linked to its own ledger account",
  description: "409 limit_reached once the company has BANK_ACCOUNTS_PER_COMPANY_MAX bank accounts (default 100).",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: companyIdParams, ...jsonRequestBody(createBankAccountBody) },
  responses: {
    201: jsonContent(z.object({ bankAccount: bankAccountSchema }), "The bank account"),
    ...commonErrors,
    ...bodyErrors,
    ...conflictError,
  },
});

const listBankAccountsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/bank-accounts",
  tags,
  summary: "List the company's bank accounts",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams },
  responses: { 200: jsonContent(z.object({ data: z.array(bankAccountSchema) }), "The bank accounts"), ...commonErrors },
});

const getBankAccountRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/bank-accounts/{bankAccountId}",
  tags,
  summary: "Show a bank account",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams.extend({ bankAccountId: idParam("bankAccountId") }) },
  responses: { 200: jsonContent(z.object({ bankAccount: bankAccountSchema }), "The bank account"), ...commonErrors },
});

const updateBankAccountRoute = createRoute({
  method: "patch",
  path: "/v1/companies/{companyId}/bank-accounts/{bankAccountId}",
  tags,
  summary: "Change a bank account's CSV settings",
  description: "Pins the sign convention, date format, delimiter or columns for the files imported from here on; earlier imports are left as they are.",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: companyIdParams.extend({ bankAccountId: idParam("bankAccountId") }), ...jsonRequestBody(updateBankAccountBody) },
  responses: { 200: jsonContent(z.object({ bankAccount: bankAccountSchema }), "The bank account"), ...commonErrors, ...bodyErrors },
});

export const bankAccountRoutes = createRouter()
  .openapi(createBankAccountRoute, async (c) => {
    const bankAccount = await createBankAccount(c.var.db, c.var.company, c.req.valid("json"), new Date(), c.var.config.limits.bankAccountsPerCompanyMax);
    return c.json({ bankAccount: bankAccountJson(bankAccount) }, 201);
  })
  .openapi(listBankAccountsRoute, async (c) => {
    const bankAccounts = await listBankAccounts(c.var.db, c.var.company.id);
    return c.json({ data: bankAccounts.map(bankAccountJson) }, 200);
  })
  .openapi(getBankAccountRoute, async (c) => {
    const bankAccount = await getBankAccount(c.var.db, c.var.company.id, c.req.valid("param").bankAccountId);
    return c.json({ bankAccount: bankAccountJson(bankAccount) }, 200);
  })
  .openapi(updateBankAccountRoute, async (c) => {
    const bankAccount = await updateBankAccount(c.var.db, c.var.company.id, c.req.valid("param").bankAccountId, c.req.valid("json"));
    return c.json({ bankAccount: bankAccountJson(bankAccount) }, 200);
  });
