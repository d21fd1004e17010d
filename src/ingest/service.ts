/**
 * Taking a bank file in: read it, leave out what the account already holds,
 * and store the rest (the import's report, its transactions and its row
 * problems) as one batch, all or nothing.
 */
import type { BankAccountWithLedger } from "../db/queries/bank-accounts.ts";
import type { Database } from "../db/database.ts";
import { isEntryNumberTaken, isUniqueViolation } from "../db/errors.ts";
import {
  bindIdempotencyKey,
  findImport,
  findImportByContent,
  findImportByIdempotencyKey,
  fingerprintsBetween,
  insertImport,
  insertRowProblems,
  insertTransactions,
  listImports as listImportRows,
  listRowProblems,
  type ImportRow,
  type RowProblemRow,
} from "../db/queries/imports.ts";
import { csvSettingsSchema } from "../bank-accounts/csv-settings.ts";
import { AppError, quoteId } from "../shared/errors.ts";
import { sha256Hex } from "../shared/crypto.ts";
import { currencyDecimals } from "../shared/money.ts";
import { dateRange } from "../shared/dates.ts";
import { newId } from "../shared/ids.ts";
import { fingerprints } from "./fingerprint.ts";
import { readStatement, type Dialect, type RowProblem } from "./statement.ts";
import { normalizeVendor } from "./vendor.ts";
import { bookTransactions, type ImportedTransaction } from "../ledger/book.ts";

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
}

export interface ImportOptions {
  /** The books' currency: a bank account in another one cannot be posted until the books convert currencies. */
  bookCurrency: string;
  strict: boolean;
  idempotencyKey: string | undefined;
  now: Date;
}

type ReportedProblem = Pick<RowProblemRow, "importId" | "kind" | "line" | "reason" | "raw">;

function reportOf(row: ImportRow, problems: readonly ReportedProblem[]): ImportReport {
  const pick = (kind: RowProblemRow["kind"]): RowProblem[] =>
    problems.filter((p) => p.importId === row.id && p.kind === kind).map((p) => ({ line: p.line, reason: p.reason, raw: p.raw }));
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
  };
}

async function storedReport(db: Database, row: ImportRow): Promise<ImportReport> {
  return reportOf(row, await listRowProblems(db.orm, row.companyId, [row.id]));
}

/** Outcome of one file: a new import (201), or an earlier one answered again (200). */
export interface ImportOutcome {
  created: boolean;
  report: ImportReport;
}

