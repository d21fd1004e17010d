/** Documents (receipts), their bytes, their matches to transactions and the suggestions kept for them. */
import { and, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { chunkRowsForInsert, selectInChunks } from "../chunk.ts";
import { inJsonArray, placeholder, prepared } from "../prepared.ts";
import { bankAccounts, documentChunks, documentMatches, documents, documentSuggestions, transactions } from "../schema.ts";
import type { DocumentStatus } from "../../shared/vocabulary.ts";

export type DocumentRow = typeof documents.$inferSelect;
export type DocumentMatchRow = typeof documentMatches.$inferSelect;
export type DocumentSuggestionRow = typeof documentSuggestions.$inferSelect;

/** A document's bytes go in pieces of this size, well under D1's 2 MB for one value. */
const chunkBytes = 1_000_000;

export function insertDocument(orm: Orm, row: DocumentRow, bytes: Uint8Array): BatchStatement[] {
  const statements: BatchStatement[] = [orm.insert(documents).values(row)];
  for (let position = 0; position * chunkBytes < bytes.length; position++) {
    const piece = bytes.slice(position * chunkBytes, (position + 1) * chunkBytes);
    statements.push(orm.insert(documentChunks).values({ companyId: row.companyId, documentId: row.id, position, bytes: piece }));
  }
  return statements;
}

/** The company's one document with this id, or with these bytes. */
async function findDocumentWhere(orm: Orm, companyId: string, condition: SQL): Promise<DocumentRow | undefined> {
  const rows = await orm
    .select()
    .from(documents)
    .where(and(eq(documents.companyId, companyId), condition))
    .limit(1);
  return rows[0];
}

export const findDocument = (orm: Orm, companyId: string, documentId: string): Promise<DocumentRow | undefined> => findDocumentWhere(orm, companyId, eq(documents.id, documentId));

export const findDocumentByHash = (orm: Orm, companyId: string, contentHash: string): Promise<DocumentRow | undefined> => findDocumentWhere(orm, companyId, eq(documents.contentHash, contentHash));

export interface DocumentPageQuery {
  status?: DocumentStatus | undefined;
  /** The last document of the previous page: newest first, by id (ids are time-ordered). */
  afterId?: string | undefined;
  limit: number;
}

export const listDocuments = (orm: Orm, companyId: string, query: DocumentPageQuery): Promise<DocumentRow[]> =>
  orm
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.companyId, companyId),
        query.status === undefined ? undefined : eq(documents.status, query.status),
        query.afterId === undefined ? undefined : lt(documents.id, query.afterId),
      ),
    )
    .orderBy(desc(documents.id))
    .limit(query.limit);

/** Documents the matcher decides (its own matches included, which it may change), dated within the days given. */
export const documentsToMatch = (orm: Orm, companyId: string, from: string, to: string): Promise<DocumentRow[]> =>
  orm
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.companyId, companyId),
        inArray(documents.status, ["suggested", "unmatched", "matched"]),
        eq(documents.autoMatch, true),
        gte(documents.documentDate, from),
        lte(documents.documentDate, to),
      ),
    );

/**
 * Money out in the days given, with what the matcher reads of each and its
 * bank account: those no document is matched to, and those the matcher
 * itself gave to a document it is deciding again (dated `documentsFrom` to
 * `documentsTo`), so that a better receipt arriving later can take its charge.
 */
export const chargesToMatch = (orm: Orm, companyId: string, from: string, to: string, documentsFrom: string, documentsTo: string) =>
  orm
    .select({
      id: transactions.id,
      postedOn: transactions.postedOn,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
      description: transactions.description,
      vendor: transactions.vendor,
      accountLast4: bankAccounts.last4,
    })
    .from(transactions)
    .innerJoin(bankAccounts, and(eq(bankAccounts.companyId, transactions.companyId), eq(bankAccounts.id, transactions.bankAccountId)))
    .leftJoin(documentMatches, and(eq(documentMatches.companyId, transactions.companyId), eq(documentMatches.transactionId, transactions.id)))
    .leftJoin(documents, and(eq(documents.companyId, documentMatches.companyId), eq(documents.id, documentMatches.documentId)))
    .where(
      and(
        eq(transactions.companyId, companyId),
        gte(transactions.postedOn, from),
        lte(transactions.postedOn, to),
        lt(transactions.amountMinor, 0),
        or(isNull(documentMatches.documentId), and(eq(documentMatches.source, "auto"), eq(documents.autoMatch, true), gte(documents.documentDate, documentsFrom), lte(documents.documentDate, documentsTo))),
      ),
    );

/** The matcher's own matches of these documents, which it is about to decide again (a person's are never touched). */
export const deleteAutoMatches = (orm: Orm, companyId: string, documentIds: readonly string[]): BatchStatement[] =>
  chunkRowsForInsert(documentIds, 1).map((chunk) =>
    orm.delete(documentMatches).where(and(eq(documentMatches.companyId, companyId), inArray(documentMatches.documentId, chunk), eq(documentMatches.source, "auto"))),
  );

