/** Field schemas shared by every feature's request bodies and paths. */
import { z } from "@hono/zod-openapi";
import { isCalendarDate } from "../shared/dates.ts";

// C0 and C1 controls (NUL among them) and unpaired UTF-16 surrogates: one host
// stores them, another truncates or replaces them, so they never get in at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A name a person typed: trimmed, NFC-normalized (so "Café" is one name however it was typed), printable. */
export const displayName = z
  .string()
  .refine((value) => !controlCharacter.test(value), "must not contain control characters")
  .refine((value) => !unpairedSurrogate.test(value), "must be valid Unicode text")
  .transform((value) => value.normalize("NFC").trim())
  .pipe(z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"));

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code in capitals, such as USD")
  .openapi({ example: "USD" });

/**
 * Ids are opaque: any string is a well-formed id, and one that names nothing
 * (or something of another company's) is simply not found.
 */
export const idParam = (name: string) =>
  z.string().openapi({ param: { name, in: "path" }, example: "0b0f1d0e-8a6b-4a8e-9a47-1f7f0a4b2c3d" });

/** A calendar date as YYYY-MM-DD that exists (no 2025-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine(isCalendarDate, "a real calendar date");

/** Items per page where a list pages: 100 unless asked, at most 500 (as transactions and documents). */
export const pageLimitMax = 500;
export const pageLimit = z.coerce.number().int().min(1).max(pageLimitMax).default(100).openapi({ description: `Items per page, 1 to ${pageLimitMax} (default 100)` });

/** An opaque cursor: the `nextCursor` of the previous page; anything else is refused with validation_failed on `cursor`. */
export const pageCursor = z.string().max(500).optional().openapi({ description: "The previous page's nextCursor; leave out for the first page" });

/** `?limit&cursor`, the paging every growing list takes. */
export const pageQuery = z.object({ limit: pageLimit, cursor: pageCursor });
export type PageQuery = z.infer<typeof pageQuery>;
