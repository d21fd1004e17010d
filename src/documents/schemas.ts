import { z } from "@hono/zod-openapi";
import { documentMediaTypes, documentStatuses, matchSources } from "../shared/vocabulary.ts";
import type { DocumentView } from "./service.ts";

const pairingSchema = z.object({
  transactionId: z.string(),
  score: z.number().openapi({ description: "The probability this charge is the document's, 0 to 1" }),
  reasons: z.array(z.string()).openapi({ example: ["amount exact", "date +1 day", "vendor 0.82", "card 4242"] }),
});

export const documentSchema = z
  .object({
    id: z.string(),
    filename: z.string().nullable(),
    mediaType: z.enum(documentMediaTypes),
    sizeBytes: z.number().int(),
    status: z.enum(documentStatuses).openapi({ description: "matched; suggested (plausible charges, none sure enough); unmatched (none yet, or paid in cash); unreadable (see unreadableReason)" }),
    unreadableReason: z.string().nullable(),
    extracted: z.object({
      vendor: z.string().nullable(),
      date: z.string().nullable(),
      totalMinor: z.number().int().nullable(),
      taxMinor: z.number().int().nullable(),
      tipMinor: z.number().int().nullable(),
      currency: z.string().nullable(),
      cardLast4: z.string().nullable(),
    }),
    paidInCash: z.boolean(),
    match: pairingSchema.extend({ source: z.enum(matchSources) }).nullable(),
    suggestions: z.array(pairingSchema),
    createdAt: z.string(),
  })
  .openapi("Document");

const parseReasons = (json: string): string[] => JSON.parse(json) as string[];

export function documentJson({ row, match, suggestions }: DocumentView): z.infer<typeof documentSchema> {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    status: row.status,
    unreadableReason: row.unreadableReason,
    extracted: { vendor: row.vendor, date: row.documentDate, totalMinor: row.totalMinor, taxMinor: row.taxMinor, tipMinor: row.tipMinor, currency: row.currency, cardLast4: row.cardLast4 },
    paidInCash: row.paidInCash,
    match: match === undefined ? null : { transactionId: match.transactionId, score: match.score, reasons: parseReasons(match.reasons), source: match.source },
    suggestions: suggestions.map((suggestion) => ({ transactionId: suggestion.transactionId, score: suggestion.score, reasons: parseReasons(suggestion.reasons) })),
    createdAt: row.createdAt,
  };
}

export const documentQuery = z.object({
  status: z.enum(documentStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});

export const matchBody = z.strictObject({ transactionId: z.string().min(1).max(200) }).openapi("DocumentMatch");
