import { z } from "@hono/zod-openapi";

/**
 * What a bookkeeper can pin on a bank account so the importer does not have
 * to guess: detection fills in whatever is left out.
 */
export const dateFormats = [
  "YYYY-MM-DD",
  "YYYY/MM/DD",
  "MM/DD/YYYY",
  "DD/MM/YYYY",
  "MM/DD/YY",
  "DD/MM/YY",
  "MM-DD-YYYY",
  "DD-MM-YYYY",
  "DD.MM.YYYY",
  "DD.MM.YY",
] as const;

export const signConventions = ["auto", "positive_is_inflow", "positive_is_outflow"] as const;
export const delimiters = [",", ";", "\t", "|"] as const;

/** A column by header name, or by zero-based position for files without a header. */
const columnRef = z.union([z.string().trim().min(1).max(100), z.number().int().min(0).max(255)]);

export const csvSettingsSchema = z
  .strictObject({
    signConvention: z.enum(signConventions).default("auto"),
    dateFormat: z.enum(dateFormats).optional(),
    delimiter: z.enum(delimiters).optional(),
    columns: z
      .strictObject({
        date: columnRef.optional(),
        description: columnRef.optional(),
        amount: columnRef.optional(),
        debit: columnRef.optional(),
        credit: columnRef.optional(),
        balance: columnRef.optional(),
      })
      .optional(),
  })
  .openapi("CsvSettings");

export type CsvSettings = z.infer<typeof csvSettingsSchema>;
