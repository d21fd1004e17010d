/**
 * A company's figures (or every company's, for the operator), each one
 * aggregate in SQL over indexed columns: nothing of the books is loaded into
 * memory to count it.
 */
import { and, count, eq, inArray, max, min, sql, sum, type SQL } from "drizzle-orm";
import type { Orm } from "../database.ts";
import { placeholder, preparedByShape } from "../prepared.ts";
import { documents, imports, labels, llmCalls, transactions } from "../schema.ts";

/** One company, or (undefined) all of them; and an inclusive range of days, either end open. */
export interface MetricsScope {
  companyId: string | undefined;
  from: string | undefined;
  to: string | undefined;
}

const number = (value: SQL): SQL<number> => sql<number>`coalesce(${value}, 0)`.mapWith(Number);
const bySource = (source: string): SQL<number> => number(sql`sum(${transactions.categorySource} = ${source})`);

/** Which parts of a scope a query has: each combination is its own prepared query (see prepared.ts). */
interface ScopeShape {
  company: boolean;
  from: boolean;
  to: boolean;
}

const shapeOf = (scope: MetricsScope): ScopeShape => ({ company: scope.companyId !== undefined, from: scope.from !== undefined, to: scope.to !== undefined });

/** The placeholders' values: the range's last day ends at its last millisecond where the column is a timestamp. */
const valuesOf = (scope: MetricsScope) => ({ companyId: scope.companyId, from: scope.from, to: scope.to, toTimestamp: scope.to === undefined ? undefined : `${scope.to}T23:59:59.999Z` });

type CompanyColumn = typeof transactions.companyId | typeof imports.companyId | typeof documents.companyId | typeof llmCalls.companyId | typeof labels.companyId;

/** A company's rows (when the scope names one) whose day column (YYYY-MM-DD) or timestamp column (ISO) falls within the scope's days. */
const inScope = (companyColumn: CompanyColumn, column: SQL, shape: ScopeShape, timestamps: boolean): SQL | undefined =>
  and(
    shape.company ? eq(companyColumn, placeholder("companyId")) : undefined,
    shape.from ? sql`${column} >= ${placeholder("from")}` : undefined,
    shape.to ? sql`${column} <= ${placeholder(timestamps ? "toTimestamp" : "to")}` : undefined,
  );

const month = sql<string>`substr(${transactions.postedOn}, 1, 7)`;

const monthsQuery = preparedByShape((orm, shape: ScopeShape) =>
  orm
    .select({
      month,
      imported: count(),
      rule: bySource("rule"),
      learned: bySource("learned"),
      llm: bySource("llm"),
      transfer: bySource("transfer"),
      person: bySource("manual"),
      review: number(sql`sum(${transactions.status} = 'review')`),
    })
    .from(transactions)
    .where(inScope(transactions.companyId, sql`${transactions.postedOn}`, shape, false))
    .groupBy(month)
    .orderBy(month)
    .prepare(),
);

/** Labels a person gave after a tier or the pairing had decided. */
const afterTier = sql`${labels.previousSource} in ('rule', 'learned', 'llm', 'transfer')`;

/**
 * Of the transactions a person labelled after a tier had decided, by month:
 * those a person decides now (or sent back to review), and those a person
 * moved away from where the tier had put them and that are not back there.
 * It starts from the labels, which are few, instead of asking every
 * transaction whether it has one.
 */
const labelledMonthsQuery = preparedByShape((orm, shape: ScopeShape) => {
  const changed = sql`exists (select 1 from ${labels} where ${labels.companyId} = ${transactions.companyId} and ${labels.transactionId} = ${transactions.id} and ${afterTier} and ${labels.previousAccountId} <> ${transactions.categoryAccountId})`;
  const labelled = orm
    .select({ transactionId: labels.transactionId })
    .from(labels)
    .where(and(shape.company ? eq(labels.companyId, placeholder("companyId")) : undefined, afterTier));
  return orm
    .select({
      month,
      personAfterTier: number(sql`sum(${transactions.categorySource} in ('manual', 'none'))`),
      changedByPeople: number(sql`sum(${changed})`),
    })
    .from(transactions)
    .where(and(inScope(transactions.companyId, sql`${transactions.postedOn}`, shape, false), inArray(transactions.id, labelled)))
    .groupBy(month)
    .prepare();
});

