import { z } from "@hono/zod-openapi";
import { errorStatus, type ErrorCode } from "./errors.ts";

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error");

export const jsonContent = <Schema extends z.ZodType>(schema: Schema, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

export const jsonRequestBody = <Schema extends z.ZodType>(schema: Schema) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

export const errorResponse = (description: string) => jsonContent(errorEnvelopeSchema, description);

/** The error answers every authenticated route can give, for the OpenAPI document. */
export const commonErrors = {
  401: errorResponse("No API key, or an invalid or revoked one"),
  404: errorResponse("Unknown id, or one that belongs to another company"),
  422: errorResponse("A field is missing or invalid; the message names it"),
  429: errorResponse("rate_limited: this key (or the admin token) sent more requests this minute than the host allows (RATE_LIMIT_PER_MINUTE); send again after Retry-After seconds. Upload routes also answer too_many_uploads"),
} as const;

export const bodyErrors = {
  400: errorResponse("The body is not valid JSON"),
  413: errorResponse("The body is larger than the limit"),
  415: errorResponse("The body is not application/json"),
} as const;

export const conflictError = { 409: errorResponse("The request conflicts with existing data") } as const;
/** For routes that create something a company may hold only so many of. */
export const limitError = { 409: errorResponse("limit_reached: the company holds as many as the host allows; details say {resource, limit, count}") } as const;
export const forbiddenError = { 403: errorResponse("The key may not do this") } as const;

export const bearerSecurity = [{ bearer: [] }];
