import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { scopeToCompany } from "../companies/auth.ts";
import { companyIdParams } from "../companies/schemas.ts";
import type { AppEnv } from "../http/env.ts";
import { bearerSecurity, commonErrors, jsonContent } from "../http/openapi.ts";
import { createRouter } from "../http/router.ts";
import { currencyDecimals } from "../shared/money.ts";
import { parseEvidence } from "../shared/vocabulary.ts";
import { accountSubtypes, accountTypes } from "./chart-of-accounts.ts";
import { balanceSheetCsv, generalLedgerCsv, profitAndLossCsv, trialBalanceCsv } from "./report-csv.ts";
import {
  asOfQuery,
  balanceSheetSchema,
  generalLedgerQuery,
  generalLedgerSchema,
  journalEntrySchema,
  journalQuery,
  periodQuery,
  profitAndLossSchema,
  trialBalanceSchema,
} from "./schemas.ts";
import {
  getBalanceSheet,
  getGeneralLedger,
  getJournalPage,
  getProfitAndLoss,
  getTrialBalance,
  getWholeGeneralLedger,
  listChartOfAccounts,
} from "./service.ts";

const accountSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    type: z.enum(accountTypes),
    subtype: z.enum(accountSubtypes),
  })
  .openapi("Account");

const listAccountsRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/accounts",
  tags: ["Ledger"],
  summary: "The company's chart of accounts, ordered by code",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams },
  responses: { 200: jsonContent(z.object({ data: z.array(accountSchema) }), "The chart of accounts"), ...commonErrors },
});

/** A report answers JSON, or CSV with ?format=csv. */
const reportContent = <Schema extends z.ZodType>(schema: Schema, description: string) => ({
  content: { "application/json": { schema }, "text/csv": { schema: z.string() } },
  description,
});

const reportRequest = { security: bearerSecurity, tags: ["Reports"] };

export const trialBalanceRoute = createRoute({
  ...reportRequest,
  middleware: [scopeToCompany] as const,
  method: "get",
  path: "/v1/companies/{companyId}/reports/trial-balance",
  summary: "Trial balance as of a date: every account's balance, as a debit or a credit",
  request: { params: companyIdParams, query: asOfQuery },
  responses: { 200: reportContent(trialBalanceSchema, "The trial balance"), ...commonErrors },
});

export const profitAndLossRoute = createRoute({
  ...reportRequest,
  middleware: [scopeToCompany] as const,
  method: "get",
  path: "/v1/companies/{companyId}/reports/profit-and-loss",
  summary: "Profit and loss for a period, optionally with monthly columns",
  request: { params: companyIdParams, query: periodQuery },
  responses: { 200: reportContent(profitAndLossSchema, "The profit and loss"), ...commonErrors },
});

export const balanceSheetRoute = createRoute({
  ...reportRequest,
  middleware: [scopeToCompany] as const,
  method: "get",
  path: "/v1/companies/{companyId}/reports/balance-sheet",
  summary: "Balance sheet as of a date, with this year's earnings in equity",
  request: { params: companyIdParams, query: asOfQuery },
  responses: { 200: reportContent(balanceSheetSchema, "The balance sheet"), ...commonErrors },
});

const generalLedgerRoute = createRoute({
  ...reportRequest,
  middleware: [scopeToCompany] as const,
  method: "get",
  path: "/v1/companies/{companyId}/reports/general-ledger",
  summary: "One account's lines for a period, with the running balance",
  request: { params: companyIdParams, query: generalLedgerQuery },
  responses: { 200: reportContent(generalLedgerSchema, "The general ledger of the account"), ...commonErrors },
});

const journalRoute = createRoute({
  method: "get",
  path: "/v1/companies/{companyId}/journal",
  tags: ["Ledger"],
  summary: "Journal entries with their lines, oldest first, a page at a time; reversals appear beside what they reverse",
  security: bearerSecurity,
  middleware: [scopeToCompany] as const,
  request: { params: companyIdParams, query: journalQuery },
  responses: { 200: jsonContent(z.object({ data: z.array(journalEntrySchema), nextCursor: z.string().nullable() }), "A page of entries"), ...commonErrors },
});

