import { z } from "@hono/zod-openapi";
import { isoDate } from "../http/fields.ts";
import { decisionSources, entryKinds } from "../shared/vocabulary.ts";
import { accountTypes } from "./chart-of-accounts.ts";

export const formatQuery = z.enum(["json", "csv"]).default("json").openapi({ description: "csv: for a spreadsheet; cells that would start a formula are neutralized" });

export const asOfQuery = z.object({
  asOf: isoDate.optional().openapi({ description: "Defaults to today (UTC)" }),
  format: formatQuery,
});

export const periodQuery = z.object({
  from: isoDate.optional().openapi({ description: "Defaults to 1 January of `to`'s year" }),
  to: isoDate.optional().openapi({ description: "Defaults to today (UTC)" }),
  columns: z.enum(["month"]).optional().openapi({ description: "month: one column per calendar month as well" }),
  format: formatQuery,
});

const pageLimit = z.coerce.number().int().min(1).max(5000).default(1000);

export const generalLedgerQuery = z.object({
  accountCode: z.string().min(1).max(20),
  from: isoDate.optional().openapi({ description: "Defaults to 1 January of `to`'s year" }),
  to: isoDate.optional().openapi({ description: "Defaults to today (UTC)" }),
  limit: pageLimit.openapi({ description: "Lines per page (JSON); CSV holds the whole period" }),
  cursor: z.string().max(200).optional(),
  format: formatQuery,
});

export const journalQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: pageLimit,
  cursor: z.string().max(200).optional(),
});

const reportLine = z.object({ code: z.string(), name: z.string(), amountMinor: z.number().int(), monthsMinor: z.array(z.number().int()).optional() });
const section = z.object({ lines: z.array(reportLine), totalMinor: z.number().int() });

export const trialBalanceSchema = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    accounts: z.array(z.object({ code: z.string(), name: z.string(), type: z.enum(accountTypes), debitMinor: z.number().int(), creditMinor: z.number().int() })),
    totals: z.object({ debitMinor: z.number().int(), creditMinor: z.number().int() }),
    balanced: z.boolean(),
  })
  .openapi("TrialBalance");

export const profitAndLossSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    months: z.array(z.string()).optional(),
    revenue: section,
    costOfGoods: section,
    grossProfitMinor: z.number().int(),
    expenses: section,
    netIncomeMinor: z.number().int(),
  })
  .openapi("ProfitAndLoss");

export const balanceSheetSchema = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    assets: section,
    liabilities: section,
    equity: section.openapi({ description: "Equity accounts, then earlier years' income (retained) and this year's (current year earnings)" }),
    retainedEarningsMinor: z.number().int(),
    currentYearEarningsMinor: z.number().int(),
    totals: z.object({ assetsMinor: z.number().int(), liabilitiesAndEquityMinor: z.number().int() }),
    balanced: z.boolean(),
  })
  .openapi("BalanceSheet");

export const generalLedgerSchema = z
  .object({
    account: z.object({ code: z.string(), name: z.string(), type: z.enum(accountTypes) }),
    from: z.string(),
    to: z.string(),
    currency: z.string(),
    openingBalanceMinor: z.number().int(),
    lines: z.array(
      z.object({
        date: z.string(),
        entryNumber: z.number().int(),
        description: z.string(),
        kind: z.enum(entryKinds),
        debitMinor: z.number().int(),
        creditMinor: z.number().int(),
        balanceMinor: z.number().int().openapi({ description: "After this line, on the account's normal side" }),
      }),
    ),
    closingBalanceMinor: z.number().int().openapi({ description: "After this page's last line: the period's closing balance on the last page" }),
    nextCursor: z.string().nullable(),
  })
  .openapi("GeneralLedger");

export const journalEntrySchema = z
  .object({
    number: z.number().int().openapi({ description: "Numbered per company in the order written" }),
    date: z.string(),
    description: z.string(),
    kind: z.enum(entryKinds),
    transactionId: z.string().nullable(),
    transferTransactionId: z.string().nullable(),
    reversesNumber: z.number().int().nullable(),
    source: z.enum(decisionSources),
    evidence: z.record(z.string(), z.union([z.string(), z.number()])).nullable().openapi({ description: "What the decision rests on: a rule id (`ruleId`), a model and its version, a provider" }),
    confidence: z.number(),
    reason: z.string(),
    createdAt: z.string(),
    lines: z.array(z.object({ accountCode: z.string(), accountName: z.string(), debitMinor: z.number().int(), creditMinor: z.number().int() })),
  })
  .openapi("JournalEntry");
