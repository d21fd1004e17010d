/**
 * What the API answers, taken from the app's own route definitions: the
 * schema each route declares for its JSON answer (the same one its OpenAPI
 * document shows). A client checks an answer against it, so the pilot, the
 * load test and the API can never disagree about a shape without the client
 * saying so; and no client writes a shape of its own.
 */
import type { z } from "zod";
import { createBankAccountRoute } from "../src/bank-accounts/routes.ts";
import { createCompanyRoute } from "../src/companies/routes.ts";
import { listDocumentsRoute, uploadDocumentsRoute } from "../src/documents/routes.ts";
import { getImportRoute, importRoute, listImportsRoute, listRejectionsRoute } from "../src/ingest/routes.ts";
import { balanceSheetRoute, profitAndLossRoute, trialBalanceRoute } from "../src/ledger/routes.ts";
import { llmUsageRoute } from "../src/llm/routes.ts";
import { acceptRoute, correctManyRoute, listTransactionsRoute, unpairRoute } from "../src/transactions/routes.ts";

type JsonAnswerOf<Responses, Status extends keyof Responses> = Responses[Status] extends { content: { "application/json": { schema: infer Schema extends z.ZodType } } } ? Schema : never;

/** The schema a route declares for its JSON answer with this status. */
export function answerOf<Responses extends object, Status extends keyof Responses & number>(route: { responses: Responses }, status: Status): JsonAnswerOf<Responses, Status> {
  const declared = (route.responses as Record<number, { content?: Record<string, { schema?: unknown } | undefined> } | undefined>)[status];
  const schema = declared?.content?.["application/json"]?.schema;
  if (schema === undefined) throw new Error(`the route declares no JSON answer for ${status}`);
  return schema as JsonAnswerOf<Responses, Status>;
}

export const answers = {
  createdCompany: answerOf(createCompanyRoute, 201),
  createdBankAccount: answerOf(createBankAccountRoute, 201),
  /** 201 when a file was new, 200 when every file had been imported before: the same shape. */
  imports: answerOf(importRoute, 201),
  importList: answerOf(listImportsRoute, 200),
  importReport: answerOf(getImportRoute, 200),
  /** A page of one import's rejected (or skipped) rows; a report shows only the first few. */
  importRejections: answerOf(listRejectionsRoute, 200),
  transactionsPage: answerOf(listTransactionsRoute, 200),
  transaction: answerOf(acceptRoute, 200),
  unpaired: answerOf(unpairRoute, 200),
  corrections: answerOf(correctManyRoute, 200),
  trialBalance: answerOf(trialBalanceRoute, 200),
  profitAndLoss: answerOf(profitAndLossRoute, 200),
  balanceSheet: answerOf(balanceSheetRoute, 200),
  llmUsage: answerOf(llmUsageRoute, 200),
  documentsUploaded: answerOf(uploadDocumentsRoute, 201),
  documentsPage: answerOf(listDocumentsRoute, 200),
};

export type Answer<Name extends keyof typeof answers> = z.infer<(typeof answers)[Name]>;
