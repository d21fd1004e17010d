/**
 * Taking a bank file in: read it, leave out what the account already holds,
 * let the tiers decide what they can, book the rest, and store it all (the
 * import's report, its transactions, their suggestions and entries, and its
 * row problems) as one batch, all or nothing.
 */
import { csvSettingsSchema } from "../bank-accounts/csv-settings.ts";
import type { Categorized, Tier } from "../categorize/pipeline.ts";
import { calibrationOnPosting, countTally, labelWeightOf, mergeCalibrationDeltas, type CalibrationDelta, type CountDelta } from "../categorize/learning.ts";
import { categorizeTransactions, ensureLearnedModel } from "../categorize/service.ts";
import { addCalibration, addCounts } from "../db/queries/learned.ts";
import type { BankAccountWithLedger } from "../db/queries/bank-accounts.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import type { Database } from "../db/database.ts";
import { ConstraintViolation } from "../db/errors.ts";
import {
  bindIdempotencyKey,
  findImport,
  findImportByContent,
  findImportByIdempotencyKey,
  insertImport,
  insertRowProblems,
  listFirstRowProblems,
  listImports as listImportRows,
  listRowProblemPage,
  type ImportKey,
  type ImportRow,
  type RowProblemRow,
} from "../db/queries/imports.ts";
import { findEntriesWithLines, insertEntries, lastEntryNumber } from "../db/queries/journal.ts";
import { fingerprintsBetween, insertSuggestions, insertTransactions, setTransactionDecision, transferCandidates } from "../db/queries/transactions.ts";
import { retryOnConflict } from "../db/retry.ts";
import { listAccounts, type AccountRow } from "../db/queries/accounts.ts";
import { suspenseAccountOf } from "../ledger/accounts.ts";
import { bookImport, pairWithCandidates, type Booking, type CategorizedTransaction, type ImportedTransaction } from "../ledger/book.ts";
import { dayShift, transferWindowDays } from "../ledger/transfers.ts";
import { sha256Hex } from "../shared/crypto.ts";
import { decodeKeyCursor, encodeKeyCursor } from "../shared/cursor.ts";
import type { PageQuery } from "../http/fields.ts";
import { dateRange } from "../shared/dates.ts";
import { CurrencyMismatch, IdempotencyKeyReused, NotFound, quoteId, RowsRejected, UnreadableFile } from "../shared/errors.ts";
import { newId, newSortableId } from "../shared/ids.ts";
import { parseEvidence, type LlmStatus } from "../shared/vocabulary.ts";
import { currencyDecimals } from "../shared/money.ts";
import { fingerprints } from "./fingerprint.ts";
import { readStatement, type Dialect, type ParsedStatement, type RowProblem } from "./statement.ts";
import { normalizeVendor } from "./vendor.ts";

export interface UploadedFile {
  filename: string | null;
  bytes: Uint8Array;
}

export interface ImportReport {
  id: string;
  bankAccountId: string;
  filename: string | null;
  /** "already_imported": these bytes were imported before, and this is that import's report. */
  status: "imported" | "already_imported";
  dialect: Dialect;
  rows: { total: number; inserted: number; duplicate: number; rejected: number; skipped: number };
  rejections: RowProblem[];
  skipped: RowProblem[];
  createdAt: string;
  /** What the LLM tier, which answers after the import, has done with what the first tiers left; null when nothing went to it. */
  llm: { status: LlmStatus; vendors: number; decided: number; suggested: number } | null;
}

type ReportedProblem = Pick<RowProblemRow, "importId" | "kind" | "line" | "reason" | "raw">;

/**
 * A report shows at most this many rejected (and skipped) rows inline, the
 * first by line, so an answer stays small whatever the file held; rows.rejected
 * counts them all, and GET …/imports/{id}/rejections pages through the rest.
 */
export const rowProblemsShownMax = 10;

