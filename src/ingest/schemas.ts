import { z } from "@hono/zod-openapi";
import type { TransactionRow } from "../db/queries/imports.ts";

const rowProblem = z.object({ line: z.number().int(), reason: z.string(), raw: z.string() });

export const importReportSchema = z
  .object({
    id: z.string(),
    bankAccountId: z.string(),
    filename: z.string().nullable(),
    status: z.enum(["imported", "already_imported"]).openapi({ description: "already_imported: the same bytes came before; this is that import's report" }),
    dialect: z.record(z.string(), z.unknown()).openapi({ description: "What detection found (or the bank account pinned): encoding, delimiter, header, columns, date order, decimal separator, sign convention" }),
    rows: z.object({
      total: z.number().int(),
      inserted: z.number().int(),
      duplicate: z.number().int().openapi({ description: "Already imported from an earlier (e.g. overlapping) file" }),
      rejected: z.number().int(),
      skipped: z.number().int().openapi({ description: "Balance and summary rows: not transactions" }),
    }),
    rejections: z.array(rowProblem),
    skipped: z.array(rowProblem),
    createdAt: z.string(),
  })
  .openapi("ImportReport");

export const failedFileSchema = z
  .object({
    filename: z.string().nullable(),
    status: z.literal("failed"),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi("FailedImportFile");

export const transactionSchema = z
  .object({
    id: z.string(),
    bankAccountId: z.string(),
    postedOn: z.string(),
    amountMinor: z.number().int().openapi({ description: "Negative is money leaving the company" }),
    currency: z.string(),
    description: z.string().openapi({ description: "Exactly as the bank exported it" }),
    vendor: z.string(),
    category: z
      .object({ accountCode: z.string(), accountName: z.string(), source: z.string(), confidence: z.number(), ruleId: z.string().nullable() })
      .nullable()
      .openapi({ description: "Null until categorization (a later tier) decides" }),
    status: z.string(),
  })
  .openapi("Transaction");

export const transactionJson = (row: TransactionRow): z.infer<typeof transactionSchema> => ({
  id: row.id,
  bankAccountId: row.bankAccountId,
  postedOn: row.postedOn,
  amountMinor: row.amountMinor,
  currency: row.currency,
  description: row.description,
  vendor: row.vendor,
  category: null,
  status: row.status,
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, "a real calendar date");

export const transactionQuery = z.object({
  bankAccountId: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(["pending"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});
