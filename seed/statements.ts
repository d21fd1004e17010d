/**
 * Writes one month of an account's transactions as its bank would export
 * them, and reads such a file back by its declared dialect (the inverse,
 * used by the tests and by notebooks to check the generator's output).
 */
import { parseCsv, isBlankRecord, type CsvRecord } from "../src/ingest/csv.ts";
import { decodeWindows1252, windows1252High as windows1252ToUnicode } from "../src/ingest/decode.ts";
import type { StatementRow } from "../src/ingest/statement.ts";
import { dayFromParts, formatDay, isoDate, type DateFormat, type Day } from "./calendar.ts";
import type { AmountStyle, Column, Dialect } from "./dialects.ts";
import type { Channel, GeneratedTransaction } from "./model.ts";

// ---------------------------------------------------------------------------
// Money

export function formatMoney(minor: number, style: AmountStyle): string {
  const negative = minor < 0;
  const absolute = Math.abs(minor);
  const whole = String(Math.floor(absolute / 100));
  const cents = String(absolute % 100).padStart(2, "0");
  let grouped = whole;
  if (style.thousands !== "" && whole.length > 3) {
    grouped = whole.slice(0, whole.length % 3 || 3);
    for (let index = grouped.length; index < whole.length; index += 3) grouped += style.thousands + whole.slice(index, index + 3);
  }
  const unsigned = `${style.symbol}${grouped}${style.decimal}${cents}`;
  if (!negative) return unsigned;
  return style.negative === "parentheses" ? `(${unsigned})` : `-${unsigned}`;
}

export function parseMoney(text: string, style: AmountStyle): number | null {
  let body = text.trim();
  let negative = false;
  if (style.negative === "parentheses" && body.startsWith("(") && body.endsWith(")")) {
    negative = true;
    body = body.slice(1, -1);
  } else if (body.startsWith("-")) {
    negative = true;
    body = body.slice(1);
  }
  if (style.symbol !== "" && body.startsWith(style.symbol)) body = body.slice(style.symbol.length);
  if (style.thousands !== "") body = body.split(style.thousands).join("");
  const [whole, cents, extra] = body.split(style.decimal);
  if (extra !== undefined || whole === undefined || !/^\d+$/.test(whole) || cents === undefined || !/^\d{2}$/.test(cents)) {
    return null;
  }
  const minor = Number(whole) * 100 + Number(cents);
  if (!Number.isSafeInteger(minor)) return null;
  return negative ? -minor : minor;
}

// ---------------------------------------------------------------------------
// Dates

export function parseDate(text: string, format: DateFormat): Day | null {
  const patterns: Record<DateFormat, RegExp> = {
    "YYYY-MM-DD": /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/,
    "MM/DD/YYYY": /^(?<m>\d{2})\/(?<d>\d{2})\/(?<y>\d{4})$/,
    "M/D/YYYY": /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})$/,
    "MM/DD/YY": /^(?<m>\d{2})\/(?<d>\d{2})\/(?<y>\d{2})$/,
    "DD/MM/YYYY": /^(?<d>\d{2})\/(?<m>\d{2})\/(?<y>\d{4})$/,
    MMDD: /^(?<m>\d{2})(?<d>\d{2})$/,
    YYMMDD: /^(?<y>\d{2})(?<m>\d{2})(?<d>\d{2})$/,
    "MM/DD": /^(?<m>\d{2})\/(?<d>\d{2})$/,
  };
  const groups = patterns[format].exec(text.trim())?.groups;
  if (!groups?.m || !groups.d) return null;
  const year = groups.y === undefined ? 2000 : groups.y.length === 2 ? 2000 + Number(groups.y) : Number(groups.y);
  const day = dayFromParts(year, Number(groups.m), Number(groups.d));
  // Date.UTC rolls 02/30 over into March; a real date formats back to itself.
  return formatDay(day, format) === text.trim() ? day : null;
}

// ---------------------------------------------------------------------------
// Encoding

/** Characters of Windows-1252's 0x80-0x9F block, by byte: the importer's own table, turned around. */
const windows1252High: Readonly<Record<string, number>> = Object.fromEntries(
  windows1252ToUnicode.flatMap((code, offset) => (code > 0xff ? [[String.fromCharCode(code), 0x80 + offset]] : [])),
);