const today = (): string => new Date().toISOString().slice(0, 10);
const startOfYear = (date: string): string => `${date.slice(0, 4)}-01-01`;

function csv(c: Context<AppEnv>, body: string, name: string): Response {
  return c.body(body, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}.csv"` });
}

export const ledgerRoutes = createRouter()
  .openapi(listAccountsRoute, async (c) => {
    const accounts = await listChartOfAccounts(c.var.db, c.var.company.id);
    return c.json({ data: accounts.map(({ id, code, name, type, subtype }) => ({ id, code, name, type, subtype })) }, 200);
  })
  .openapi(trialBalanceRoute, async (c) => {
    const { asOf = today(), format } = c.req.valid("query");
    const { company } = c.var;
    const report = await getTrialBalance(c.var.db, company.id, asOf);
    if (format === "csv") return csv(c, trialBalanceCsv(report, currencyDecimals(company.currency)), `trial-balance-${asOf}`);
    return c.json({ asOf, currency: company.currency, accounts: report.rows, totals: report.totals, balanced: report.balanced }, 200);
  })
  .openapi(profitAndLossRoute, async (c) => {
    const query = c.req.valid("query");
    const to = query.to ?? today();
    const from = query.from ?? startOfYear(to);
    const { company } = c.var;
    const report = await getProfitAndLoss(c.var.db, company.id, from, to, query.columns === "month");
    if (query.format === "csv") return csv(c, profitAndLossCsv(report, currencyDecimals(company.currency)), `profit-and-loss-${from}-${to}`);
    return c.json({ ...report, currency: company.currency }, 200);
  })
  .openapi(balanceSheetRoute, async (c) => {
    const { asOf = today(), format } = c.req.valid("query");
    const { company } = c.var;
    const report = await getBalanceSheet(c.var.db, company.id, asOf);
    if (format === "csv") return csv(c, balanceSheetCsv(report, currencyDecimals(company.currency)), `balance-sheet-${asOf}`);
    return c.json({ ...report, currency: company.currency }, 200);
  })
  .openapi(generalLedgerRoute, async (c) => {
    const query = c.req.valid("query");
    const to = query.to ?? today();
    const from = query.from ?? startOfYear(to);
    const { company, db } = c.var;
    if (query.format === "csv") {
      const whole = await getWholeGeneralLedger(db, company.id, query.accountCode, from, to);
      return csv(c, generalLedgerCsv(whole.openingBalanceMinor, whole.lines, currencyDecimals(company.currency)), `general-ledger-${query.accountCode}-${from}-${to}`);
    }
    const ledger = await getGeneralLedger(db, company.id, query.accountCode, from, to, query.limit, query.cursor);
    return c.json(
      {
        account: { code: ledger.account.code, name: ledger.account.name, type: ledger.account.type },
        from,
        to,
        currency: company.currency,
        openingBalanceMinor: ledger.openingBalanceMinor,
        lines: ledger.lines.map((line) => ({
          date: line.entryDate,
          entryNumber: line.entryNumber,
          description: line.description,
          kind: line.kind,
          debitMinor: line.debitMinor,
          creditMinor: line.creditMinor,
          balanceMinor: line.balanceMinor,
        })),
        closingBalanceMinor: ledger.closingBalanceMinor,
        nextCursor: ledger.nextCursor,
      },
      200,
    );
  })
  .openapi(journalRoute, async (c) => {
    const query = c.req.valid("query");
    const page = await getJournalPage(c.var.db, c.var.company.id, query.from, query.to, query.limit, query.cursor);
    return c.json(
      {
        data: page.entries.map((entry) => ({
          number: entry.number,
          date: entry.entryDate,
          description: entry.description,
          kind: entry.kind,
          transactionId: entry.transactionId,
          transferTransactionId: entry.transferTransactionId,
          reversesNumber: entry.reversesNumber,
          source: entry.source,
          evidence: parseEvidence(entry.evidence),
          confidence: entry.confidence,
          reason: entry.reason,
          createdAt: entry.createdAt,
          lines: entry.lines.map((line) => ({
            accountCode: line.accountCode,
            accountName: line.accountName,
            debitMinor: Math.max(line.amountMinor, 0),
            creditMinor: Math.max(-line.amountMinor, 0),
          })),
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
