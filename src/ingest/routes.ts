import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { getBankAccount } from "../bank-accounts/service.ts";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import type { AppEnv } from "../http/env.ts";
import { idParam, pageQuery } from "../http/fields.ts";
import { bearerSecurity, commonErrors, errorResponse, jsonContent } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { eachFile, failedFile, limitUploads, noFileTaken, readUploads, type UploadRules } from "../http/uploads.ts";
import { matchDocumentsAfterImport } from "../documents/service.ts";
import { answerImportWithLlm } from "../llm/service.ts";
import { AppError } from "../http/errors.ts";
import { failedFileSchema, importReportSchema, rowProblemSchema } from "./schemas.ts";
import { rowProblemKinds } from "../shared/vocabulary.ts";
import { getImport, importFile, listImportPage, listRowProblemsPage, rowProblemsShownMax, type ImportOutcome, type UploadedFile } from "./service.ts";

const tags = ["Imports"];
const bankAccountParams = companyIdParams.extend({ bankAccountId: idParam("bankAccountId") });
/** At most this many files in one multipart request. */
const filesPerRequestMax = 20;


const uploadRules: UploadRules = { what: "bank file", filesMax: filesPerRequestMax, bytesMax: (c) => c.var.config.importBytesMax };
const limitUpload = limitUploads(uploadRules);

const rawTypes = ["text/csv", "text/plain", "text/tab-separated-values", "application/csv", "application/octet-stream", "application/vnd.ms-excel", "text/comma-separated-values"];

async function filesOf(c: Context<AppEnv>): Promise<{ files: UploadedFile[]; multipart: boolean }> {
  const rawType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (rawType !== "" && rawType !== "multipart/form-data" && !rawTypes.includes(rawType)) {
    throw new AppError("unsupported_media_type", `Send the bank file itself (text/csv, text/plain or application/octet-stream) or multipart/form-data, not ${rawType}`);
  }
  const { files, multipart } = await readUploads(c, uploadRules);
  return { files: files.map(({ filename, bytes }) => ({ filename, bytes })), multipart };
}

export const importRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/bank-accounts/{bankAccountId}/imports",
  tags,
  summary: "Import bank statement files: the raw file as the body, or several as multipart/form-data",
  description:
    "Each file is imported on its own, all of its rows or none. The same bytes again answer 200 with the earlier report. " +
    "`?strict=true` refuses a file with any unreadable row. An `Idempotency-Key` header replays the first answer.",
  security: bearerSecurity,
  middleware: [scopeToCompany, limitUpload] as const,
  request: {
    params: bankAccountParams,
    query: z.object({ strict: z.enum(["true", "false"]).optional(), filename: z.string().max(255).optional() }),
    headers: z.object({ "idempotency-key": z.string().min(1).max(255).optional() }),
  },
  responses: {
    201: jsonContent(z.object({ imports: z.array(z.union([importReportSchema, failedFileSchema])) }), "Imported (at least one file new)"),
    200: jsonContent(z.object({ imports: z.array(z.union([importReportSchema, failedFileSchema])) }), "Every file had been imported before: the earlier reports"),
    413: errorResponse("A file, or the request, is too large"),
    415: errorResponse("Neither a raw file nor multipart/form-data"),
    409: errorResponse("The Idempotency-Key was used for another file or bank account"),
    ...commonErrors,
    // After commonErrors: an upload route also answers too_many_uploads.
    429: errorResponse("too_many_uploads: the host holds as many uploads as it may at once (UPLOADS_IN_FLIGHT_MAX_BYTES); rate_limited: this key sent more requests this minute than the host allows. Send again after Retry-After seconds"),
  },
});

export const listImportsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/bank-accounts/{bankAccountId}/imports",
  tags,
  summary: "List a bank account's imports, newest first, a page at a time",
  description: `\`?limit\` (1 to 500, default 100) and \`?cursor\` (the previous page's \`nextCursor\`, null on the last page). Each report shows its first ${rowProblemsShownMax} rejected rows; \`rows.rejected\` counts them all.`,
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: bankAccountParams, query: pageQuery },
  responses: { 200: jsonContent(z.object({ data: z.array(importReportSchema), nextCursor: z.string().nullable() }), "A page of imports"), ...commonErrors },
});