export function encodeWindows1252(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) {
      bytes[i] = code;
      continue;
    }
    const mapped = windows1252High[text.charAt(i)];
    if (mapped === undefined) throw new RangeError(`U+${code.toString(16).toUpperCase()} has no Windows-1252 byte`);
    bytes[i] = mapped;
  }
  return bytes;
}

const utf8 = new TextEncoder();
const byteOrderMark = new Uint8Array([0xef, 0xbb, 0xbf]);

export function encodeText(text: string, encoding: Dialect["encoding"]): Uint8Array {
  if (encoding === "windows-1252") return encodeWindows1252(text);
  const body = utf8.encode(text);
  if (encoding === "utf-8") return body;
  const withMark = new Uint8Array(byteOrderMark.length + body.length);
  withMark.set(byteOrderMark);
  withMark.set(body, byteOrderMark.length);
  return withMark;
}

export function decodeText(bytes: Uint8Array, encoding: Dialect["encoding"]): string {
  if (encoding === "windows-1252") return decodeWindows1252(bytes);
  // TextDecoder drops a leading BOM by default; keep it, to prove it is where the dialect says.
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
}

// ---------------------------------------------------------------------------
// Writing

const chaseTypes: Record<Channel, string> = {
  card: "DEBIT_CARD",
  refund: "DEBIT_CARD",
  ach_debit: "ACH_DEBIT",
  ach_credit: "ACH_CREDIT",
  check: "CHECK_PAID",
  deposit: "CHECK_DEPOSIT",
  fee: "FEE_TRANSACTION",
  interest: "MISC_CREDIT",
  transfer_out: "ACCT_XFER",
  transfer_in: "ACCT_XFER",
  card_payment_out: "ACCT_XFER",
  card_payment_in: "ACCT_XFER",
};

/** The issuer's own category, coarser than (and sometimes at odds with) the chart. */
function issuerCategory(code: string, channel: Channel): string {
  if (channel === "card_payment_in") return "";
  if (code.startsWith("69") && code !== "6910" && code !== "6920") return "Food & Drink";
  if (code === "6910" || code === "6920") return "Travel";
  if (code.startsWith("62")) return "Bills & Utilities";
  if (code.startsWith("63") || code.startsWith("68")) return "Professional Services";
  if (code.startsWith("67")) return "Advertising";
  return "Shopping";
}

function cardType(transaction: GeneratedTransaction): string {
  if (transaction.channel === "card_payment_in") return "Payment";
  if (transaction.channel === "fee" || transaction.channel === "interest") return "Fee";
  return transaction.amountMinor > 0 ? "Return" : "Sale";
}

function typeCell(dialect: Dialect, transaction: GeneratedTransaction): string {
  if (dialect.id === "chase-checking") return chaseTypes[transaction.channel];
  if (dialect.id === "online-savings") return transaction.amountMinor < 0 ? "Withdrawal" : "Deposit";
  return cardType(transaction);
}

function detailsCell(transaction: GeneratedTransaction): string {
  if (transaction.channel === "check") return "CHECK";
  if (transaction.channel === "deposit") return "DSLIP";
  return transaction.amountMinor < 0 ? "DEBIT" : "CREDIT";
}

function cellFor(column: Column, dialect: Dialect, transaction: GeneratedTransaction, last4: string): string {
  const money = (minor: number): string => formatMoney(minor, dialect.amounts);
  switch (column.role) {
    case "date":
      return formatDay(transaction.day, dialect.dateFormat);
    case "transactionDate":
      return formatDay(transaction.transactionDay, dialect.dateFormat);
    case "description":
      return transaction.description;
    case "amount":
      return money(dialect.sign === "positive_is_outflow" ? -transaction.amountMinor : transaction.amountMinor);
    case "debit":
      return transaction.amountMinor < 0 ? money(-transaction.amountMinor) : "";
    case "credit":
      return transaction.amountMinor > 0 ? money(transaction.amountMinor) : "";
    case "balance":
      return money(transaction.balanceMinor);
    case "details":
      return detailsCell(transaction);
    case "type":
      return typeCell(dialect, transaction);
    case "category":
      return issuerCategory(transaction.accountCode, transaction.channel);
    case "cardNumber":
      return last4;
    case "checkNumber":
      return transaction.checkNumber === null ? "" : String(transaction.checkNumber);
    case "star":
      return "*";
    case "time":
      return "00:00:00";
    case "memo":
      return "";
  }
}

