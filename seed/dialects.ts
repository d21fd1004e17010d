/**
 * The statement dialects the simulated banks export, each modelled on a
 * real-world layout: how columns are named and ordered, how dates and money
 * are written, which way a card's charges are signed, whether a preamble or
 * a balance column comes with them, and how the bytes are encoded.
 */
import type { DateFormat } from "./calendar.ts";
import type { DescriptionStyle } from "./descriptions.ts";

export type ColumnRole =
  | "date"
  | "transactionDate"
  | "description"
  | "amount"
  | "debit"
  | "credit"
  | "balance"
  | "details"
  | "type"
  | "category"
  | "cardNumber"
  | "checkNumber"
  | "star"
  | "time"
  | "memo";

export interface Column {
  role: ColumnRole;
  title: string;
}

export interface AmountStyle {
  decimal: "." | ",";
  thousands: "" | "," | ".";
  negative: "minus" | "parentheses";
  symbol: "" | "$";
}

export interface Dialect {
  id: string;
  modelledOn: string;
  encoding: "utf-8" | "utf-8-bom" | "windows-1252";
  delimiter: "," | ";" | "\t" | "|";
  lineEnding: "\r\n" | "\n";
  /** False for exports with no header row at all. */
  header: boolean;
  columns: readonly Column[];
  dateFormat: DateFormat;
  amounts: AmountStyle;
  /**
   * How a single amount column is signed. `positive_is_outflow` is the card
   * issuer's view: a charge is a positive number.
   */
  sign: "positive_is_inflow" | "positive_is_outflow";
  newestFirst: boolean;
  /** Which cells are quoted even when they need not be. */
  quoting: "minimal" | "all" | "text-and-money";
  /** A summary block (opening, credits, debits, closing) above the table. */
  summaryPreamble: boolean;
  /** A "Beginning balance" row with a balance and no amount, first in the table. */
  openingBalanceRow: boolean;
  /** Every data row ends with one more, empty, cell than the header has. */
  trailingDelimiter: boolean;
  /** The bank cuts descriptions at this many characters. */
  descriptionWidth: number;
  descriptionStyle: DescriptionStyle;
}

const dollars: AmountStyle = { decimal: ".", thousands: "", negative: "minus", symbol: "" };

const column = (role: ColumnRole, title: string): Column => ({ role, title });

const base = {
  encoding: "utf-8",
  delimiter: ",",
  lineEnding: "\n",
  header: true,
  amounts: dollars,
  sign: "positive_is_inflow",
  newestFirst: false,
  quoting: "minimal",
  summaryPreamble: false,
  openingBalanceRow: false,
  trailingDelimiter: false,
  descriptionWidth: 200,
} as const;