async function attempt(db: Database, bankAccount: BankAccountWithLedger, file: UploadedFile, hash: string, options: ImportOptions): Promise<ImportOutcome> {
  const { companyId } = bankAccount;
  if (options.idempotencyKey !== undefined) {
    const earlier = await findImportByIdempotencyKey(db.orm, companyId, options.idempotencyKey);
    if (earlier) {
      if (earlier.contentHash !== hash || earlier.bankAccountId !== bankAccount.id) {
        throw new AppError("idempotency_key_reused", `Idempotency-Key ${quoteId(options.idempotencyKey)} was used for another file or bank account`);
      }
      // The first answer, replayed: it was a creation.
      return { created: true, report: await storedReport(db, earlier) };
    }
  }
  const same = await findImportByContent(db.orm, companyId, bankAccount.id, hash);
  if (same) {
    // The key now names this import: the same key with another file must be refused from here on.
    if (options.idempotencyKey !== undefined && same.idempotencyKey === null) {
      try {
        await bindIdempotencyKey(db.orm, companyId, same.id, options.idempotencyKey);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return { created: false, report: { ...(await storedReport(db, same)), status: "already_imported" } };
  }

  const settings = bankAccount.csvSettings === null ? undefined : csvSettingsSchema.parse(JSON.parse(bankAccount.csvSettings));
  const result = readStatement(file.bytes, {
    accountKind: bankAccount.kind,
    currencyDecimals: currencyDecimals(bankAccount.currency),
    ...(settings ? { settings } : {}),
  });
  if (!result.ok) throw new AppError("unreadable_file", `${file.filename ?? "The file"}: ${result.reason}`);
  const { statement } = result;
  if (options.strict && statement.rejections.length > 0) {
    throw new AppError("rows_rejected", `${statement.rejections.length} row(s) could not be read, and strict=true refuses the whole file`, {
      rejections: statement.rejections,
    });
  }

  const prints = fingerprints(bankAccount.id, statement.rows);
  const range = dateRange(statement.rows);
  const known = range === undefined ? new Set<string>() : await fingerprintsBetween(db.orm, companyId, bankAccount.id, range.first, range.last);
  const importId = newId();
  const createdAt = options.now.toISOString();
  const fresh: ImportedTransaction[] = [];
  // A statement repeats its descriptions (rent, payroll, the same coffee shop): each is normalized once.
  const vendors = new Map<string, string>();
  statement.rows.forEach((row, index) => {
    const fingerprint = prints[index] as string;
    if (known.has(fingerprint)) return;
    let vendor = vendors.get(row.description);
    if (vendor === undefined) {
      vendor = normalizeVendor(row.description);
      vendors.set(row.description, vendor);
    }
    fresh.push({ line: row.line, postedOn: row.postedOn, amountMinor: row.amountMinor, description: row.description, vendor, fingerprint });
  });
  const booking = await bookTransactions(db, bankAccount, fresh, createdAt);
  const problems: ReportedProblem[] = [
    ...statement.rejections.map((p) => ({ importId, kind: "rejected" as const, ...p })),
    ...statement.skipped.map((p) => ({ importId, kind: "skipped" as const, ...p })),
  ];
  const row: ImportRow = {
    id: importId,
    companyId,
    bankAccountId: bankAccount.id,
    filename: file.filename,
    contentHash: hash,
    idempotencyKey: options.idempotencyKey ?? null,
    status: "imported",
    dialect: JSON.stringify(statement.dialect),
    rowsTotal: statement.rows.length + statement.rejections.length + statement.skipped.length,
    rowsInserted: fresh.length,
    rowsDuplicate: statement.rows.length - fresh.length,
    rowsRejected: statement.rejections.length,
    rowsSkipped: statement.skipped.length,
    createdAt,
  };
  await db.batch([
    insertImport(db.orm, row),
    ...insertTransactions(db.orm, { companyId, bankAccountId: bankAccount.id, importId, currency: bankAccount.currency, createdAt }, booking.groups),
    ...booking.statements,
    ...insertRowProblems(db.orm, { companyId, importId }, problems),
  ]);
  return { created: true, report: reportOf(row, problems) };
}

/**
 * Imports one file. A concurrent import of an overlapping file (or of the
 * same bytes) can win the race for some fingerprints, and any concurrent
 * write to the journal for the next entry numbers; the unique indexes and
 * the journal's triggers then refuse this batch whole, and the second
 * attempt sees what won.
 */
export async function importFile(db: Database, bankAccount: BankAccountWithLedger, file: UploadedFile, options: ImportOptions): Promise<ImportOutcome> {
  if (bankAccount.currency !== options.bookCurrency) {
    throw new AppError(
      "currency_mismatch",
      `This bank account is in ${bankAccount.currency} and the books are in ${options.bookCurrency}; books in more than one currency are not supported yet, so nothing was imported`,
    );
  }
  const hash = await sha256Hex(file.bytes);
  try {
    return await attempt(db, bankAccount, file, hash, options);
  } catch (error) {
    if (!isUniqueViolation(error) && !isEntryNumberTaken(error)) throw error;
    return attempt(db, bankAccount, file, hash, options);
  }
}

export async function listImports(db: Database, companyId: string, bankAccountId: string): Promise<ImportReport[]> {
  const rows = await listImportRows(db.orm, companyId, bankAccountId);
  const problems = await listRowProblems(db.orm, companyId, rows.map((r) => r.id));
  return rows.map((row) => reportOf(row, problems));
}

export async function getImport(db: Database, companyId: string, bankAccountId: string, importId: string): Promise<ImportReport> {
  const row = await findImport(db.orm, companyId, bankAccountId, importId);
  if (!row) throw new AppError("not_found", `No import ${quoteId(importId)} on this bank account`);
  return storedReport(db, row);
}
