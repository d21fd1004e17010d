/** The LLM tier's remembered answers, its calls (what they cost), and where each import stands with it. */
import { and, asc, eq, getTableColumns, gte, inArray, sql } from "drizzle-orm";
import type { BatchStatement, Database, Orm } from "../database.ts";
import { insertFromJson, jsonField, type ColumnValues } from "../insert-select.ts";
import { chunkRowsForInsert, selectInChunks } from "../chunk.ts";
import { imports, llmAnswers, llmCalls, transactions } from "../schema.ts";
import { transactionBasics } from "./transactions.ts";
import type { LlmStatus } from "../../shared/vocabulary.ts";

export type LlmAnswerRow = typeof llmAnswers.$inferSelect;
export type LlmCallRow = typeof llmCalls.$inferSelect;

/** What an import left in review, as the LLM tier is asked about it. */
export const reviewTransactionsOfImport = (orm: Orm, companyId: string, importId: string) =>
  orm
    .select(transactionBasics)
    .from(transactions)
    .where(and(eq(transactions.companyId, companyId), eq(transactions.importId, importId), eq(transactions.status, "review"), eq(transactions.categorySource, "none")))
    .orderBy(asc(transactions.postedOn), asc(transactions.id));

/** The answers remembered for these vendor keys from this provider, model and prompt (both directions; the caller picks). */
export const readLlmAnswers = (orm: Orm, companyId: string, vendorKeys: readonly string[], asker: Pick<LlmAnswerRow, "provider" | "model" | "promptVersion">): Promise<LlmAnswerRow[]> =>
  selectInChunks(vendorKeys, (chunk) =>
    orm
      .select()
      .from(llmAnswers)
      .where(
        and(
          eq(llmAnswers.companyId, companyId),
          eq(llmAnswers.provider, asker.provider),
          eq(llmAnswers.model, asker.model),
          eq(llmAnswers.promptVersion, asker.promptVersion),
          inArray(llmAnswers.vendorKey, chunk),
        ),
      ),
  );

export const saveLlmAnswers = (orm: Orm, rows: readonly LlmAnswerRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, 10).map((chunk) =>
    orm
      .insert(llmAnswers)
      .values(chunk)
      .onConflictDoUpdate({
        target: [llmAnswers.companyId, llmAnswers.direction, llmAnswers.vendorKey, llmAnswers.provider, llmAnswers.model, llmAnswers.promptVersion],
        set: { accountId: sql`excluded.account_id`, confidence: sql`excluded.confidence`, reason: sql`excluded.reason`, createdAt: sql`excluded.created_at` },
      }),
  );

/**
 * Reserves a call's requests in the company's day budget before it is made,
 * in one statement: the row goes in only if what the day has spent (counting
 * every other reservation, concurrent imports included) plus these requests
 * stays within the budget. The row says timeout until the call's outcome
 * replaces it, so a host that dies mid-call still counts what it sent.
 * Answers whether the reservation was made.
 */
export async function reserveLlmCall(db: Database, row: LlmCallRow, budget: { since: string; requestsMax: number }): Promise<boolean> {
  const fields = [row.id, row.companyId, row.importId, row.provider, row.model, row.promptVersion, row.items, row.outcome, row.attempts, row.promptTokens, row.completionTokens, row.latencyMs, row.startedAt];
  const spent = sql`(select coalesce(sum(${llmCalls.attempts}), 0) from ${llmCalls} where ${llmCalls.companyId} = ${row.companyId} and ${llmCalls.startedAt} >= ${budget.since})`;
  const values = Object.fromEntries(Object.keys(getTableColumns(llmCalls)).map((key, index) => [key, jsonField(index)])) as ColumnValues<typeof llmCalls>;
  await db.batch([insertFromJson(db.orm, llmCalls, values, JSON.stringify([fields]), sql`${spent} + ${row.attempts} <= ${budget.requestsMax}`)]);
  const stored = await db.orm.select({ id: llmCalls.id }).from(llmCalls).where(eq(llmCalls.id, row.id));
  return stored.length === 1;
}

/** A reserved call's outcome: what it really sent, cost and took. */
export const settleLlmCall = (orm: Orm, row: LlmCallRow): BatchStatement =>
  orm
    .update(llmCalls)
    .set({ outcome: row.outcome, attempts: row.attempts, promptTokens: row.promptTokens, completionTokens: row.completionTokens, latencyMs: row.latencyMs })
    .where(and(eq(llmCalls.companyId, row.companyId), eq(llmCalls.id, row.id)));

/** Requests (retries included) the company sent since `since`: what its day's budget has spent. */
export async function requestsSince(orm: Orm, companyId: string, since: string): Promise<number> {
  const rows = await orm
    .select({ attempts: sql<number>`coalesce(sum(${llmCalls.attempts}), 0)` })
    .from(llmCalls)
    .where(and(eq(llmCalls.companyId, companyId), gte(llmCalls.startedAt, since)));
  return rows[0]?.attempts ?? 0;
}

export const setImportLlm = (orm: Orm, companyId: string, importId: string, state: { status: LlmStatus; vendors: number; decided: number; suggested: number }): BatchStatement =>
  orm
    .update(imports)
    .set({ llmStatus: state.status, llmVendors: state.vendors, llmDecided: state.decided, llmSuggested: state.suggested })
    .where(and(eq(imports.companyId, companyId), eq(imports.id, importId)));

/** The company's calls, oldest first, from `since`: for its usage report. */
export const callsSince = (orm: Orm, companyId: string, since: string): Promise<LlmCallRow[]> =>
  orm
    .select()
    .from(llmCalls)
    .where(and(eq(llmCalls.companyId, companyId), gte(llmCalls.startedAt, since)))
    .orderBy(asc(llmCalls.startedAt));