export const dialects = {
  chaseChecking: {
    ...base,
    id: "chase-checking",
    modelledOn: "Chase business checking: signed amounts, MM/DD/YYYY, running balance, newest first, a trailing comma on every row",
    lineEnding: "\r\n",
    columns: [
      column("details", "Details"),
      column("date", "Posting Date"),
      column("description", "Description"),
      column("amount", "Amount"),
      column("type", "Type"),
      column("balance", "Balance"),
      column("checkNumber", "Check or Slip #"),
    ],
    dateFormat: "MM/DD/YYYY",
    newestFirst: true,
    trailingDelimiter: true,
    descriptionStyle: "chase-checking",
  },
  chaseCard: {
    ...base,
    id: "chase-card",
    modelledOn: "Chase Ink card: transaction and post dates, issuer categories, charges negative",
    columns: [
      column("transactionDate", "Transaction Date"),
      column("date", "Post Date"),
      column("description", "Description"),
      column("category", "Category"),
      column("type", "Type"),
      column("amount", "Amount"),
      column("memo", "Memo"),
    ],
    dateFormat: "MM/DD/YYYY",
    newestFirst: true,
    descriptionWidth: 45,
    descriptionStyle: "card-plain",
  },
  bofaChecking: {
    ...base,
    id: "bofa-checking",
    modelledOn: "Bank of America business checking: a summary block before the header, a beginning-balance row, quoted amounts with thousands separators, running balance",
    columns: [column("date", "Date"), column("description", "Description"), column("amount", "Amount"), column("balance", "Running Bal.")],
    dateFormat: "MM/DD/YYYY",
    amounts: { ...dollars, thousands: "," },
    quoting: "text-and-money",
    summaryPreamble: true,
    openingBalanceRow: true,
    descriptionWidth: 120,
    descriptionStyle: "bofa-checking",
  },
  capitalOneCard: {
    ...base,
    id: "capital-one-card",
    modelledOn: "Capital One Spark card: ISO dates, card number column, separate debit and credit columns",
    columns: [
      column("transactionDate", "Transaction Date"),
      column("date", "Posted Date"),
      column("cardNumber", "Card No."),
      column("description", "Description"),
      column("category", "Category"),
      column("debit", "Debit"),
      column("credit", "Credit"),
    ],
    dateFormat: "YYYY-MM-DD",
    newestFirst: true,
    descriptionWidth: 40,
    descriptionStyle: "card-plain",
  },
  allySavings: {
    ...base,
    id: "online-savings",
    modelledOn: "an online bank's savings export: ISO dates, a time column, a type column, headers padded with spaces",
    columns: [
      column("date", "Date"),
      column("time", " Time"),
      column("amount", " Amount"),
      column("type", " Type"),
      column("description", " Description"),
    ],
    dateFormat: "YYYY-MM-DD",
    descriptionStyle: "online-savings",
  },
  wellsChecking: {
    ...base,
    id: "wells-checking",
    modelledOn: "Wells Fargo business checking: no header row, every cell quoted, an asterisk column",
    header: false,
    columns: [
      column("date", "Date"),
      column("amount", "Amount"),
      column("star", "*"),
      column("checkNumber", "Check"),
      column("description", "Description"),
    ],
    dateFormat: "MM/DD/YYYY",
    quoting: "all",
    newestFirst: true,
    descriptionWidth: 100,
    descriptionStyle: "wells-checking",
  },
  amexCard: {
    ...base,
    id: "amex-card",
    modelledOn: "American Express business card: charges positive, fixed-width merchant and city",
    columns: [column("date", "Date"), column("description", "Description"), column("amount", "Amount")],
    dateFormat: "MM/DD/YYYY",
    sign: "positive_is_outflow",
    descriptionWidth: 40,
    descriptionStyle: "card-fixed-width",
  },
  creditUnionChecking: {
    ...base,
    id: "credit-union-checking",
    modelledOn: "a credit union's online banking export: UTF-8 with a byte-order mark, M/D/YYYY, dollar signs, parentheses for money out, running balance",
    encoding: "utf-8-bom",
    lineEnding: "\r\n",
    columns: [
      column("date", "Date"),
      column("description", "Description"),
      column("memo", "Comments"),
      column("checkNumber", "Check Number"),
      column("amount", "Amount"),
      column("balance", "Balance"),
    ],
    dateFormat: "M/D/YYYY",
    amounts: { decimal: ".", thousands: ",", negative: "parentheses", symbol: "$" },
    descriptionWidth: 60,
    descriptionStyle: "credit-union",
  },
  spanishSavings: {
    ...base,
    id: "spanish-savings",
    modelledOn: "a Spanish-language bank's savings export: Windows-1252, semicolons, DD/MM/YYYY, comma decimals, dot thousands",
    encoding: "windows-1252",
    delimiter: ";",
    lineEnding: "\r\n",
    columns: [column("date", "Fecha"), column("description", "Concepto"), column("amount", "Importe"), column("balance", "Saldo")],
    dateFormat: "DD/MM/YYYY",
    amounts: { decimal: ",", thousands: ".", negative: "minus", symbol: "" },
    descriptionWidth: 40,
    descriptionStyle: "spanish-savings",
  },
  tabCard: {
    ...base,
    id: "tab-card",
    modelledOn: "a fintech corporate card's tab-separated export: ISO dates, charges positive, title-case merchants",
    delimiter: "\t",
    columns: [column("date", "Posted On"), column("description", "Merchant"), column("category", "Category"), column("amount", "Amount")],
    dateFormat: "YYYY-MM-DD",
    sign: "positive_is_outflow",
    descriptionWidth: 50,
    descriptionStyle: "card-title-case",
  },
  fifthThirdChecking: {
    ...base,
    id: "fifth-third-checking",
    modelledOn: "Fifth Third business checking: two-digit years, withdrawals and deposits in separate columns, running balance",
    columns: [
      column("date", "Date"),
      column("description", "Description"),
      column("checkNumber", "Check Number"),
      column("debit", "Withdrawals"),
      column("credit", "Deposits"),
      column("balance", "Balance"),
    ],
    dateFormat: "MM/DD/YY",
    descriptionWidth: 100,
    descriptionStyle: "fifth-third-checking",
  },
  discoverCard: {
    ...base,
    id: "discover-card",
    modelledOn: "Discover business card: transaction and post dates, charges positive, payments negative",
    columns: [
      column("transactionDate", "Trans. Date"),
      column("date", "Post Date"),
      column("description", "Description"),
      column("amount", "Amount"),
      column("category", "Category"),
    ],
    dateFormat: "MM/DD/YYYY",
    sign: "positive_is_outflow",
    descriptionWidth: 60,
    descriptionStyle: "card-plain",
  },
} as const satisfies Record<string, Dialect>;

export type DialectKey = keyof typeof dialects;
