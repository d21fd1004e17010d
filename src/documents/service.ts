/**
 * Documents (receipts): taken in, read, stored with what was read, and
 * matched to the bank charges they are the slips of. Matching runs whenever
 * either side arrives: a receipt is matched against the charges already in
 * the books, and an import's charges against the receipts waiting for them.
 * Each time, the receipts and charges of the days concerned are decided
 * together (see match.ts), so arriving in any order gives the same matches.
 */
import type { Database } from "../db/database.ts";
import { findTransactions } from "../db/queries/transactions.ts";
import {
  chargesToMatch,
  deleteMatch,
  deleteAutoMatches,
  deleteDocument,
  deleteSuggestions,
  documentsToMatch,
  findDocument,
  findDocumentByHash,
  importDateRange,
  insertDocument,
  insertMatches,
  insertSuggestionRows,
  restoreSuggestion,
  listDocuments,
  matchesOfDocuments,
  matchOfTransaction,
  setDocumentState,
  setStatusByMatcher,
  suggestionsOfDocuments,
  type DocumentMatchRow,
  type DocumentRow,
  type DocumentSuggestionRow,
} from "../db/queries/documents.ts";
import { retryOnConflict } from "../db/retry.ts";
import { dayShift } from "../ledger/transfers.ts";
import { decodeCursor, encodeCursor } from "../shared/cursor.ts";
import { sha256Hex } from "../shared/crypto.ts";
import { TransactionHasDocument, NotFound, quoteId } from "../shared/errors.ts";
import { newSortableId } from "../shared/ids.ts";
import type { DocumentMediaType, DocumentStatus } from "../shared/vocabulary.ts";
import { extractReceipt } from "./extract.ts";
import { dateWindowDays, defaultMatchPolicy, matchReceipts, type ChargeToMatch, type Pairing, type ReceiptToMatch } from "./match.ts";
import { readDocument, type Ocr } from "./read.ts";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface DocumentFile {
  filename: string | null;
  mediaType: DocumentMediaType;
  bytes: Uint8Array;
}

export interface DocumentView {
  row: DocumentRow;
  match: DocumentMatchRow | undefined;
  suggestions: DocumentSuggestionRow[];
}

async function views(db: Database, companyId: string, rows: readonly DocumentRow[]): Promise<DocumentView[]> {
  const ids = rows.map((row) => row.id);
  const [matches, suggestions] = await Promise.all([matchesOfDocuments(db.orm, companyId, ids), suggestionsOfDocuments(db.orm, companyId, ids)]);
  const matchOf = new Map(matches.map((match) => [match.documentId, match]));
  return rows.map((row) => ({ row, match: matchOf.get(row.id), suggestions: suggestions.filter((suggestion) => suggestion.documentId === row.id) }));
}

export async function getDocument(db: Database, companyId: string, documentId: string): Promise<DocumentView> {
  const row = await findDocument(db.orm, companyId, documentId);
  if (row === undefined) throw new NotFound(`No document ${quoteId(documentId)} in this company`);
  const [view] = await views(db, companyId, [row]);
  return view as DocumentView;
}

export async function listDocumentPage(db: Database, companyId: string, query: { status?: DocumentStatus | undefined; limit: number; cursor?: string | undefined }): Promise<{ documents: DocumentView[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, (key) => uuidPattern.test(key)).key;
  const rows = await listDocuments(db.orm, companyId, { status: query.status, limit: query.limit + 1, afterId: after });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { documents: await views(db, companyId, page), nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last.createdAt.slice(0, 10), last.id) : null };
}

export interface DocumentOutcome {
  created: boolean;
  document: DocumentView;
}

