/**
 * A bank export, read end to end with no configuration: bytes to text,
 * layout, then every row to a normalized transaction, a skipped
 * non-transaction (a balance or summary row) or a rejection with its line,
 * reason and raw text. Nothing is dropped without a trace.
 */
import type { CsvSettings } from "../bank-accounts/csv-settings.ts";
import type { BankAccountKind } from "../ledger/chart-of-accounts.ts";
import { decimalVote, readAmount, separatorOfVotes, type DecimalSeparator } from "./amounts.ts";
import { csvRecords, isBlankRecord, type CsvRecord, type Delimiter } from "./csv.ts";
import { decideDateOrder, isoOf, readDate, readsAsDateInSomeOrder, type DateOrder } from "./dates.ts";
import { decodeBankFile, type TextEncodingName } from "./decode.ts";
import { detectLayout, type Columns } from "./layout.ts";

export interface StatementRow {
  line: number;
  postedOn: string;
  /** Negative is money leaving the company, on every kind of account. */
  amountMinor: number;
  /** Exactly as the bank wrote it (trimmed). */
  description: string;
  balanceMinor: number | null;
}

export interface RowProblem {
  line: number;
  reason: string;
  raw: string;
}

export interface Dialect {
  encoding: TextEncodingName;
  byteOrderMark: boolean;
  delimiter: Delimiter;
  header: boolean;
  /** Lines above the header (or above the first row, without one): summaries, account details. */
  preambleLines: number;
  columns: Record<Exclude<keyof Columns, "otherDates">, string | number | null>;
  dateOrder: DateOrder;
  dateOrderFrom: "content" | "setting";
  decimalSeparator: DecimalSeparator;
  signConvention: "positive_is_inflow" | "positive_is_outflow";
  signConventionFrom: "content" | "setting" | "account kind";
}

export interface ParsedStatement {
  dialect: Dialect;
  rows: StatementRow[];
  /** Rows that are not transactions: balance rows, rows with no amount, summary lines after the table. */
  skipped: RowProblem[];
  rejections: RowProblem[];
}

export type StatementResult = { ok: true; statement: ParsedStatement } | { ok: false; reason: string };

export interface ReadOptions {
  settings?: CsvSettings;
  accountKind: BankAccountKind;
  /** Minor units per major unit's digits: 2 for USD and EUR, 0 for JPY. */
  currencyDecimals?: number;
}

const dateOrderOfSetting = (format: CsvSettings["dateFormat"]): DateOrder | undefined =>
  format === undefined ? undefined : format.startsWith("YYYY") ? "YMD" : format.startsWith("MM") ? "MDY" : "DMY";

/** Longer than any bank writes: a cell this long is a broken file, and would not fit one stored row. */
const descriptionLengthMax = 1000;
/** A rejected row's text is kept for a person to read, up to this much of it. */
const rawLengthMax = 2000;

/** How issuers describe a payment to the card; "PAYMENT PROCESSING FEE" is a charge, so the bare word is not enough. */
const paymentWords = /thank you|autopay|auto-pay|automatic payment|payment received|online payment|internet payment|mobile payment|epayment|payment - |pago recibido|zahlung erhalten|betaling ontvangen|paiement recu/i;

/** Words where a date should be that mark a totals line, not a broken transaction. */
const summaryWords = /^(?:total|totals|totaal|totale|summe|gesamt|saldo|solde|balance|subtotal|sum|opening balance|closing balance|ending balance|beginning balance)\b/i;

/**
 * A card's export signs charges one way or the other, by issuer. Payments
 * settle it when there are any (they are money in); otherwise charges, which
 * outnumber everything else on a card, do.
 */
function cardSign(rows: readonly StatementRow[]): "positive_is_inflow" | "positive_is_outflow" {
  const payments = rows.filter((r) => paymentWords.test(r.description));
  const sample = payments.length > 0 ? payments : rows;
  const positive = sample.filter((r) => r.amountMinor > 0).length;
  const negative = sample.filter((r) => r.amountMinor < 0).length;
  if (payments.length > 0) return negative > positive ? "positive_is_outflow" : "positive_is_inflow";
  return positive > negative ? "positive_is_outflow" : "positive_is_inflow";
}

