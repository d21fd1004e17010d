/**
 * One record read the way the importer has always read bank files, for the
 * few records papaparse reads otherwise (src/ingest/csv-window.ts decides
 * which). Real exports break RFC 4180 in ways papaparse handles differently:
 *
 * - text after a closing quote (`"ACME" INC,`) stays part of the field here;
 *   papaparse drops blanks there and otherwise hunts for a later quote,
 *   which can join the following lines into one record;
 * - an opening quote that is never closed: papaparse reads the rest of the
 *   file as one field; here the record's first line is split as plain text,
 *   marked, and reading goes on at the next line;
 * - any line end ends a record, even in a file that mixes CR, LF and CRLF;
 *   papaparse takes one kind per parse.
 */
import type { Delimiter } from "./csv.ts";

const QUOTE = 34;
const CR = 13;
const LF = 10;

export interface TolerantRecord {
  cells: string[];
  /** Where the record's text ends in the file (its line end excluded), and where the next record starts. */
  end: number;
  next: number;
  unclosedQuote: boolean;
}

/** Where unquoted text from `from` ends: at the delimiter, a line end, or the end of the text. */
function unquotedEnd(text: string, from: number, delimiter: number): number {
  let end = from;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code === delimiter || code === LF || code === CR) break;
    end++;
  }
  return end;
}

/** Line ends inside a record's text (in quoted fields), counted as an editor would: CRLF once. */
export function lineEndsIn(raw: string): number {
  if (!raw.includes("\n") && !raw.includes("\r")) return 0;
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === LF || (code === CR && raw.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** The length of the line end at `at`: CRLF counts as one line end of two characters. */
export function lineEndLength(text: string, at: number): number {
  if (at >= text.length) return 0;
  return text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
}

/** A quoted field from its opening quote, with anything after the closing quote kept; null when the quote never closes. */
function quotedField(text: string, open: number, delimiter: number): { value: string; end: number } | null {
  let value = "";
  let from = open + 1;
  for (;;) {
    const close = text.indexOf('"', from);
    if (close < 0) return null;
    value += text.slice(from, close);
    if (text.charCodeAt(close + 1) !== QUOTE) {
      const end = unquotedEnd(text, close + 1, delimiter);
      return { value: value + text.slice(close + 1, end), end };
    }
    value += '"';
    from = close + 2;
  }
}

/** The field at `position`, quoted or not; null when its opening quote never closes. */
function fieldAt(text: string, position: number, delimiter: number): { value: string; end: number } | null {
  if (text.charCodeAt(position) === QUOTE) return quotedField(text, position, delimiter);
  const end = unquotedEnd(text, position, delimiter);
  return { value: text.slice(position, end), end };
}

/** The line from `start`, split at every delimiter as plain text: what a never-closed quote leaves to read. */
function plainLine(text: string, start: number, delimiter: Delimiter): TolerantRecord {
  const noDelimiter = -1;
  const end = unquotedEnd(text, start, noDelimiter);
  return { cells: text.slice(start, end).split(delimiter), end, next: end + lineEndLength(text, end), unclosedQuote: true };
}

export function readTolerantRecord(text: string, start: number, delimiter: Delimiter): TolerantRecord {
  const separator = delimiter.charCodeAt(0);
  const cells: string[] = [];
  let position = start;
  for (;;) {
    const field = fieldAt(text, position, separator);
    if (field === null) return plainLine(text, start, delimiter);
    cells.push(field.value);
    position = field.end;
    if (text.charCodeAt(position) !== separator) break;
    position++;
  }
  return { cells, end: position, next: position + lineEndLength(text, position), unclosedQuote: false };
}