/** The dates an import's transactions span, to look for documents that may be theirs. */
export async function importDateRange(orm: Orm, companyId: string, importId: string): Promise<{ first: string; last: string } | undefined> {
  const rows = await orm
    .select({ first: sql<string | null>`min(${transactions.postedOn})`, last: sql<string | null>`max(${transactions.postedOn})` })
    .from(transactions)
    .where(and(eq(transactions.companyId, companyId), eq(transactions.importId, importId)));
  const [row] = rows;
  return row?.first === null || row?.first === undefined || row.last === null ? undefined : { first: row.first, last: row.last };
}

export const matchesOfDocuments = (orm: Orm, companyId: string, documentIds: readonly string[]): Promise<DocumentMatchRow[]> =>
  selectInChunks(documentIds, (chunk) =>
    orm
      .select()
      .from(documentMatches)
      .where(and(eq(documentMatches.companyId, companyId), inArray(documentMatches.documentId, chunk))),
  );

export const suggestionsOfDocuments = (orm: Orm, companyId: string, documentIds: readonly string[]): Promise<DocumentSuggestionRow[]> =>
  selectInChunks(documentIds, (chunk) =>
    orm
      .select()
      .from(documentSuggestions)
      .where(and(eq(documentSuggestions.companyId, companyId), inArray(documentSuggestions.documentId, chunk)))
      .orderBy(desc(documentSuggestions.score)),
  );

const documentsOfTransactionsQuery = prepared((orm) =>
  orm
    .select({ documentId: documentMatches.documentId, transactionId: documentMatches.transactionId })
    .from(documentMatches)
    .where(and(eq(documentMatches.companyId, placeholder("companyId")), inJsonArray(documentMatches.transactionId, "transactionIds")))
    .prepare(),
);

/** The documents matched to each of these transactions (every page of transactions asks). */
export const documentsOfTransactions = (orm: Orm, companyId: string, transactionIds: readonly string[]): Promise<Pick<DocumentMatchRow, "documentId" | "transactionId">[]> =>
  documentsOfTransactionsQuery(orm).all({ companyId, transactionIds: JSON.stringify(transactionIds) });

export async function matchOfTransaction(orm: Orm, companyId: string, transactionId: string): Promise<DocumentMatchRow | undefined> {
  const rows = await orm
    .select()
    .from(documentMatches)
    .where(and(eq(documentMatches.companyId, companyId), eq(documentMatches.transactionId, transactionId)))
    .limit(1);
  return rows[0];
}

export const insertMatches = (orm: Orm, rows: readonly DocumentMatchRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, 7).map((chunk) => orm.insert(documentMatches).values(chunk));

export const deleteMatch = (orm: Orm, companyId: string, documentId: string): BatchStatement =>
  orm.delete(documentMatches).where(and(eq(documentMatches.companyId, companyId), eq(documentMatches.documentId, documentId)));

export const deleteSuggestions = (orm: Orm, companyId: string, documentIds: readonly string[]): BatchStatement[] =>
  documentIds.length === 0
    ? []
    : chunkRowsForInsert(documentIds, 1).map((chunk) => orm.delete(documentSuggestions).where(and(eq(documentSuggestions.companyId, companyId), inArray(documentSuggestions.documentId, chunk))));

export const insertSuggestionRows = (orm: Orm, rows: readonly DocumentSuggestionRow[]): BatchStatement[] =>
  chunkRowsForInsert(rows, 5).map((chunk) => orm.insert(documentSuggestions).values(chunk));

/** A matched charge put back as a suggestion; already there (an unmatch sent twice at once), it stays as it is. */
export const restoreSuggestion = (orm: Orm, row: DocumentSuggestionRow): BatchStatement => orm.insert(documentSuggestions).values(row).onConflictDoNothing();

export const setDocumentState = (orm: Orm, companyId: string, documentId: string, state: { status: DocumentStatus; autoMatch?: boolean }): BatchStatement =>
  orm
    .update(documents)
    .set(state)
    .where(and(eq(documents.companyId, companyId), eq(documents.id, documentId)));

/** The matcher's new status for a document, written only while the document is still the matcher's: a person who took it meanwhile keeps it. */
export const setStatusByMatcher = (orm: Orm, companyId: string, documentId: string, status: DocumentStatus): BatchStatement =>
  orm
    .update(documents)
    .set({ status })
    .where(and(eq(documents.companyId, companyId), eq(documents.id, documentId), eq(documents.autoMatch, true)));

/** A document and everything kept for it (its bytes, its match, its suggestions), children first: one batch. */
export const deleteDocument = (orm: Orm, companyId: string, documentId: string): BatchStatement[] => [
  orm.delete(documentSuggestions).where(and(eq(documentSuggestions.companyId, companyId), eq(documentSuggestions.documentId, documentId))),
  orm.delete(documentMatches).where(and(eq(documentMatches.companyId, companyId), eq(documentMatches.documentId, documentId))),
  orm.delete(documentChunks).where(and(eq(documentChunks.companyId, companyId), eq(documentChunks.documentId, documentId))),
  orm.delete(documents).where(and(eq(documents.companyId, companyId), eq(documents.id, documentId))),
];
