/**
 * A company's figures (or every company's, for the operator), each one
 * aggregate in SQL over indexed columns: nothing of the books is loaded into
 * memory to count it.
 */
import { and, count, eq, max, min, sql, sum, type SQL } from "drizzle-orm";
import type { Orm } from "../database.ts";
import { documents, imports, labels, llmCalls, transactions } from "../schema.ts";

/** One company, or (undefined) all of them; and an inclusive range of days, either end open. */
export interface MetricsScope {
  companyId: string | undefined;
  from: string | undefined;
  to: string | undefined;
}

const number = (value: SQL): SQL<number> => sql<number>`coalesce(${value}, 0)`.mapWith(Number);
const bySource = (source: string): SQL<number> => number(sql`sum(${transactions.categorySource} = ${source})`);
/** A day column (YYYY-MM-DD) or a timestamp column (ISO) within the scope's days. */
const within = (column: SQL, scope: MetricsScope, timestamps: boolean): (SQL | undefined)[] => [
  scope.from === undefined ? undefined : sql`${column} >= ${scope.from}`,
  scope.to === undefined ? undefined : sql`${column} <= ${timestamps ? `${scope.to}T23:59:59.999Z` : scope.to}`,
];
const ofCompany = (column: typeof transactions.companyId | typeof imports.companyId | typeof documents.companyId | typeof llmCalls.companyId, scope: MetricsScope): SQL | undefined =>
  scope.companyId === undefined ? undefined : eq(column, scope.companyId);

/** Transactions by month of posting: who decides them now, and how many automatic decisions people changed. */
export function transactionsByMonth(orm: Orm, scope: MetricsScope) {
  const labelAfterTier = (extra: SQL) =>
    sql`exists (select 1 from ${labels} where ${labels.companyId} = ${transactions.companyId} and ${labels.transactionId} = ${transactions.id} and ${labels.previousSource} in ('rule', 'learned', 'llm', 'transfer') ${extra})`;
  // A person decides it now, or sent it back to review, after a tier or the pairing had: it was decided automatically first.
  const personAfterTier = sql`${transactions.categorySource} in ('manual', 'none') and ${labelAfterTier(sql``)}`;
  // A person moved it away from where a tier or the pairing had put it, and it is not back there now.
  const changed = labelAfterTier(sql`and ${labels.previousAccountId} <> ${transactions.categoryAccountId}`);
  const month = sql<string>`substr(${transactions.postedOn}, 1, 7)`;
  return orm
    .select({
      month,
      imported: count(),
      rule: bySource("rule"),
      learned: bySource("learned"),
      llm: bySource("llm"),
      transfer: bySource("transfer"),
      person: bySource("manual"),
      review: number(sql`sum(${transactions.status} = 'review')`),
      personAfterTier: number(sql`sum(${personAfterTier})`),
      changedByPeople: number(sql`sum(${changed})`),
    })
    .from(transactions)
    .where(and(ofCompany(transactions.companyId, scope), ...within(sql`${transactions.postedOn}`, scope, false)))
    .groupBy(month)
    .orderBy(month);
}

/** What waits for review now, and since when. */
export async function reviewQueue(orm: Orm, scope: MetricsScope): Promise<{ size: number; oldestCreatedAt: string | null }> {
  const [row] = await orm
    .select({ size: count(), oldestCreatedAt: min(transactions.createdAt) })
    .from(transactions)
    .where(and(ofCompany(transactions.companyId, scope), eq(transactions.status, "review")));
  return { size: row?.size ?? 0, oldestCreatedAt: row?.oldestCreatedAt ?? null };
}

/** Documents received in the range, by status. */
export const documentsByStatus = (orm: Orm, scope: MetricsScope) =>
  orm
    .select({ status: documents.status, documents: count() })
    .from(documents)
    .where(and(ofCompany(documents.companyId, scope), ...within(sql`${documents.createdAt}`, scope, true)))
    .groupBy(documents.status);

/** Imports made in the range, and their rows. */
export async function importTotals(orm: Orm, scope: MetricsScope) {
  const [row] = await orm
    .select({
      imports: count(),
      rows: number(sum(imports.rowsTotal)),
      inserted: number(sum(imports.rowsInserted)),
      duplicates: number(sum(imports.rowsDuplicate)),
      rejected: number(sum(imports.rowsRejected)),
      skipped: number(sum(imports.rowsSkipped)),
    })
    .from(imports)
    .where(and(ofCompany(imports.companyId, scope), ...within(sql`${imports.createdAt}`, scope, true)));
  return row ?? { imports: 0, rows: 0, inserted: 0, duplicates: 0, rejected: 0, skipped: 0 };
}

/** The LLM tier's requests in the range: what they cost and how long they took. */
export async function llmTotals(orm: Orm, scope: MetricsScope) {
  const [row] = await orm
    .select({
      calls: count(),
      requests: number(sum(llmCalls.attempts)),
      promptTokens: number(sum(llmCalls.promptTokens)),
      completionTokens: number(sum(llmCalls.completionTokens)),
      latencyMsMean: number(sql`round(avg(${llmCalls.latencyMs}))`),
      latencyMsMax: number(max(llmCalls.latencyMs)),
    })
    .from(llmCalls)
    .where(and(ofCompany(llmCalls.companyId, scope), ...within(sql`${llmCalls.startedAt}`, scope, true)));
  return row ?? { calls: 0, requests: 0, promptTokens: 0, completionTokens: 0, latencyMsMean: 0, latencyMsMax: 0 };
}
