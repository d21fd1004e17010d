/**
 * Writes one month of an account's transactions as its bank would export
 * them, and reads such a file back by its declared dialect (the inverse,
 * used by the tests and by notebooks to check the generator's output).
 */
import { parseCsv, isBlankRecord, type CsvRecord } from "../src/ingest/csv.ts";
import { decodeWindows1252 } from "../src/ingest/decode.ts";
import type { StatementRow } from "../src/ingest/statement.ts";
import { ByteWriter } from "./byte-writer.ts";
import { dayFormatter, dayFromParts, formatDay, isoDate, type DateFormat, type Day } from "./calendar.ts";
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

export function encodeWindows1252(text: string): Uint8Array {
  const out = new ByteWriter("windows-1252");
  out.text(text);
  return out.finish();
}

const byteOrderMark = new Uint8Array([0xef, 0xbb, 0xbf]);

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

type MoneyRole = "amount" | "debit" | "credit" | "balance";
type TextRole = Exclude<Column["role"], MoneyRole>;

const isMoneyRole = (role: Column["role"]): role is MoneyRole => role === "amount" || role === "debit" || role === "credit" || role === "balance";

/** The amount a money column shows; null for the blank side of a debit and credit pair. */
function moneyFor(role: MoneyRole, dialect: Dialect, transaction: GeneratedTransaction): number | null {
  switch (role) {
    case "amount":
      return dialect.sign === "positive_is_outflow" ? -transaction.amountMinor : transaction.amountMinor;
    case "debit":
      return transaction.amountMinor < 0 ? -transaction.amountMinor : null;
    case "credit":
      return transaction.amountMinor > 0 ? transaction.amountMinor : null;
    case "balance":
      return transaction.balanceMinor;
  }
}

/** formatMoney's characters, written into the file without making the string. */
function writeMoney(out: ByteWriter, minor: number, style: AmountStyle): void {
  const negative = minor < 0;
  const absolute = Math.abs(minor);
  if (negative) out.text(style.negative === "parentheses" ? "(" : "-");
  out.text(style.symbol);
  out.wholeNumber(Math.floor(absolute / 100), style.thousands);
  out.text(style.decimal);
  out.twoDigits(absolute % 100);
  if (negative && style.negative === "parentheses") out.text(")");
}

const quotedByStyle = new Set(["description", "amount", "debit", "credit", "balance"]);

