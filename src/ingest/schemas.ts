import { z } from "@hono/zod-openapi";
import type { TransactionWithCategory } from "../db/queries/imports.ts";
import { isoDate } from "../http/fields.ts";
import { decisionSources, transactionStatuses } from "../db/schema.ts";

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

const categorySchema = z
  .object({
    accountCode: z.string(),
    accountName: z.string(),
    source: z.enum(decisionSources).openapi({ description: "Who decided: a tier (rule, learned, llm), the transfer matcher, a person (manual), or nobody (none: suspense, for review)" }),
    confidence: z.number(),
    ruleId: z.string().nullable(),
    reason: z.string(),
  })
  .openapi("Category");

export const transactionSchema = z
  .object({
    id: z.string(),
    bankAccountId: z.string(),
    postedOn: z.string(),
    amountMinor: z.number().int().openapi({ description: "Negative is money leaving the company" }),
    currency: z.string(),
    description: z.string().openapi({ description: "Exactly as the bank exported it" }),
    vendor: z.string(),
    category: categorySchema.nullable().openapi({ description: "Null only for a transaction no entry posts (a zero amount)" }),
    status: z.enum(transactionStatuses).openapi({ description: "review: in the Uncategorized suspense account until a person decides" }),
    entryNumber: z.number().int().nullable().openapi({ description: "The journal entry that posts it now" }),
    transferTransactionId: z.string().nullable().openapi({ description: "The other side, when it is one half of a transfer between the company's accounts" }),
  })
  .openapi("Transaction");

export const transactionJson = (row: TransactionWithCategory): z.infer<typeof transactionSchema> => ({
  id: row.id,
  bankAccountId: row.bankAccountId,
  postedOn: row.postedOn,
  amountMinor: row.amountMinor,
  currency: row.currency,
  description: row.description,
  vendor: row.vendor,
  category:
    row.categorySource === null || row.categoryAccountCode === null
      ? null
      : {
          accountCode: row.categoryAccountCode,
          accountName: row.categoryAccountName ?? "",
          source: row.categorySource,
          confidence: row.categoryConfidence ?? 0,
          ruleId: row.categoryRuleId,
          reason: row.categoryReason ?? "",
        },
  status: row.status,
  entryNumber: row.entryNumber,
  transferTransactionId: row.transferTransactionId,
});


export const transactionQuery = z.object({
  bankAccountId: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(transactionStatuses).optional().openapi({ description: "review: the review queue" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});