function reportOf(row: ImportRow, problems: readonly ReportedProblem[]): ImportReport {
  const pick = (kind: RowProblemRow["kind"]): RowProblem[] =>
    problems
      .filter((p) => p.importId === row.id && p.kind === kind)
      .slice(0, rowProblemsShownMax)
      .map((p) => ({ line: p.line, reason: p.reason, raw: p.raw }));
  return {
    id: row.id,
    bankAccountId: row.bankAccountId,
    filename: row.filename,
    status: row.status,
    dialect: JSON.parse(row.dialect) as Dialect,
    rows: { total: row.rowsTotal, inserted: row.rowsInserted, duplicate: row.rowsDuplicate, rejected: row.rowsRejected, skipped: row.rowsSkipped },
    rejections: pick("rejected"),
    skipped: pick("skipped"),
    createdAt: row.createdAt,
    llm: row.llmStatus === null ? null : { status: llmStatusAsOf(row.llmStatus, row.createdAt, Date.now()), vendors: row.llmVendors, decided: row.llmDecided, suggested: row.llmSuggested },
  };
}

/**
 * An import's LLM work ends within half a minute (see askingMsMax); one still
 * pending long after that died with its host (a restart, an evicted Worker),
 * and its transactions wait in review like those of any failed run.
 */
const llmPendingMsMax = 120_000;

export function llmStatusAsOf(status: LlmStatus, createdAt: string, nowMs: number): LlmStatus {
  return status === "pending" && nowMs - Date.parse(createdAt) > llmPendingMsMax ? "failed" : status;
}

async function storedReport(db: Database, row: ImportRow): Promise<ImportReport> {
  return reportOf(row, await listFirstRowProblems(db.orm, row.companyId, [row.id], rowProblemsShownMax));
}

/** Outcome of one file: a new import (201), or an earlier one answered again (200). */
export interface ImportOutcome {
  created: boolean;
  report: ImportReport;
}

/** The import's row counts once its new rows are known: the rest of its readable rows were already in the books. */
const withCounts = (row: ImportRow, inserted: number): ImportRow => ({ ...row, rowsInserted: inserted, rowsDuplicate: row.rowsTotal - row.rowsRejected - row.rowsSkipped - inserted });

/** An earlier answer for this file, if there is one: the same Idempotency-Key, or the same bytes on this account. */
async function earlierOutcome(db: Database, bankAccount: BankAccountWithLedger, hash: string, idempotencyKey: string | undefined): Promise<ImportOutcome | undefined> {
  const { companyId } = bankAccount;
  if (idempotencyKey !== undefined) {
    const earlier = await findImportByIdempotencyKey(db.orm, companyId, idempotencyKey);
    if (earlier) {
      if (earlier.contentHash !== hash || earlier.bankAccountId !== bankAccount.id) {
        throw new IdempotencyKeyReused(`Idempotency-Key ${quoteId(idempotencyKey)} was used for another file or bank account`);
      }
      // The first answer, replayed: it was a creation.
      return { created: true, report: await storedReport(db, earlier) };
    }
  }
  const same = await findImportByContent(db.orm, companyId, bankAccount.id, hash);
  if (same === undefined) return undefined;
  // The key now names this import: the same key with another file must be refused from here on.
  if (idempotencyKey !== undefined && same.idempotencyKey === null) {
    await db.batch([bindIdempotencyKey(db.orm, companyId, same.id, idempotencyKey)]).catch((error: unknown) => {
      if (!(error instanceof ConstraintViolation && error.kind === "unique")) throw error;
    });
  }
  return { created: false, report: { ...(await storedReport(db, same)), status: "already_imported" } };
}

function readFile(bankAccount: BankAccountWithLedger, file: UploadedFile, strict: boolean): ParsedStatement {
  const settings = bankAccount.csvSettings === null ? undefined : csvSettingsSchema.parse(JSON.parse(bankAccount.csvSettings));
  const result = readStatement(file.bytes, {
    accountKind: bankAccount.kind,
    currencyDecimals: currencyDecimals(bankAccount.currency),
    ...(settings ? { settings } : {}),
  });
  if (!result.ok) throw new UnreadableFile(`${file.filename ?? "The file"}: ${result.reason}`);
  const { statement } = result;
  if (strict && statement.rejections.length > 0) {
    // The first rows only, as a report shows them: the refusal stays small whatever the file held.
    throw new RowsRejected(`${statement.rejections.length} row(s) could not be read, and strict=true refuses the whole file`, {
      rejected: statement.rejections.length,
      rejections: statement.rejections.slice(0, rowProblemsShownMax),
    });
  }
  return statement;
}