const quotedByStyle = new Set(["description", "amount", "debit", "credit", "balance"]);

const needsQuotes: Readonly<Record<Dialect["delimiter"], RegExp>> = {
  ",": /[",\r\n]/,
  ";": /[";\r\n]/,
  "\t": /["\t\r\n]/,
  "|": /["|\r\n]/,
};

function quote(cell: string, role: Column["role"] | null, dialect: Dialect): string {
  const needed = needsQuotes[dialect.delimiter].test(cell);
  const styled =
    dialect.quoting === "all" || (dialect.quoting === "text-and-money" && role !== null && quotedByStyle.has(role) && cell !== "");
  return needed || styled ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export interface StatementInput {
  dialect: Dialect;
  /** Chronological, all inside the statement's window. */
  transactions: readonly GeneratedTransaction[];
  first: Day;
  last: Day;
  /** The balance before the window's first transaction. */
  openingBalanceMinor: number;
  last4: string;
}

export function renderStatement(input: StatementInput): Uint8Array {
  const { dialect } = input;
  const lines: string[] = [];
  const row = (cells: readonly string[], roles: readonly (Column["role"] | null)[]): string =>
    cells.map((cell, index) => quote(cell, roles[index] ?? null, dialect)).join(dialect.delimiter);
  const roles = dialect.columns.map((c) => c.role);

  const closingBalanceMinor = input.transactions.reduce((sum, t) => sum + t.amountMinor, input.openingBalanceMinor);
  if (dialect.summaryPreamble) {
    const credits = input.transactions.reduce((sum, t) => (t.amountMinor > 0 ? sum + t.amountMinor : sum), 0);
    const debits = input.transactions.reduce((sum, t) => (t.amountMinor < 0 ? sum + t.amountMinor : sum), 0);
    const moneyRoles = [null, null, "amount"] as const;
    const money = (minor: number): string => formatMoney(minor, dialect.amounts);
    lines.push(row(["Description", "", "Summary Amt."], [null, null, null]));
    lines.push(row([`Beginning balance as of ${formatDay(input.first, dialect.dateFormat)}`, "", money(input.openingBalanceMinor)], moneyRoles));
    lines.push(row(["Total credits", "", money(credits)], moneyRoles));
    lines.push(row(["Total debits", "", money(debits)], moneyRoles));
    lines.push(row([`Ending balance as of ${formatDay(input.last, dialect.dateFormat)}`, "", money(closingBalanceMinor)], moneyRoles));
    lines.push("");
  }
  if (dialect.header) lines.push(row(dialect.columns.map((c) => c.title), dialect.columns.map(() => null)));

  // The hot loop of a million-row run: one string per row, no arrays of cells.
  const dataLines: string[] = [];
  const { columns, delimiter } = dialect;
  for (const transaction of input.transactions) {
    let text = "";
    for (let index = 0; index < columns.length; index++) {
      const column = columns[index] as Column;
      if (index > 0) text += delimiter;
      text += quote(cellFor(column, dialect, transaction, input.last4), column.role, dialect);
    }
    if (dialect.trailingDelimiter) text += delimiter;
    dataLines.push(text);
  }
  if (dialect.newestFirst) dataLines.reverse();
  if (dialect.openingBalanceRow) {
    const cells = dialect.columns.map((c) => {
      if (c.role === "date") return formatDay(input.first, dialect.dateFormat);
      if (c.role === "description") return `Beginning balance as of ${formatDay(input.first, dialect.dateFormat)}`;
      if (c.role === "balance") return formatMoney(input.openingBalanceMinor, dialect.amounts);
      return "";
    });
    dataLines.unshift(row(cells, roles));
  }
  // Not lines.push(...dataLines): a month of a large run has more rows than a call has arguments.
  const text = lines.length === 0 ? dataLines.join(dialect.lineEnding) : lines.concat(dataLines).join(dialect.lineEnding);
  return encodeText(text + dialect.lineEnding, dialect.encoding);
}

// ---------------------------------------------------------------------------
// Reading back

/** The same row shape the importer reads, so the two can be compared directly. */
export type { StatementRow };

export interface ReadStatement {
  rows: StatementRow[];
  /** From the summary block or the beginning-balance row, where the dialect has one. */
  openingBalanceMinor: number | null;
  closingBalanceMinor: number | null;
}

export class StatementFormatError extends Error {}

function fail(record: CsvRecord | undefined, reason: string): never {
  throw new StatementFormatError(record ? `line ${record.line}: ${reason}: ${record.raw}` : reason);
}

/** Reads a file strictly as the dialect says it is written, and throws on any departure from it. */
export function readStatement(bytes: Uint8Array, dialect: Dialect): ReadStatement {
  const text = decodeText(bytes, dialect.encoding);
  const hasMark = text.startsWith("\uFEFF");
  if (hasMark !== (dialect.encoding === "utf-8-bom")) fail(undefined, hasMark ? "unexpected byte-order mark" : "missing byte-order mark");
  if (!text.endsWith(dialect.lineEnding)) fail(undefined, "the file does not end with the dialect's line end");
  const records = parseCsv(hasMark ? text.slice(1) : text, dialect.delimiter);
  let index = 0;
  let openingBalanceMinor: number | null = null;
  let closingBalanceMinor: number | null = null;
  const money = (record: CsvRecord, cell: string | undefined): number => {
    const value = parseMoney(cell ?? "", dialect.amounts);
    if (value === null) fail(record, `unreadable amount ${JSON.stringify(cell)}`);
    return value;
  };

  if (dialect.summaryPreamble) {
    const summary = records.slice(0, 5);
    if (summary[0]?.cells[2] !== "Summary Amt.") fail(summary[0], "missing summary block");
    const opening = summary[1];
    const closing = summary[4];
    if (!opening || !closing) fail(undefined, "summary block too short");
    openingBalanceMinor = money(opening, opening.cells[2]);
    closingBalanceMinor = money(closing, closing.cells[2]);
    const spacer = records[5];
    if (!spacer || !isBlankRecord(spacer)) fail(spacer, "expected a blank line after the summary");
    index = 6;
  }
  if (dialect.header) {
    const header = records[index];
    const titles = dialect.columns.map((c) => c.title);
    if (!header || header.cells.join("\u0000") !== titles.join("\u0000")) fail(header, "header differs from the dialect's");
    index++;
  }
  const width = dialect.columns.length + (dialect.trailingDelimiter ? 1 : 0);
  const at = (role: Column["role"]): number => dialect.columns.findIndex((c) => c.role === role);
  const rows: StatementRow[] = [];
  for (const record of records.slice(index)) {
    if (record.cells.length !== width) fail(record, `expected ${width} cells, found ${record.cells.length}`);
    const cell = (role: Column["role"]): string | undefined => record.cells[at(role)];
    const day = parseDate(cell("date") ?? "", dialect.dateFormat);
    if (day === null) fail(record, "unreadable date");
    const balanceText = cell("balance");
    const balanceMinor = balanceText === undefined ? null : money(record, balanceText);
    let amountMinor: number;
    if (at("amount") >= 0) {
      if (cell("amount") === "" && dialect.openingBalanceRow && rows.length === 0 && openingBalanceMinor !== null) {
        if (balanceMinor !== openingBalanceMinor) fail(record, "beginning-balance row disagrees with the summary");
        continue;
      }
      const signed = money(record, cell("amount"));
      amountMinor = dialect.sign === "positive_is_outflow" ? -signed : signed;
    } else {
      const debit = cell("debit") ?? "";
      const credit = cell("credit") ?? "";
      if ((debit === "") === (credit === "")) fail(record, "exactly one of debit and credit must hold the amount");
      amountMinor = debit === "" ? money(record, credit) : -money(record, debit);
    }
    rows.push({ line: record.line, postedOn: isoDate(day), amountMinor, description: cell("description") ?? "", balanceMinor });
  }
  return { rows, openingBalanceMinor, closingBalanceMinor };
}