const needsQuotes: Readonly<Record<Dialect["delimiter"], RegExp>> = {
  ",": /[",\r\n]/,
  ";": /[";\r\n]/,
  "\t": /["\t\r\n]/,
  "|": /["|\r\n]/,
};

/** Cells of digits, dates and fixed marks: they never hold a quote, a delimiter or a line break, so are never searched for one. */
const plainRoles: ReadonlySet<Column["role"]> = new Set(["date", "transactionDate", "cardNumber", "checkNumber", "star", "time", "memo"]);

const doubleQuote = 0x22;

/** How a dialect writes one of its columns, worked out once per statement rather than once per cell. */
type ColumnPlan = ({ money: true; role: MoneyRole } | { money: false; role: TextRole }) & {
  /** Quoted whenever it holds anything, whether it needs it or not. */
  quotedWhenFilled: boolean;
  /** Can hold a quote, the delimiter or a line break, so is looked at for one. */
  searched: boolean;
};

/** Writes rows as a dialect quotes, delimits and ends them, straight into the file's bytes. */
class RowWriter {
  /** Lines written so far. */
  lines = 0;
  private readonly out: ByteWriter;
  private readonly dialect: Dialect;
  private readonly needsQuotes: RegExp;
  private readonly delimiterCode: number;
  private readonly quotedWhenEmpty: boolean;
  private readonly plans: readonly ColumnPlan[];
  private readonly formatDate: (day: Day) => string;

  constructor(out: ByteWriter, dialect: Dialect) {
    this.out = out;
    this.dialect = dialect;
    this.needsQuotes = needsQuotes[dialect.delimiter];
    this.delimiterCode = dialect.delimiter.charCodeAt(0);
    this.quotedWhenEmpty = this.styled(null, true);
    this.plans = dialect.columns.map(({ role }): ColumnPlan => {
      const quoting = { quotedWhenFilled: this.styled(role, false), searched: !plainRoles.has(role) };
      return isMoneyRole(role) ? { money: true, role, ...quoting } : { money: false, role, ...quoting };
    });
    this.formatDate = dayFormatter(dialect.dateFormat);
  }

  row(cells: readonly string[], roles: readonly (Column["role"] | null)[]): void {
    cells.forEach((text, index) => {
      if (index > 0) this.out.text(this.dialect.delimiter);
      this.cell(text, roles[index] ?? null);
    });
    this.endLine();
  }

  transaction(transaction: GeneratedTransaction, last4: string): void {
    const { plans } = this;
    for (let index = 0; index < plans.length; index++) {
      const plan = plans[index] as ColumnPlan;
      if (index > 0) this.out.text(this.dialect.delimiter);
      if (!plan.money) {
        this.textCell(this.textFor(plan.role, transaction, last4), plan);
        continue;
      }
      const minor = moneyFor(plan.role, this.dialect, transaction);
      if (minor === null) this.textCell("", plan);
      else this.money(minor, plan);
    }
    if (this.dialect.trailingDelimiter) this.out.text(this.dialect.delimiter);
    this.endLine();
  }

  endLine(): void {
    this.out.text(this.dialect.lineEnding);
    this.lines++;
  }

  private textFor(role: TextRole, transaction: GeneratedTransaction, last4: string): string {
    switch (role) {
      case "date":
        return this.formatDate(transaction.day);
      case "transactionDate":
        return this.formatDate(transaction.transactionDay);
      case "description":
        return transaction.description;
      case "details":
        return detailsCell(transaction);
      case "type":
        return typeCell(this.dialect, transaction);
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

  /** A cell of a header or summary row: the general case. */
  private cell(text: string, role: Column["role"] | null): void {
    if (this.styled(role, text === "") || this.needsQuotes.test(text)) this.out.quoted(text);
    else this.out.text(text);
  }

  /** What cell() writes, for a transaction's cell in a planned column. */
  private textCell(text: string, plan: ColumnPlan): void {
    if (text === "" ? this.quotedWhenEmpty : plan.quotedWhenFilled) this.out.quoted(text);
    else if (!plan.searched) this.out.text(text);
    else if (!this.out.unquotedCell(text, this.delimiterCode)) this.out.quoted(text);
  }

  /** What cell() would write for formatMoney(minor), without the string in between. */
  private money(minor: number, plan: ColumnPlan): void {
    const style = this.dialect.amounts;
    // Past 2^53 (never, in a generated file), String() would write exponents: leave those to formatMoney.
    if (!Number.isSafeInteger(minor)) {
      this.cell(formatMoney(minor, style), plan.role);
      return;
    }
    // Money holds no quotes or line breaks; only its separators can clash with the delimiter.
    const grouped = style.thousands !== "" && Math.abs(minor) >= 100_000;
    const clashes = style.decimal === this.dialect.delimiter || (grouped && style.thousands === this.dialect.delimiter);
    const quoted = clashes || plan.quotedWhenFilled;
    if (quoted) this.out.byte(doubleQuote);
    writeMoney(this.out, minor, style);
    if (quoted) this.out.byte(doubleQuote);
  }

  /** Whether the dialect quotes this cell whether it needs it or not. */
  private styled(role: Column["role"] | null, empty: boolean): boolean {
    const { quoting } = this.dialect;
    return quoting === "all" || (quoting === "text-and-money" && role !== null && quotedByStyle.has(role) && !empty);
  }
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
  const { dialect, transactions } = input;
  const out = new ByteWriter(dialect.encoding);
  if (dialect.encoding === "utf-8-bom") out.raw(byteOrderMark);
  const rows = new RowWriter(out, dialect);
  const money = (minor: number): string => formatMoney(minor, dialect.amounts);

  if (dialect.summaryPreamble) {
    const closing = transactions.reduce((sum, t) => sum + t.amountMinor, input.openingBalanceMinor);
    const credits = transactions.reduce((sum, t) => (t.amountMinor > 0 ? sum + t.amountMinor : sum), 0);
    const debits = transactions.reduce((sum, t) => (t.amountMinor < 0 ? sum + t.amountMinor : sum), 0);
    const moneyRoles = [null, null, "amount"] as const;
    rows.row(["Description", "", "Summary Amt."], [null, null, null]);
    rows.row([`Beginning balance as of ${formatDay(input.first, dialect.dateFormat)}`, "", money(input.openingBalanceMinor)], moneyRoles);
    rows.row(["Total credits", "", money(credits)], moneyRoles);
    rows.row(["Total debits", "", money(debits)], moneyRoles);
    rows.row([`Ending balance as of ${formatDay(input.last, dialect.dateFormat)}`, "", money(closing)], moneyRoles);
    rows.endLine();
  }
  if (dialect.header) rows.row(dialect.columns.map((c) => c.title), dialect.columns.map(() => null));
  if (dialect.openingBalanceRow) {
    const cells = dialect.columns.map((c) => {
      if (c.role === "date") return formatDay(input.first, dialect.dateFormat);
      if (c.role === "description") return `Beginning balance as of ${formatDay(input.first, dialect.dateFormat)}`;
      if (c.role === "balance") return money(input.openingBalanceMinor);
      return "";
    });
    rows.row(cells, dialect.columns.map((c) => c.role));
  }
  // The hot loop of a million-row run: each row goes into the bytes directly, in the order the bank lists them.
  const count = transactions.length;
  for (let k = 0; k < count; k++) {
    rows.transaction(transactions[dialect.newestFirst ? count - 1 - k : k] as GeneratedTransaction, input.last4);
  }
  // A file with no lines at all still ends with the dialect's line end.
  if (rows.lines === 0) out.text(dialect.lineEnding);
  return out.finish();
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
