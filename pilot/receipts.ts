/**
 * The receipts of the pilot: when the bookkeeper's client sends each (half
 * before their month's statements, half after, so that matching is tried in
 * both orders), the upload itself, what the books made of them, and how that
 * compares with the truth: precision and recall of the matches, and cash
 * receipts left alone.
 */
import { shareOf } from "../src/shared/ratio.ts";
import { answers, type Answer } from "../client/answers.ts";
import { send, type ApiTarget } from "../client/http.ts";
import type { PilotReceipt, TruthTransaction } from "./company.ts";

type Document = Answer<"documentsPage">["data"][number];
type Pairing = Pick<NonNullable<Document["match"]>, "transactionId" | "score" | "reasons">;

/** What the pilot keeps of a document (a part of the API's own type: see client/answers.ts). */
export type StoredDocument = Pick<Document, "id" | "mediaType" | "status"> & {
  match: (Pairing & Pick<NonNullable<Document["match"]>, "source">) | null;
  suggestions: Pairing[];
};

/** One receipt as the books hold it at the end. */
export interface ReceiptObservation {
  receiptId: string;
  mediaType: string;
  /** As the books hold it at the end; null if it is not among them. */
  document: StoredDocument | null;
}

export interface ReceiptRound {
  before: PilotReceipt[];
  after: PilotReceipt[];
}

/**
 * Each month's receipts, every other one (in the order the company lists
 * them) sent before that month's statements and the rest after. A receipt
 * dated outside the statements' months goes with the nearest one.
 */
export function receiptRounds(receipts: readonly PilotReceipt[], months: readonly string[]): Map<string, ReceiptRound> {
  const rounds = new Map(months.map((month) => [month, { before: [] as PilotReceipt[], after: [] as PilotReceipt[] }]));
  const first = months[0];
  const last = months.at(-1);
  if (first === undefined || last === undefined) return rounds;
  receipts.forEach((receipt, index) => {
    const dated = receipt.date.slice(0, 7);
    const month = dated < first ? first : dated > last ? last : rounds.has(dated) ? dated : last;
    const round = rounds.get(month) as ReceiptRound;
    (index % 2 === 0 ? round.before : round.after).push(receipt);
  });
  return rounds;
}

/** Sends receipts one at a time, as raw bodies named by their file: answers each one's document and how long the upload took. */
export async function uploadReceipts(target: ApiTarget, companyId: string, token: string, receipts: readonly PilotReceipt[]): Promise<Map<string, string>> {
  const documentOf = new Map<string, string>();
  for (const receipt of receipts) {
    const path = `/v1/companies/${companyId}/documents?filename=${encodeURIComponent(receipt.filename)}`;
    const answer = await send(target, "POST", path, { token, body: await receipt.bytes(), contentType: receipt.mediaType }, answers.documentsUploaded);
    const document = answer.body.documents[0];
    if (document === undefined || !("id" in document)) throw new Error(`the upload of ${receipt.filename} answered no document: ${JSON.stringify(answer.body)}`);
    documentOf.set(receipt.id, document.id);
  }
  return documentOf;
}