/** Transactions by month of posting: who decides them now, and how many automatic decisions people changed. */
export async function transactionsByMonth(orm: Orm, scope: MetricsScope) {
  const shape = shapeOf(scope);
  const [months, labelled] = await Promise.all([monthsQuery(orm, shape).all(valuesOf(scope)), labelledMonthsQuery(orm, shape).all(valuesOf(scope))]);
  const labelledByMonth = new Map(labelled.map((row) => [row.month, row]));
  return months.map((row) => ({ ...row, personAfterTier: labelledByMonth.get(row.month)?.personAfterTier ?? 0, changedByPeople: labelledByMonth.get(row.month)?.changedByPeople ?? 0 }));
}

const reviewQueueQuery = preparedByShape((orm, shape: Pick<ScopeShape, "company">) =>
  orm
    .select({ size: count(), oldestCreatedAt: min(transactions.createdAt) })
    .from(transactions)
    .where(and(shape.company ? eq(transactions.companyId, placeholder("companyId")) : undefined, eq(transactions.status, "review")))
    .prepare(),
);

/** What waits for review now, and since when. */
export async function reviewQueue(orm: Orm, scope: MetricsScope): Promise<{ size: number; oldestCreatedAt: string | null }> {
  const [row] = await reviewQueueQuery(orm, { company: scope.companyId !== undefined }).all(valuesOf(scope));
  return { size: row?.size ?? 0, oldestCreatedAt: row?.oldestCreatedAt ?? null };
}

const documentsQuery = preparedByShape((orm, shape: ScopeShape) =>
  orm
    .select({ status: documents.status, documents: count() })
    .from(documents)
    .where(inScope(documents.companyId, sql`${documents.createdAt}`, shape, true))
    .groupBy(documents.status)
    .prepare(),
);

/** Documents received in the range, by status. */
export const documentsByStatus = (orm: Orm, scope: MetricsScope) => documentsQuery(orm, shapeOf(scope)).all(valuesOf(scope));

const importsQuery = preparedByShape((orm, shape: ScopeShape) =>
  orm
    .select({
      imports: count(),
      rows: number(sum(imports.rowsTotal)),
      inserted: number(sum(imports.rowsInserted)),
      duplicates: number(sum(imports.rowsDuplicate)),
      rejected: number(sum(imports.rowsRejected)),
      skipped: number(sum(imports.rowsSkipped)),
    })
    .from(imports)
    .where(inScope(imports.companyId, sql`${imports.createdAt}`, shape, true))
    .prepare(),
);

/** Imports made in the range, and their rows. */
export async function importTotals(orm: Orm, scope: MetricsScope) {
  const [row] = await importsQuery(orm, shapeOf(scope)).all(valuesOf(scope));
  return row ?? { imports: 0, rows: 0, inserted: 0, duplicates: 0, rejected: 0, skipped: 0 };
}

const llmQuery = preparedByShape((orm, shape: ScopeShape) =>
  orm
    .select({
      calls: count(),
      requests: number(sum(llmCalls.attempts)),
      promptTokens: number(sum(llmCalls.promptTokens)),
      completionTokens: number(sum(llmCalls.completionTokens)),
      latencyMsMean: number(sql`round(avg(${llmCalls.latencyMs}))`),
      latencyMsMax: number(max(llmCalls.latencyMs)),
    })
    .from(llmCalls)
    .where(inScope(llmCalls.companyId, sql`${llmCalls.startedAt}`, shape, true))
    .prepare(),
);

/** The LLM tier's requests in the range: what they cost and how long they took. */
export async function llmTotals(orm: Orm, scope: MetricsScope) {
  const [row] = await llmQuery(orm, shapeOf(scope)).all(valuesOf(scope));
  return row ?? { calls: 0, requests: 0, promptTokens: 0, completionTokens: 0, latencyMsMean: 0, latencyMsMax: 0 };
}
