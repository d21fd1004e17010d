/** The LLM tier's remembered answers, its calls (what they cost), and where each import stands with it. */
import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
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

export const insertLlmCalls = (orm: Orm, rows: readonly LlmCallRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, 13).map((chunk) => orm.insert(llmCalls).values(chunk));

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