export const listRejectionsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/bank-accounts/{bankAccountId}/imports/{importId}/rejections",
  tags,
  summary: "Every row an import could not read, by line, a page at a time",
  description: "`?kind=skipped` lists the balance and summary rows it skipped instead. `?limit` (1 to 500, default 100) and `?cursor` page as every list does.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: {
    params: bankAccountParams.extend({ importId: idParam("importId") }),
    query: pageQuery.extend({ kind: z.enum(rowProblemKinds).default("rejected") }),
  },
  responses: { 200: jsonContent(z.object({ data: z.array(rowProblemSchema), nextCursor: z.string().nullable() }), "A page of rows"), ...commonErrors },
});

export const getImportRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/bank-accounts/{bankAccountId}/imports/{importId}",
  tags,
  summary: "Show one import's report",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: bankAccountParams.extend({ importId: idParam("importId") }) },
  responses: { 200: jsonContent(z.object({ import: importReportSchema }), "The import"), ...commonErrors },
});

export const ingestRoutes = createRouter()
  .openapi(importRoute, async (c) => {
    const { bankAccountId } = c.req.valid("param");
    const bankAccount = await getBankAccount(c.var.db, c.var.company.id, bankAccountId);
    const { files, multipart } = await filesOf(c);
    const key = c.req.valid("header")["idempotency-key"];
    const strict = c.req.valid("query").strict === "true";
    const max = c.var.config.importBytesMax;
    const llmOn = c.var.llm.provider !== null;
    const results = await eachFile(files, multipart, async (file, index): Promise<ImportOutcome> => {
      if (file.bytes.length > max) throw new AppError("payload_too_large", `A bank file may be at most ${max} bytes; ${file.filename ?? "this one"} has ${file.bytes.length}`);
      // Header values cannot hold NUL, so a multipart file's key can never equal a raw upload's.
      const idempotencyKey = key === undefined ? undefined : multipart ? `${key}\u0000${index}` : key;
      const context = { db: c.var.db, tiers: c.var.tiers, company: c.var.company, strict, idempotencyKey, now: new Date(), signal: c.req.raw.signal, llmOn };
      return importFile(context, bankAccount, file);
    });
    const reports = results.map((r) => (r.ok ? r.outcome.report : failedFile(r)));
    const succeeded = results.filter((r) => r.ok);
    // What the first tiers left goes to the LLM tier once the answer is on its way: handed over first, so nothing after can lose it.
    for (const { outcome } of succeeded) {
      // A replay answers the first import's report; its LLM work was started then, and is not started twice.
      if (!outcome.created || outcome.report.llm?.status !== "pending") continue;
      const run = { db: c.var.db, settings: c.var.llm, company: c.var.company, importId: outcome.report.id, now: () => new Date() };
      await c.var.defer(() => answerImportWithLlm(run));
    }
    // Receipts waiting for these charges are matched now, in this request: it is quick, and the client then sees them.
    for (const { outcome } of succeeded) if (outcome.created && outcome.report.rows.inserted > 0) await matchDocumentsAfterImport(c.var.db, c.var.company.id, outcome.report.id);
    if (succeeded.length === 0) throw noFileTaken(results, "imported", { imports: reports });
    return c.json({ imports: reports }, succeeded.some((r) => r.outcome.created) ? 201 : 200);
  })
  .openapi(listImportsRoute, async (c) => {
    const { bankAccountId } = c.req.valid("param");
    await getBankAccount(c.var.db, c.var.company.id, bankAccountId);
    const page = await listImportPage(c.var.db, c.var.company.id, bankAccountId, c.req.valid("query"));
    return c.json({ data: page.imports, nextCursor: page.nextCursor }, 200);
  })
  .openapi(listRejectionsRoute, async (c) => {
    const { bankAccountId, importId } = c.req.valid("param");
    const page = await listRowProblemsPage(c.var.db, c.var.company.id, bankAccountId, importId, c.req.valid("query"));
    return c.json({ data: page.rows, nextCursor: page.nextCursor }, 200);
  })
  .openapi(getImportRoute, async (c) => {
    const { bankAccountId, importId } = c.req.valid("param");
    return c.json({ import: await getImport(c.var.db, c.var.company.id, bankAccountId, importId) }, 200);
  });