/** Takes one file: the same bytes again answer with the document they made; otherwise it is read, stored and matched. */
export async function addDocument(db: Database, companyId: string, file: DocumentFile, ocr: Ocr | undefined, now: Date): Promise<DocumentOutcome> {
  const contentHash = sha256Hex(file.bytes);
  const earlier = await findDocumentByHash(db.orm, companyId, contentHash);
  if (earlier !== undefined) return { created: false, document: await getDocument(db, companyId, earlier.id) };
  const read = await readDocument(file.bytes, file.mediaType, ocr);
  const extracted = "text" in read ? extractReceipt(read.text) : undefined;
  const row: DocumentRow = {
    // Time-ordered, so that a page of documents is an index range: newest first by id.
    id: newSortableId(),
    companyId,
    filename: file.filename,
    mediaType: file.mediaType,
    contentHash,
    sizeBytes: file.bytes.length,
    status: "text" in read ? "unmatched" : "unreadable",
    unreadableReason: "unreadable" in read ? read.unreadable : null,
    text: "text" in read ? read.text : null,
    vendor: extracted?.vendor ?? null,
    documentDate: extracted?.date ?? null,
    totalMinor: extracted?.totalMinor ?? null,
    taxMinor: extracted?.taxMinor ?? null,
    tipMinor: extracted?.tipMinor ?? null,
    currency: extracted?.currency ?? null,
    cardLast4: extracted?.cardLast4 ?? null,
    paidInCash: extracted?.paidInCash ?? false,
    tipLeftOut: extracted?.tipLeftOut ?? false,
    autoMatch: true,
    createdAt: now.toISOString(),
  };
  try {
    await db.batch(insertDocument(db.orm, row, file.bytes));
  } catch (error) {
    // The same bytes, sent twice at once: the other request stored them first.
    const winner = await findDocumentByHash(db.orm, companyId, contentHash);
    if (winner === undefined) throw error;
    return { created: false, document: await getDocument(db, companyId, winner.id) };
  }
  if (row.documentDate !== null) await matchQuietly(db, companyId, dayShift(row.documentDate, -dateWindowDays.after), dayShift(row.documentDate, dateWindowDays.after));
  return { created: true, document: await getDocument(db, companyId, row.id) };
}

const toReceipt = (row: DocumentRow): ReceiptToMatch => ({
  id: row.id,
  date: row.documentDate,
  totalMinor: row.totalMinor,
  currency: row.currency,
  cardLast4: row.cardLast4,
  vendor: row.vendor,
  tipMinor: row.tipMinor,
  tipLeftOut: row.tipLeftOut,
  paidInCash: row.paidInCash,
});

const statusAfter = (documentId: string, matched: ReadonlySet<string>, suggested: ReadonlyMap<string, Pairing[]>): DocumentStatus =>
  matched.has(documentId) ? "matched" : (suggested.get(documentId)?.length ?? 0) > 0 ? "suggested" : "unmatched";

/**
 * Decides again every receipt the matcher holds (open, or matched by it)
 * dated between `from` and `to`, against every charge not matched by a
 * person that any of them could be: so the order in which slips and
 * statements arrive does not change the outcome. The matches it is sure of
 * are made, its earlier ones replaced, and each receipt's suggestions too.
 * A concurrent match of the same charge loses the race and is tried again.
 */
export async function matchDocumentsBetween(db: Database, companyId: string, from: string, to: string): Promise<void> {
  await retryOnConflict(async () => {
    const documents = await documentsToMatch(db.orm, companyId, from, to);
    if (documents.length === 0) return;
    const charges: ChargeToMatch[] = await chargesToMatch(db.orm, companyId, dayShift(from, -dateWindowDays.before), dayShift(to, dateWindowDays.after), from, to);
    const outcome = matchReceipts(documents.map(toReceipt), charges, defaultMatchPolicy);
    const matched = new Set(outcome.matches.map((match) => match.receiptId));
    const createdAt = new Date().toISOString();
    const ids = documents.map((document) => document.id);
    await db.batch([
      ...deleteSuggestions(db.orm, companyId, ids),
      ...deleteAutoMatches(db.orm, companyId, documents.filter((document) => document.status === "matched").map((document) => document.id)),
      ...insertMatches(
        db.orm,
        outcome.matches.map((match) => ({ companyId, documentId: match.receiptId, transactionId: match.transactionId, score: match.score, reasons: JSON.stringify(match.reasons), source: "auto" as const, createdAt })),
      ),
      ...insertSuggestionRows(
        db.orm,
        [...outcome.suggestions.values()].flat().map((suggestion) => ({ companyId, documentId: suggestion.receiptId, transactionId: suggestion.transactionId, score: suggestion.score, reasons: JSON.stringify(suggestion.reasons) })),
      ),
      ...documents.flatMap((document) => {
        const status = statusAfter(document.id, matched, outcome.suggestions);
        return status === document.status ? [] : [setStatusByMatcher(db.orm, companyId, document.id, status)];
      }),
    ]);
  });
}