/** Every document the company holds, a page at a time. */
export async function readAllDocuments(target: ApiTarget, companyId: string, token: string): Promise<StoredDocument[]> {
  const documents: StoredDocument[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const page = (await send(target, "GET", `/v1/companies/${companyId}/documents?limit=500${query}`, { token }, answers.documentsPage)).body;
    documents.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return documents;
}

export interface ReceiptMetrics {
  uploaded: number;
  byMediaType: Record<string, number>;
  unreadable: number;
  /** Receipts the truth ties to a charge, and those paid in cash. */
  withCharge: number;
  cash: number;
  /** Matches the books made (automatically), and how many are the truth's. */
  matched: number;
  correct: number;
  /** correct / matched; null with no matches. */
  precision: number | null;
  /** correct / withCharge; null with no such receipts. */
  recall: number | null;
  /** Cash receipts the books matched to a charge anyway (should be none). */
  cashMatched: number;
  /** Receipts left unmatched whose charge is among their suggestions, for a person to take in one click. */
  suggestedRight: number;
}


/**
 * What became of one receipt, judged against the truth:
 * - `right`: matched automatically to its own charge;
 * - `wrong`: matched automatically to another charge;
 * - `cash-matched`: paid in cash, yet matched to a charge;
 * - `suggested`: left unmatched, with its charge among the suggestions;
 * - `missed`: left unmatched, its charge not suggested;
 * - `cash`: paid in cash and rightly left alone.
 */
export type ReceiptOutcome = "right" | "wrong" | "cash-matched" | "suggested" | "missed" | "cash";

export interface ReceiptCase {
  receiptId: string;
  mediaType: string;
  /** The document's status in the books: matched, suggested, unmatched, unreadable... */
  status: string;
  outcome: ReceiptOutcome;
  /** The automatic match's score, or else the best suggestion's; null with neither. */
  score: number | null;
  /** The reasons behind that score, as the API gives them. */
  reasons: string[];
}

/** Judges each receipt the books hold: `truthOf` says which truth transaction each booked one is. */
export function receiptCases(receipts: readonly PilotReceipt[], observed: readonly ReceiptObservation[], truthOf: ReadonlyMap<string, TruthTransaction>): ReceiptCase[] {
  const byId = new Map(receipts.map((receipt) => [receipt.id, receipt]));
  const cases: ReceiptCase[] = [];
  for (const { receiptId, mediaType, document } of observed) {
    const receipt = byId.get(receiptId);
    if (receipt === undefined || document === null) continue;
    const isTruth = (transactionId: string): boolean => receipt.transactionId !== null && truthOf.get(transactionId)?.id === receipt.transactionId;
    const automatic = document.match?.source === "auto" ? document.match : null;
    const best = automatic ?? document.suggestions.reduce<StoredDocument["suggestions"][number] | null>((top, s) => (top === null || s.score > top.score ? s : top), null);
    let outcome: ReceiptOutcome;
    if (automatic !== null) outcome = isTruth(automatic.transactionId) ? "right" : receipt.transactionId === null ? "cash-matched" : "wrong";
    else if (receipt.transactionId === null) outcome = "cash";
    else outcome = document.suggestions.some((suggestion) => isTruth(suggestion.transactionId)) ? "suggested" : "missed";
    cases.push({ receiptId, mediaType, status: document.status, outcome, score: best?.score ?? null, reasons: best?.reasons ?? [] });
  }
  return cases;
}

/** The counts of a company's receipt cases: precision and recall of its automatic matches. */
export function receiptMetrics(cases: readonly ReceiptCase[]): ReceiptMetrics {
  const metrics: ReceiptMetrics = { uploaded: 0, byMediaType: {}, unreadable: 0, withCharge: 0, cash: 0, matched: 0, correct: 0, precision: null, recall: null, cashMatched: 0, suggestedRight: 0 };
  for (const { mediaType, status, outcome } of cases) {
    metrics.uploaded += 1;
    metrics.byMediaType[mediaType] = (metrics.byMediaType[mediaType] ?? 0) + 1;
    if (status === "unreadable") metrics.unreadable += 1;
    if (outcome === "cash" || outcome === "cash-matched") metrics.cash += 1;
    else metrics.withCharge += 1;
    if (outcome === "right" || outcome === "wrong" || outcome === "cash-matched") metrics.matched += 1;
    if (outcome === "right") metrics.correct += 1;
    if (outcome === "cash-matched") metrics.cashMatched += 1;
    if (outcome === "suggested") metrics.suggestedRight += 1;
  }
  return { ...metrics, precision: shareOf(metrics.correct, metrics.matched), recall: shareOf(metrics.correct, metrics.withCharge) };
}

/** The totals of several companies' receipt metrics. */
export function summedReceipts(all: readonly ReceiptMetrics[]): ReceiptMetrics {
  const sum = (pick: (metrics: ReceiptMetrics) => number): number => all.reduce((total, metrics) => total + pick(metrics), 0);
  const byMediaType: Record<string, number> = {};
  for (const metrics of all) for (const [type, count] of Object.entries(metrics.byMediaType)) byMediaType[type] = (byMediaType[type] ?? 0) + count;
  const matched = sum((m) => m.matched);
  const correct = sum((m) => m.correct);
  const withCharge = sum((m) => m.withCharge);
  return {
    uploaded: sum((m) => m.uploaded),
    byMediaType,
    unreadable: sum((m) => m.unreadable),
    withCharge,
    cash: sum((m) => m.cash),
    matched,
    correct,
    precision: shareOf(correct, matched),
    recall: shareOf(correct, withCharge),
    cashMatched: sum((m) => m.cashMatched),
    suggestedRight: sum((m) => m.suggestedRight),
  };
}
