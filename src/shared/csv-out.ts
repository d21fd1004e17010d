/**
 * CSV for people to open in a spreadsheet, written by papaparse
 * (Papa.unparse), with what a spreadsheet needs on top:
 *
 * - A cell that starts with =, +, -, @, tab or carriage return is a formula
 *   to Excel, LibreOffice and Sheets (OWASP "CSV injection"): safeCell puts
 *   a quote before it, which they show as text. (Papa.unparse's
 *   escapeFormulae is not used: it misses a cell with a line break after its
 *   first character, and quotes the rest.)
 * - A cell holding a list separator is quoted: the comma, as RFC 4180 asks,
 *   and the semicolon and tab too. Excel splits at ; where the decimal mark
 *   is a comma, so an unquoted "a;=b" would become a cell "=b": a formula.
 *   papaparse quotes quotes, CR and LF itself (and a blank at either end).
 * - Amounts are written in accounting style, a negative in parentheses, so
 *   that a number never needs neutralizing.
 *
 * Lines end in CRLF (RFC 4180), the last one too.
 */
import Papa from "papaparse";
import { formatMinor } from "./money.ts";

const formulaStart = /^[=+\-@\t\r]/;
/** Separators a spreadsheet may split at, quotes and line ends. */
const mustQuote = /[",;\t\r\n]/;

/** The cell as text a spreadsheet will not run: a quote before a formula's first character. */
export function safeCell(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/** Rows of cells, written as given (safeCell what a person typed or a bank sent) and quoted where a spreadsheet needs it. */
export function csvText(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  // Papa.unparse reads the rows and does not change them; its parameter type is only not readonly.
  const written = Papa.unparse(rows as string[][], {
    delimiter: ",",
    newline: "\r\n",
    quotes: (value: unknown) => typeof value === "string" && mustQuote.test(value),
  });
  return `${written}\r\n`;
}

/** "1234.56", or "(1234.56)" for a negative amount. */
export function csvAmount(amountMinor: number, decimals: number): string {
  const text = formatMinor(Math.abs(amountMinor), decimals);
  return amountMinor < 0 ? `(${text})` : text;
}

/** A header and rows, every cell made safe. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return csvText([header, ...rows].map((row) => row.map(safeCell)));
}