/** The statement's rows the account does not hold yet, each with its fingerprint and vendor. */
type FreshRow = ImportedTransaction & { bankAccountId: string };

async function freshRows(db: Database, bankAccount: BankAccountWithLedger, companyName: string, statement: ParsedStatement, prints: readonly string[]): Promise<FreshRow[]> {
  const range = dateRange(statement.rows);
  const known = range === undefined ? new Set<string>() : await fingerprintsBetween(db.orm, bankAccount.companyId, bankAccount.id, range.first, range.last);
  const fresh: FreshRow[] = [];
  // A statement repeats its descriptions (rent, payroll, the same coffee shop): each is normalized once.
  const vendors = new Map<string, string>();
  statement.rows.forEach((row, index) => {
    const fingerprint = prints[index] as string;
    if (known.has(fingerprint)) return;
    let vendor = vendors.get(row.description);
    if (vendor === undefined) {
      vendor = normalizeVendor(row.description, companyName);
      vendors.set(row.description, vendor);
    }
    fresh.push({ bankAccountId: bankAccount.id, line: row.line, postedOn: row.postedOn, amountMinor: row.amountMinor, description: row.description, vendor, fingerprint });
  });
  return fresh;
}

/** The tiers' answers for an import's new rows, one per row, in order. */
async function categorizeRows(context: ImportContext, bankAccount: BankAccountWithLedger, chart: readonly AccountRow[], fresh: readonly FreshRow[]): Promise<CategorizedTransaction[]> {
  const request = { ...context, chart, bankAccount: { id: bankAccount.id, kind: bankAccount.kind, ledgerAccountId: bankAccount.ledgerAccountId } };
  const answers = await categorizeTransactions(request, fresh);
  return fresh.map((row, index) => ({ ...row, ...(answers[index] as Categorized) }));
}

/**
 * What the learned tier takes from an import, in the same batch: every
 * transaction a tier decided counts as a label (until a person changes it),
 * and each of the learned tier's own postings counts as right in its bin.
 */
function whatTheImportTeaches(booking: Booking, bankAccountId: string): { counts: CountDelta[]; calibration: CalibrationDelta[] } {
  const tally = countTally();
  const calibration: CalibrationDelta[] = [];
  for (const transaction of booking.transactions) {
    const { decision } = transaction;
    const weight = labelWeightOf(decision.source);
    if (weight !== undefined) tally.add({ ...transaction, bankAccountId }, decision.accountId, weight, 1);
    const bin = decision.evidence?.bin;
    if (decision.source === "learned" && typeof bin === "string") calibration.push(calibrationOnPosting({ accountId: decision.accountId, bin }));
  }
  // An earlier transaction a model had placed turned out to be one side of a transfer: the guess is taken back, and was wrong.
  // One already placed on this account (by anyone) was right, and its label stands.
  for (const { previous, decision } of booking.updates) {
    if (previous.categoryAccountId === decision.accountId) continue;
    const weight = labelWeightOf(previous.categorySource);
    if (weight !== undefined && previous.categoryAccountId !== null) tally.add(previous, previous.categoryAccountId, weight, -1);
    tally.add(previous, decision.accountId, "auto", 1);
    const bin = previous.categoryEvidence?.bin;
    if (previous.categorySource === "learned" && typeof bin === "string") calibration.push({ bin, suggested: 0, right: -1 });
  }
  return { counts: tally.deltas(), calibration: mergeCalibrationDeltas(calibration) };
}