const directionOut = /^(?:af|debit|dr|d|s|soll|out|withdrawal|-)$/i;
const directionIn = /^(?:bij|credit|cr|c|h|haben|in|deposit|\+)$/i;

function hasFilledCellFrom(cells: readonly string[], index: number): boolean {
  for (let i = index; i < cells.length; i++) if ((cells[i] as string).trim() !== "") return true;
  return false;
}

export function readStatement(bytes: Uint8Array, options: ReadOptions): StatementResult {
  const decoded = decodeBankFile(bytes);
  if (!decoded.ok) return decoded;
  const { text } = decoded;
  const found = detectLayout(text, options.settings);
  if (!found.ok) return found;
  const { layout } = found;
  const { columns } = layout;
  const decimals = options.currencyDecimals ?? 2;

  const cell = (record: CsvRecord, index: number | null): string => (index === null || index < 0 ? "" : (record.cells[index] ?? "").trim());
  /** The table's rows, walked afresh for each pass so that no row outlives its own reading. */
  function* tableRows(): Generator<CsvRecord, void, undefined> {
    let index = 0;
    for (const record of csvRecords(text, layout.delimiter)) {
      if (index++ >= layout.firstDataIndex && !isBlankRecord(record)) yield record;
    }
  }

  // First pass: what only the whole file can tell, the decimal separator and the order of day and month.
  const moneyColumns = [columns.amount, columns.debit, columns.credit, columns.balance];
  const amountColumns = [columns.amount, columns.debit, columns.credit];
  // Every date column of the file is written the same way, so all of them may settle day-first or month-first.
  const dateColumns = [columns.date, ...columns.otherDates];
  let decimalVotes = 0;
  let rowsWithAmount = 0;
  // A year of daily rows writes a few hundred distinct dates.
  const dateCells = new Set<string>();
  for (const record of tableRows()) {
    for (const index of moneyColumns) decimalVotes += decimalVote(cell(record, index));
    // Only rows that carry an amount take part in deciding the date order: summary lines may hold other dates.
    if (!amountColumns.some((index) => cell(record, index) !== "")) continue;
    rowsWithAmount++;
    for (const index of dateColumns) dateCells.add(cell(record, index));
  }
  const decimal = separatorOfVotes(decimalVotes);
  const order = decideDateOrder([...dateCells].filter(readsAsDateInSomeOrder), dateOrderOfSetting(options.settings?.dateFormat));
  // A month with no activity is a statement too: nothing to import, nothing wrong.
  if (!order.ok && rowsWithAmount > 0) return { ok: false, reason: order.reason };
  const dateOrder: DateOrder = order.ok ? order.order : (dateOrderOfSetting(options.settings?.dateFormat) ?? "YMD");

  const rows: StatementRow[] = [];
  const skipped: RowProblem[] = [];
  const rejections: RowProblem[] = [];
  // Rows share their dates: each distinct text is read once.
  const isoDates = new Map<string, string | null>();
  const isoDateOf = (text: string): string | null => {
    let iso = isoDates.get(text);
    if (iso === undefined) {
      const date = readDate(text, dateOrder);
      iso = date ? isoOf(date) : null;
      isoDates.set(text, iso);
    }
    return iso;
  };
  const needed = Math.max(columns.date, columns.description, columns.amount ?? -1, columns.debit ?? -1, columns.credit ?? -1) + 1;

  // Second pass: each row to a transaction, a skipped line or a rejection.
  for (const record of tableRows()) {
    const problem = (reason: string): RowProblem => ({
      line: record.line,
      reason,
      raw: record.raw.length > rawLengthMax ? `${record.raw.slice(0, rawLengthMax)}…` : record.raw,
    });
    const amountText = cell(record, columns.amount);
    const debitText = cell(record, columns.debit);
    const creditText = cell(record, columns.credit);
    const dateText = cell(record, columns.date);
    if (amountText === "" && debitText === "" && creditText === "") {
      skipped.push(problem("no amount: a balance or summary row, not a transaction"));
      continue;
    }
    if (record.unclosedQuote) {
      rejections.push(problem("a quote opened on this line is never closed"));
      continue;
    }
    if (record.cells.length < needed) {
      rejections.push(problem(`the row has ${record.cells.length} fields; the columns need ${needed}`));
      continue;
    }
    // Extra fields mean the columns shifted (an unquoted delimiter in a description): every value would be misread.
    if (hasFilledCellFrom(record.cells, layout.width)) {
      rejections.push(problem(`the row has ${record.cells.length} fields; the table has ${layout.width} (an unquoted delimiter?)`));
      continue;
    }
    const postedOn = isoDateOf(dateText);
    if (postedOn === null) {
      // "Total", "Saldo", "Summe": words where a date should be mark a summary line, not a broken transaction.
      if (summaryWords.test(dateText)) skipped.push(problem(`a summary line (${JSON.stringify(dateText)}), not a transaction`));
      else rejections.push(problem(dateText === "" ? "no date" : `unreadable date ${JSON.stringify(dateText)}`));
      continue;
    }
    let amountMinor: number;
    if (columns.amount !== null && amountText !== "") {
      const reading = readAmount(amountText, decimal, decimals);
      if (!reading.ok) {
        rejections.push(problem(reading.reason));
        continue;
      }
      amountMinor = reading.minor;
      const flag = cell(record, columns.direction);
      if (flag !== "") {
        if (directionOut.test(flag)) amountMinor = -Math.abs(amountMinor);
        else if (directionIn.test(flag)) amountMinor = Math.abs(amountMinor);
        else {
          rejections.push(problem(`unknown direction ${JSON.stringify(flag)}`));
          continue;
        }
      }
    } else {
      const debit = debitText === "" ? null : readAmount(debitText, decimal, decimals);
      const credit = creditText === "" ? null : readAmount(creditText, decimal, decimals);
      if ((debit && !debit.ok) || (credit && !credit.ok)) {
        rejections.push(problem((debit && !debit.ok ? debit.reason : credit && !credit.ok ? credit.reason : "") || "unreadable amount"));
        continue;
      }
      const out = debit?.ok ? Math.abs(debit.minor) : 0;
      const into = credit?.ok ? Math.abs(credit.minor) : 0;
      if (out !== 0 && into !== 0) {
        rejections.push(problem("both a debit and a credit on one row"));
        continue;
      }
      amountMinor = into - out;
    }
    const description = cell(record, columns.description);
    if (description.length > descriptionLengthMax) {
      rejections.push(problem(`a description of ${description.length} characters; a bank's is at most ${descriptionLengthMax}`));
      continue;
    }
    const balanceText = cell(record, columns.balance);
    const balance = balanceText === "" ? null : readAmount(balanceText, decimal, decimals);
    rows.push({
      line: record.line,
      postedOn,
      amountMinor,
      description,
      balanceMinor: balance?.ok ? balance.minor : null,
    });
  }

  // Which way a single amount column is signed: pinned, a card's own evidence, or money-in-is-positive.
  const pinnedSign = options.settings?.signConvention;
  let signConvention: Dialect["signConvention"] = "positive_is_inflow";
  let signConventionFrom: Dialect["signConventionFrom"] = "account kind";
  if (pinnedSign && pinnedSign !== "auto") {
    signConvention = pinnedSign;
    signConventionFrom = "setting";
  } else if (options.accountKind === "credit_card" && columns.amount !== null && columns.direction === null) {
    signConvention = cardSign(rows);
    signConventionFrom = "content";
  }
  if (signConvention === "positive_is_outflow" && columns.amount !== null) {
    for (const row of rows) row.amountMinor = row.amountMinor === 0 ? 0 : -row.amountMinor;
  }

  return {
    ok: true,
    statement: {
      dialect: {
        encoding: decoded.encoding,
        byteOrderMark: decoded.byteOrderMark,
        delimiter: layout.delimiter,
        header: layout.headerIndex !== null,
        preambleLines: layout.headerIndex ?? layout.firstDataIndex,
        columns: layout.columnNames,
        dateOrder,
        dateOrderFrom: order.ok ? order.decidedBy : "setting",
        decimalSeparator: decimal,
        signConvention,
        signConventionFrom,
      },
      rows,
      skipped,
      rejections,
    },
  };
}
