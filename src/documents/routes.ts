import { createRoute, z } from "@hono/zod-openapi";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import { AppError } from "../http/errors.ts";
import { idParam } from "../http/fields.ts";
import { jsonBody } from "../http/json-body.ts";
import { bearerSecurity, bodyErrors, commonErrors, conflictError, errorResponse, jsonContent, jsonRequestBody } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { eachFile, failedFile, limitUploads, noFileTaken, readUploads, type Upload, type UploadRules } from "../http/uploads.ts";
import { documentMediaTypes, type DocumentMediaType } from "../shared/vocabulary.ts";
import { documentJson, documentQuery, documentSchema, matchBody } from "./schemas.ts";
import { addDocument, getDocument, listDocumentPage, matchByHand, removeDocument, unmatch, type DocumentOutcome } from "./service.ts";

const tags = ["Documents"];
const documentParams = companyIdParams.extend({ documentId: idParam("documentId") });
// Fifty small receipts in one request, but never more than three full-size photos' worth in memory at once.
const uploadRules: UploadRules = { what: "document", filesMax: 50, requestFilesWorth: 3, bytesMax: (c) => c.var.config.documentBytesMax };
const documentAnswer = jsonContent(z.object({ document: documentSchema }), "The document, as it is now");

const failedDocumentSchema = z
  .object({ filename: z.string().nullable(), status: z.literal("failed"), error: z.object({ code: z.string(), message: z.string() }) })
  .openapi("FailedDocumentFile");

/**
 * What a file is: its declared type, when it is one taken; a file sent as
 * application/octet-stream (or untyped) by what its first bytes (or its
 * name) say. Anything else is refused with 415.
 */
function mediaTypeOf(upload: Upload): DocumentMediaType {
  const declared = upload.mediaType;
  if ((documentMediaTypes as readonly string[]).includes(declared)) return declared as DocumentMediaType;
  if (declared === "image/jpg") return "image/jpeg";
  if (declared === "" || declared === "application/octet-stream") {
    const head = upload.bytes;
    if (head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46) return "application/pdf";
    if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return "image/png";
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
    if (/\.txt$/i.test(upload.filename ?? "")) return "text/plain";
  }
  throw new AppError("unsupported_media_type", `A document is OCR text (text/plain), a PDF (application/pdf) or a photo (image/png, image/jpeg), not ${declared === "" ? "an untyped body" : declared}`);
}

export const uploadDocumentsRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/documents",
  tags,
  summary: "Upload receipts and other documents: the raw file as the body, or several as multipart/form-data",
  description:
    "Each file is read (OCR text, a PDF's text layer, a photo through OCR on the Node host), stored with what was read, and matched to the bank charge it is the slip of, if that charge is in the books (or when it arrives). The same bytes again answer 200 with the document they made. A file that cannot be read is stored as unreadable, with the reason.",
  security: bearerSecurity,
  middleware: [scopeToCompany, limitUploads(uploadRules)] as const,
  request: { params: companyIdParams, query: z.object({ filename: z.string().max(255).optional() }) },
  responses: {
    201: jsonContent(z.object({ documents: z.array(z.union([documentSchema, failedDocumentSchema])) }), "Stored (at least one new)"),
    200: jsonContent(z.object({ documents: z.array(z.union([documentSchema, failedDocumentSchema])) }), "Every file had been sent before: the documents they made"),
    413: errorResponse("A file, or the request, is too large"),
    415: errorResponse("Not text, a PDF, a PNG or a JPEG"),
    ...commonErrors,
    // After commonErrors: an upload route also answers too_many_uploads.
    429: errorResponse("too_many_uploads: the host holds as many uploads as it may at once (UPLOADS_IN_FLIGHT_MAX_BYTES); rate_limited: this key sent more requests this minute than the host allows. Send again after Retry-After seconds"),
  },
});

export const listDocumentsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/documents",
  tags,
  summary: "List documents, newest first, a page at a time; ?status= filters",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: documentQuery },
  responses: { 200: jsonContent(z.object({ data: z.array(documentSchema), nextCursor: z.string().nullable() }), "A page of documents"), ...commonErrors },
});

const getRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/documents/{documentId}",
  tags,
  summary: "Show one document: what was read from it, its match and its suggestions",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: documentParams },
  responses: { 200: documentAnswer, ...commonErrors },
});

const matchRoute = createRoute({
  method: "post",
  path: "/v1/companies/{companyId}/documents/{documentId}/match",
  tags,
  summary: "Match a document to a transaction by hand",
  description: "Replaces the document's own match, if any. A transaction that already has another document answers 409 transaction_has_document, unless ?replace=true, which frees that document.",
  security: bearerSecurity,
  middleware: [scopeToCompany, ...jsonBody] as const,
  request: { params: documentParams, query: z.object({ replace: z.enum(["true", "false"]).optional() }), ...jsonRequestBody(matchBody) },
  responses: { 200: documentAnswer, ...commonErrors, ...bodyErrors, ...conflictError },
});

const unmatchRoute = createRoute({
  method: "delete",
  path: "/v1/companies/{companyId}/documents/{documentId}/match",
  tags,
  summary: "Undo a document's match",
  description: "The charge it was matched to stays as a suggestion; the matcher leaves the document to people from then on. Unmatching a document with no match changes nothing.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: documentParams },
  responses: { 200: documentAnswer, ...commonErrors },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/v1/companies/{companyId}/documents/{documentId}",
  tags,
  summary: "Remove a document, with its match and suggestions",
  description: "For a file sent by mistake, or with the wrong type (the same bytes sent again answer with the document they made). The transaction it was matched to is free again; the books do not change.",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: documentParams },
  responses: { 204: { description: "Removed" }, ...commonErrors },
});

export const documentRoutes = createRouter()
  .openapi(uploadDocumentsRoute, async (c) => {
    const { files, multipart } = await readUploads(c, uploadRules);
    const fromQuery = c.req.valid("query").filename;
    const filenameOf = (upload: Upload): string | null => (multipart ? upload.filename : (fromQuery ?? upload.filename));
    const named = files.map((upload) => ({ ...upload, filename: filenameOf(upload) }));
    const results = await eachFile(named, multipart, async (upload): Promise<DocumentOutcome> => {
      const file = { filename: upload.filename, mediaType: mediaTypeOf(upload), bytes: upload.bytes };
      return addDocument(c.var.db, c.var.company.id, file, c.var.ocr, new Date());
    });
    const documents = results.map((result) => (result.ok ? documentJson(result.outcome.document) : failedFile(result)));
    const stored = results.filter((result) => result.ok);
    if (stored.length === 0) throw noFileTaken(results, "stored", { documents });
    return c.json({ documents }, stored.some((result) => result.outcome.created) ? 201 : 200);
  })
  .openapi(listDocumentsRoute, async (c) => {
    const page = await listDocumentPage(c.var.db, c.var.company.id, c.req.valid("query"));
    return c.json({ data: page.documents.map(documentJson), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getRoute, async (c) => c.json({ document: documentJson(await getDocument(c.var.db, c.var.company.id, c.req.valid("param").documentId)) }, 200))
  .openapi(matchRoute, async (c) => {
    const { documentId } = c.req.valid("param");
    const { db, company } = c.var;
    await matchByHand(db, company.id, documentId, c.req.valid("json").transactionId, c.req.valid("query").replace === "true", new Date());
    return c.json({ document: documentJson(await getDocument(db, company.id, documentId)) }, 200);
  })
  .openapi(deleteRoute, async (c) => {
    await removeDocument(c.var.db, c.var.company.id, c.req.valid("param").documentId);
    return c.body(null, 204);
  })
  .openapi(unmatchRoute, async (c) => {
    const { documentId } = c.req.valid("param");
    const { db, company } = c.var;
    await unmatch(db, company.id, documentId);
    return c.json({ document: documentJson(await getDocument(db, company.id, documentId)) }, 200);
  });