/** Reads what booking depends on (the last entry number, the transfer candidates and their entries), books, and writes: one attempt. */
async function bookAndWrite(db: Database, bankAccount: BankAccountWithLedger, rows: readonly CategorizedTransaction[], suspenseId: string, row: ImportRow, problems: readonly ReportedProblem[], llmOn: boolean): Promise<ImportRow> {
  const { companyId } = bankAccount;
  const range = dateRange(rows);
  const [lastNumber, candidateRows] = await Promise.all([
    lastEntryNumber(db.orm, companyId),
    range === undefined ? [] : transferCandidates(db.orm, companyId, bankAccount, dayShift(range.first, -transferWindowDays), dayShift(range.last, transferWindowDays)),
  ]);
  const candidates = candidateRows.map((candidate) => ({ ...candidate, categoryEvidence: parseEvidence(candidate.categoryEvidence) }));
  const pairs = pairWithCandidates(rows, bankAccount, candidates);
  const posted = [...pairs.values()].flatMap((candidate) => (candidate.entryNumber === null ? [] : [candidate.entryNumber]));
  const entries = new Map((await findEntriesWithLines(db.orm, companyId, posted)).map((entry) => [entry.number, entry]));
  const transfers = new Map([...pairs].map(([index, candidate]) => [index, { ...candidate, entry: candidate.entryNumber === null ? null : (entries.get(candidate.entryNumber) ?? null) }]));
  const booking = bookImport({ bankAccount, rows, transfers, suspenseAccountId: suspenseId, lastEntryNumber: lastNumber, newId: newSortableId });
  const learning = whatTheImportTeaches(booking, bankAccount.id);
  const { createdAt } = row;
  // What the first tiers left goes to the LLM tier after the import answers; the report says it is on its way.
  const forLlm = llmOn && booking.transactions.some((transaction) => transaction.decision.status === "review");
  await db.batch([
    insertImport(db.orm, { ...withCounts(row, rows.length), llmStatus: forLlm ? "pending" : null }),
    ...insertTransactions(db.orm, { companyId, bankAccountId: bankAccount.id, importId: row.id, currency: bankAccount.currency, createdAt }, booking.transactions),
    ...insertSuggestions(db.orm, companyId, createdAt, booking.suggestions),
    ...booking.updates.map((update) => setTransactionDecision(db.orm, companyId, update.transactionId, update.decision, update.entryNumber)),
    ...insertEntries(db.orm, companyId, createdAt, booking.entries),
    ...addCounts(db.orm, companyId, learning.counts),
    ...addCalibration(db.orm, companyId, learning.calibration),
    ...insertRowProblems(db.orm, { companyId, importId: row.id }, problems),
  ]);
  return { ...withCounts(row, rows.length), llmStatus: forLlm ? "pending" : null };
}

export interface ImportContext {
  db: Database;
  tiers: readonly Tier[];
  company: CompanyRow;
  strict: boolean;
  idempotencyKey: string | undefined;
  now: Date;
  /** The request's: when its client goes away, the tiers are not asked any more. */
  signal?: AbortSignal | undefined;
  /** Whether an LLM tier will be asked, after the import, about what the first tiers left. */
  llmOn?: boolean | undefined;
}

/**
 * Imports one file. The file is read and its new rows categorized once; then
 * booking reads what it depends on and writes in one batch. A concurrent
 * import of an overlapping file (or of the same bytes) can win the race for
 * some fingerprints, and any concurrent write to the journal for the next
 * entry numbers; the unique indexes and the journal's triggers then refuse
 * this batch whole, and the next attempt sees what won.
 */
