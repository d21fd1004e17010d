import { createRoute, z } from "@hono/zod-openapi";
import { getBankAccount } from "../bank-accounts/service.ts";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { idParam, pageQuery } from "../http/fields.ts";
import { jsonBody } from "../http/json-body.ts";
import { bearerSecurity, bodyErrors, commonErrors, conflictError, jsonContent, jsonRequestBody } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { correctionBody, correctionsBody, correctionsResponse, labelJson, labelSchema, transactionJson, transactionQuery, transactionSchema } from "./schemas.ts";
import { acceptSuggestion, actorOf, correctTransaction, correctTransactions, getTransaction, listTransactionPage, transactionLabels, unpairTransfer } from "./service.ts";

const tags = ["Transactions"];
const transactionParams = companyIdParams.extend({ transactionId: idParam("transactionId") });
const transactionResponse = jsonContent(z.object({ transaction: transactionSchema }), "The transaction, as it is now");

export const listTransactionsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/transactions",
  tags,
  summary: "List transactions, newest first, a page at a time, each with its best suggestion; ?status=review is the review queue",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: transactionQuery },
  responses: {
    200: jsonContent(z.object({ data: z.array(transactionSchema), nextCursor: z.string().nullable() }), "A page of transactions"),
    ...commonErrors,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/transactions/{transactionId}",
  tags,
  summary: "Show one transaction",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: transactionParams },
  responses: { 200: transactionResponse, ...commonErrors },
});

const correctRoute = createRoute({
  method: "patch",
  path: "/v1/companies/{companyId}/transactions/{transactionId}",
  tags,
  summary: "Correct a transaction's account",
  description:
    "Reverses the entry that posts the transaction and posts a new one to the account, in one batch; the journal keeps both. Undoing one side of a transfer sends the other side to review.",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: transactionParams, ...jsonRequestBody(correctionBody) },
  responses: { 200: transactionResponse, ...commonErrors, ...bodyErrors, ...conflictError },
});

export const correctManyRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/transactions/corrections",
  tags,
  summary: "Correct many transactions at once: all or none",
  description:
    "The body is `[{transactionId, accountCode}]` (or `{corrections: [...]}`), at most 500. Every correction is made in one batch, or, if any cannot be made (an unknown transaction or account code, one side of a transfer), none is and the answer lists each problem. A transaction already in its account is left as it is.",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: companyIdParams, ...jsonRequestBody(correctionsBody) },
  responses: { 200: jsonContent(correctionsResponse, "What each correction did"), ...commonErrors, ...bodyErrors, ...conflictError },
});

export const unpairRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/transactions/{transactionId}/unpair",
  tags,
  summary: "Undo a transfer pairing that is wrong",
  description: "Reverses the transfer entry; both sides then wait for review on their own, to be corrected like any transaction. 409 not_a_transfer otherwise.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: transactionParams },
  responses: { 200: transactionResponse, ...commonErrors, ...conflictError },
});

export const acceptRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/transactions/{transactionId}/accept",
  tags,
  summary: "Accept the best suggestion for a transaction waiting for review",
  description:
    "Posts the transaction to the account its most confident suggestion names, as a correction would (a reversal and a new entry), recorded as a person's decision. 409 nothing_to_accept when it is not waiting for review or no tier suggested anything.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: transactionParams },
  responses: { 200: transactionResponse, ...commonErrors, ...conflictError },
});

const labelsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/transactions/{transactionId}/labels",
  tags,
  summary: "What people said of a transaction, oldest first, a page at a time",
  description: "Every correction and accept, with the account before and after, the API key that made it and when: what the learned tier learns from.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: transactionParams, query: pageQuery },
  responses: { 200: jsonContent(z.object({ data: z.array(labelSchema), nextCursor: z.string().nullable() }), "A page of the transaction's labels; nextCursor null on the last"), ...commonErrors },
});

export const transactionRoutes = createRouter()
  .openapi(listTransactionsRoute, async (c) => {
    const query = c.req.valid("query");
    // Another company's bank account answers 404 here too, not an empty page.
    if (query.bankAccountId !== undefined) await getBankAccount(c.var.db, c.var.company.id, query.bankAccountId);
    const page = await listTransactionPage(c.var.db, c.var.company.id, query);
    return c.json({ data: page.transactions.map(transactionJson), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getRoute, async (c) => {
    const { transactionId } = c.req.valid("param");
    return c.json({ transaction: transactionJson(await getTransaction(c.var.db, c.var.company.id, transactionId)) }, 200);
  })
  .openapi(correctRoute, async (c) => {
    const { transactionId } = c.req.valid("param");
    const { company, db } = c.var;
    await correctTransaction(db, company.id, transactionId, c.req.valid("json").accountCode, actorOf(c.var.principal), new Date());
    return c.json({ transaction: transactionJson(await getTransaction(db, company.id, transactionId)) }, 200);
  })
  .openapi(acceptRoute, async (c) => {
    const { transactionId } = c.req.valid("param");
    const { company, db } = c.var;
    await acceptSuggestion(db, company.id, transactionId, actorOf(c.var.principal), new Date());
    return c.json({ transaction: transactionJson(await getTransaction(db, company.id, transactionId)) }, 200);
  })
  .openapi(correctManyRoute, async (c) => {
    const body = c.req.valid("json");
    const items = Array.isArray(body) ? body : body.corrections;
    const outcomes = await correctTransactions(c.var.db, c.var.company.id, items, actorOf(c.var.principal), new Date(), Array.isArray(body) ? "" : "corrections.");
    return c.json({ corrections: outcomes }, 200);
  })
  .openapi(labelsRoute, async (c) => {
    const { transactionId } = c.req.valid("param");
    const { rows, nextCursor } = await transactionLabels(c.var.db, c.var.company.id, transactionId, c.req.valid("query"));
    return c.json({ data: rows.map(labelJson), nextCursor }, 200);
  })
  .openapi(unpairRoute, async (c) => {
    const { transactionId } = c.req.valid("param");
    const { company, db } = c.var;
    await unpairTransfer(db, company.id, transactionId, actorOf(c.var.principal), new Date());
    return c.json({ transaction: transactionJson(await getTransaction(db, company.id, transactionId)) }, 200);
  });
