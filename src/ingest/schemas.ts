import { z } from "@hono/zod-openapi";
import { llmStatuses } from "../shared/vocabulary.ts";
import { rowProblemsShownMax } from "./service.ts";

export const rowProblemSchema = z.object({ line: z.number().int(), reason: z.string(), raw: z.string() }).openapi("RowProblem");
const rowProblem = rowProblemSchema;

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
    rejections: z.array(rowProblem).openapi({
      description: `The first ${rowProblemsShownMax} rejected rows, by line; rows.rejected counts them all, and GET …/imports/{importId}/rejections pages through every one`,
    }),
    skipped: z.array(rowProblem).openapi({ description: `The first ${rowProblemsShownMax} skipped rows, by line; GET …/imports/{importId}/rejections?kind=skipped pages through every one` }),
    createdAt: z.string(),
    llm: z
      .object({
        status: z.enum(llmStatuses).openapi({ description: "pending: asking now; done; budget_spent: the calls budget ran out and the rest stays in review; failed: the provider could not answer and those stay in review" }),
        vendors: z.number().int().openapi({ description: "Distinct vendors answered for, asked now or remembered" }),
        decided: z.number().int().openapi({ description: "Transactions the LLM tier posted (a reversal and a new entry each)" }),
        suggested: z.number().int().openapi({ description: "Transactions it only suggested an account for: they wait for review" }),
      })
      .nullable()
      .openapi({ description: "The LLM tier answers after the import does, within seconds; null when nothing was left for it" }),
  })
  .openapi("ImportReport");

export const failedFileSchema = z
  .object({
    filename: z.string().nullable(),
    status: z.literal("failed"),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi("FailedImportFile");