export async function importFile(context: ImportContext, bankAccount: BankAccountWithLedger, file: UploadedFile): Promise<ImportOutcome> {
  const { db, company, now } = context;
  if (bankAccount.currency !== company.currency) {
    throw new CurrencyMismatch(
      `This bank account is in ${bankAccount.currency} and the books are in ${company.currency}; books in more than one currency are not supported yet, so nothing was imported`,
    );
  }
  const hash = sha256Hex(file.bytes);
  const earlier = await earlierOutcome(db, bankAccount, hash, context.idempotencyKey);
  if (earlier !== undefined) return earlier;
  const statement = readFile(bankAccount, file, context.strict);
  const prints = fingerprints(bankAccount.id, statement.rows);
  const [chart] = await Promise.all([listAccounts(db.orm, company.id), ensureLearnedModel(db, company.id, now)]);
  const suspenseId = suspenseAccountOf(chart);
  const importId = newId();
  const problems: ReportedProblem[] = [
    ...statement.rejections.map((p) => ({ importId, kind: "rejected" as const, ...p })),
    ...statement.skipped.map((p) => ({ importId, kind: "skipped" as const, ...p })),
  ];
  const row: ImportRow = {
    id: importId,
    companyId: company.id,
    bankAccountId: bankAccount.id,
    filename: file.filename,
    contentHash: hash,
    idempotencyKey: context.idempotencyKey ?? null,
    status: "imported",
    dialect: JSON.stringify(statement.dialect),
    rowsTotal: statement.rows.length + statement.rejections.length + statement.skipped.length,
    rowsInserted: 0,
    rowsDuplicate: 0,
    rowsRejected: statement.rejections.length,
    rowsSkipped: statement.skipped.length,
    createdAt: now.toISOString(),
    llmStatus: null,
    llmVendors: 0,
    llmDecided: 0,
    llmSuggested: 0,
  };
  // The tiers are asked once (a tier may be a model that costs money and time); a later attempt
  // only drops the rows a concurrent import inserted first, since what an account holds only grows.
  let categorized: CategorizedTransaction[] | undefined;
  return retryOnConflict(async (attempt) => {
    // The race just lost may have been to these very bytes.
    const replay = attempt === 1 ? undefined : await earlierOutcome(db, bankAccount, hash, context.idempotencyKey);
    if (replay !== undefined) return replay;
    const fresh = await freshRows(db, bankAccount, company.name, statement, prints);
    if (categorized === undefined) categorized = await categorizeRows(context, bankAccount, chart, fresh);
    else {
      const stillFresh = new Set(fresh.map((candidate) => candidate.fingerprint));
      categorized = categorized.filter((candidate) => stillFresh.has(candidate.fingerprint));
    }
    const written = await bookAndWrite(db, bankAccount, categorized, suspenseId, row, problems, context.llmOn === true);
    return { created: true, report: reportOf(written, problems) };
  });
}

function afterImport(cursor: string | undefined): ImportKey | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, id] = decodeKeyCursor(cursor, [(part) => !Number.isNaN(Date.parse(part)), (part) => part !== "" && part.length <= 100]);
  return { createdAt: createdAt as string, id: id as string };
}

/** A page of a bank account's import reports, newest first, each with its first rejected rows. */
export async function listImportPage(db: Database, companyId: string, bankAccountId: string, query: PageQuery): Promise<{ imports: ImportReport[]; nextCursor: string | null }> {
  const rows = await listImportRows(db.orm, companyId, bankAccountId, { after: afterImport(query.cursor), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const problems = await listFirstRowProblems(db.orm, companyId, page.map((r) => r.id), rowProblemsShownMax);
  const last = page.at(-1);
  return { imports: page.map((row) => reportOf(row, problems)), nextCursor: rows.length > query.limit && last !== undefined ? encodeKeyCursor(last.createdAt, last.id) : null };
}

/** A page of one import's rejected (or skipped) rows, by line; 404 for an import not on this company's bank account. */
export async function listRowProblemsPage(
  db: Database,
  companyId: string,
  bankAccountId: string,
  importId: string,
  query: PageQuery & { kind: RowProblemRow["kind"] },
): Promise<{ rows: RowProblem[]; nextCursor: string | null }> {
  const found = await findImport(db.orm, companyId, bankAccountId, importId);
  if (!found) throw new NotFound(`No import ${quoteId(importId)} on this bank account`);
  const afterLine = query.cursor === undefined ? undefined : Number(decodeKeyCursor(query.cursor, [(part) => /^\d{1,9}$/.test(part)])[0]);
  const rows = await listRowProblemPage(db.orm, companyId, importId, query.kind, { afterLine, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { rows: page.map((p) => ({ line: p.line, reason: p.reason, raw: p.raw })), nextCursor: rows.length > query.limit && last !== undefined ? encodeKeyCursor(last.line) : null };
}

export async function getImport(db: Database, companyId: string, bankAccountId: string, importId: string): Promise<ImportReport> {
  const row = await findImport(db.orm, companyId, bankAccountId, importId);
  if (!row) throw new NotFound(`No import ${quoteId(importId)} on this bank account`);
  return storedReport(db, row);
}