/** After an import: the receipts that may be slips of its charges are decided again. */
export async function matchDocumentsAfterImport(db: Database, companyId: string, importId: string): Promise<void> {
  const range = await importDateRange(db.orm, companyId, importId);
  if (range === undefined) return;
  await matchQuietly(db, companyId, dayShift(range.first, -dateWindowDays.after), dayShift(range.last, dateWindowDays.before));
}

/**
 * Matching after what started it (an import, an upload) is stored: a failure
 * here (a race lost a dozen times) must not fail that request, whose retry
 * would be a replay that matches nothing. The receipts stay as they were, and
 * the next import or upload in their days decides them again.
 */
async function matchQuietly(db: Database, companyId: string, from: string, to: string): Promise<void> {
  try {
    await matchDocumentsBetween(db, companyId, from, to);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", message: "receipts could not be matched; they wait for the next import or upload in their days", companyId, from, to, error: error instanceof Error ? error.message : String(error) }));
  }
}

/**
 * A person matches a document to a transaction by hand. A transaction that
 * has another document is refused (409) unless `replace`, which frees that
 * document; the document's own earlier match, if any, is replaced.
 */
export async function matchByHand(db: Database, companyId: string, documentId: string, transactionId: string, replace: boolean, now: Date): Promise<void> {
  await retryOnConflict(async () => {
    const [document, [transaction], holder] = await Promise.all([findDocument(db.orm, companyId, documentId), findTransactions(db.orm, companyId, [transactionId]), matchOfTransaction(db.orm, companyId, transactionId)]);
    if (document === undefined) throw new NotFound(`No document ${quoteId(documentId)} in this company`);
    if (transaction === undefined) throw new NotFound(`No transaction ${quoteId(transactionId)} in this company`);
    if (holder !== undefined && holder.documentId === documentId) return;
    if (holder !== undefined && !replace) {
      throw new TransactionHasDocument(`Transaction ${quoteId(transactionId)} already has document ${quoteId(holder.documentId)}; send ?replace=true to match this one instead`, { documentId: holder.documentId });
    }
    await db.batch([
      deleteMatch(db.orm, companyId, documentId),
      ...(holder === undefined ? [] : [deleteMatch(db.orm, companyId, holder.documentId), setDocumentState(db.orm, companyId, holder.documentId, { status: "unmatched", autoMatch: false })]),
      ...deleteSuggestions(db.orm, companyId, [documentId]),
      ...insertMatches(db.orm, [{ companyId, documentId, transactionId, score: 1, reasons: JSON.stringify(["matched by hand"]), source: "manual", createdAt: now.toISOString() }]),
      // A person's match: the matcher leaves this document alone from now on.
      setDocumentState(db.orm, companyId, documentId, { status: "matched", autoMatch: false }),
    ]);
  });
}

/**
 * A person undoes a document's match: it waits for people from then on (the
 * matcher would only make it again). The matcher's pairing stays as a
 * suggestion; a person's own leaves nothing behind, and an unreadable
 * document is unreadable again.
 */
export async function unmatch(db: Database, companyId: string, documentId: string): Promise<void> {
  const document = await findDocument(db.orm, companyId, documentId);
  if (document === undefined) throw new NotFound(`No document ${quoteId(documentId)} in this company`);
  const [match] = await matchesOfDocuments(db.orm, companyId, [documentId]);
  if (match === undefined) return;
  const keep = match.source === "auto" && document.unreadableReason === null;
  const status: DocumentStatus = document.unreadableReason !== null ? "unreadable" : keep ? "suggested" : "unmatched";
  await db.batch([
    deleteMatch(db.orm, companyId, documentId),
    // Two unmatches at once both read the match; the second's suggestion is already there.
    ...(keep ? [restoreSuggestion(db.orm, { companyId, documentId, transactionId: match.transactionId, score: match.score, reasons: match.reasons })] : []),
    setDocumentState(db.orm, companyId, documentId, { status, autoMatch: false }),
  ]);
}

/**
 * A person removes a document (sent by mistake, or with the wrong type: the
 * same bytes sent again would answer with it). Its charge is free for the
 * matcher again; the books themselves never change for a document.
 */
export async function removeDocument(db: Database, companyId: string, documentId: string): Promise<void> {
  const document = await findDocument(db.orm, companyId, documentId);
  if (document === undefined) throw new NotFound(`No document ${quoteId(documentId)} in this company`);
  await db.batch(deleteDocument(db.orm, companyId, documentId));
}
