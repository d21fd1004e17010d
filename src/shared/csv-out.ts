/**
 * CSV for people to open in a spreadsheet. A cell that starts with =, +, -,
 * @, tab or carriage return is a formula to Excel, LibreOffice and Sheets
 * (OWASP "CSV injection"), so such a cell is prefixed with a quote, which
 * they show as text. Amounts are written in accounting style, a negative in
 * parentheses, so that a number never needs neutralizing.
 */
import { formatMinor } from "./money.ts";

const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** "1234.56", or "(1234.56)" for a negative amount. */
export function csvAmount(amountMinor: number, decimals: number): string {
  const text = formatMinor(Math.abs(amountMinor), decimals);
  return amountMinor < 0 ? `(${text})` : text;
}

/** Rows of cells to CSV text with CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
