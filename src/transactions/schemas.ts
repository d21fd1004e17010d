import { z } from "@hono/zod-openapi";
import { isoDate } from "../http/fields.ts";
import type { LabelWithAccounts } from "../db/queries/learned.ts";
import { decisionSources, labelKinds, parseEvidence, tierSources, transactionStatuses } from "../shared/vocabulary.ts";
import { correctionsPerRequestMax, type ListedTransaction } from "./service.ts";

const evidenceSchema = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .openapi({ description: "What the decision rests on, as its decider states it: a rule id (`ruleId`), a model and its version, a provider", example: { ruleId: "0b0f1d0e-8a6b-4a8e-9a47-1f7f0a4b2c3d" } });

const categorySchema = z
  .object({
    accountCode: z.string(),
    accountName: z.string(),
    source: z.enum(decisionSources).openapi({ description: "Who decided: a tier (rule, learned, llm), the transfer matcher, a person (manual), or nobody (none: suspense, for review)" }),
    confidence: z.number(),
    reason: z.string(),
    evidence: evidenceSchema.nullable(),
    ruleId: z.string().nullable().openapi({ description: "The rule that decided, when a rule did (evidence.ruleId)" }),
  })
  .openapi("Category");

const suggestionSchema = z
  .object({
    accountCode: z.string(),
    accountName: z.string(),
    source: z.enum(tierSources),
    confidence: z.number(),
    reason: z.string(),
    evidence: evidenceSchema.nullable(),
  })
  .openapi("Suggestion", { description: "The most confident answer any tier gave, sure enough to post or not; on a transaction waiting for review, what `accept` posts" });

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
    suggestion: suggestionSchema.nullable(),
    status: z.enum(transactionStatuses).openapi({ description: "review: in the Uncategorized suspense account until a person decides" }),
    entryNumber: z.number().int().nullable().openapi({ description: "The journal entry that posts it now" }),
    transferTransactionId: z.string().nullable().openapi({ description: "The other side, when it is one half of a transfer between the company's accounts" }),
    documentIds: z.array(z.string()).openapi({ description: "The receipts and other documents matched to it (POST …/documents)" }),
  })
  .openapi("Transaction");


export function transactionJson({ row, suggestion, documentIds }: ListedTransaction): z.infer<typeof transactionSchema> {
  const evidence = parseEvidence(row.categoryEvidence);
  const ruleId = evidence?.ruleId;
  return {
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
            reason: row.categoryReason ?? "",
            evidence,
            ruleId: typeof ruleId === "string" ? ruleId : null,
          },
    suggestion:
      suggestion === undefined
        ? null
        : {
            accountCode: suggestion.accountCode,
            accountName: suggestion.accountName,
            source: suggestion.source,
            confidence: suggestion.confidence,
            reason: suggestion.reason,
            evidence: parseEvidence(suggestion.evidence),
          },
    status: row.status,
    entryNumber: row.entryNumber,
    transferTransactionId: row.transferTransactionId,
    documentIds,
  };
}

export const transactionQuery = z.object({
  bankAccountId: z.string().min(1).max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(transactionStatuses).optional().openapi({ description: "review: the review queue" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional(),
});

const accountCode = z.string().min(1).max(20).openapi({ example: "6100" });

export const correctionBody = z.strictObject({ accountCode }).openapi("Correction");

const correctionItem = z.strictObject({ transactionId: z.string().min(1).max(200), accountCode });
const correctionItems = z.array(correctionItem).min(1, "send at least one correction").max(correctionsPerRequestMax, `at most ${correctionsPerRequestMax} corrections per request`);

/** The list itself, or `{corrections: [...]}`: the same request either way. */
export const correctionsBody = z
  .union([correctionItems, z.strictObject({ corrections: correctionItems })])
  .openapi("Corrections", { description: `Up to ${correctionsPerRequestMax} corrections, made together or not at all` });

export const correctionsResponse = z.object({
  corrections: z.array(
    z.object({
      transactionId: z.string(),
      status: z.enum(["changed", "unchanged"]).openapi({ description: "unchanged: it was already in that account; nothing was written for it" }),
    }),
  ),
});

export const labelSchema = z
  .object({
    id: z.string(),
    kind: z.enum(labelKinds).openapi({ description: "correction: a person chose the account; accept: a person took a tier's suggestion" }),
    accountCode: z.string(),
    accountName: z.string(),
    previousAccountCode: z.string().nullable().openapi({ description: "Where the transaction was before" }),
    previousSource: z.enum(decisionSources).nullable().openapi({ description: "Who had put it there" }),
    actor: z.string().openapi({ description: "The id of the API key that made it, or admin for the operator's token" }),
    createdAt: z.string(),
  })
  .openapi("Label", { description: "What a person said of a transaction: the learned tier learns from these" });

export function labelJson(label: LabelWithAccounts): z.infer<typeof labelSchema> {
  return {
    id: label.id,
    kind: label.kind,
    accountCode: label.accountCode,
    accountName: label.accountName,
    previousAccountCode: label.previousAccountCode,
    previousSource: label.previousSource,
    actor: label.actor,
    createdAt: label.createdAt,
  };
}
