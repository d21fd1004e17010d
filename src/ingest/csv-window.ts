/**
 * papaparse over one stretch ("window") of a bank file: the records it reads
 * exactly as the importer always has, each with its raw text, and where it
 * stopped. It stops at the first record papaparse may have read otherwise,
 * which src/ingest/csv-tolerant.ts then reads.
 *
 * Windows, because the importer wants records one at a time (layout
 * detection reads only the first few hundred) and papaparse cannot hand
 * them out so; each window's work is bounded by its size. Papa.parse runs on
 * a string and returns the window's rows at once: no Node streams, no worker
 * threads, so it runs on Workers as on Node. Where each record starts and
 * ends is found by walking the text with the cells papaparse read
 * (strictRaw); that walk is also the proof that papaparse read the record
 * the importer's way. (Step mode would give each row's offset as
 * meta.cursor, but costs about twice as much per row as papaparse's own
 * parse once the rows are kept.)
 */
import Papa, { type ParseError } from "papaparse";
import type { CsvRecord, Delimiter } from "./csv.ts";
import { lineEndsIn } from "./csv-tolerant.ts";

const QUOTE = 34;
const CR = 13;
const LF = 10;
const BYTE_ORDER_MARK = 0xfeff;

export interface WindowReading {
  records: CsvRecord[];
  /** The start of the first record not taken (the text's length when the window took the rest), and its line. */
  stoppedAt: number;
  line: number;
  /** The record there is one papaparse reads otherwise, or longer than the window: the tolerant reader must read it. */
  needsTolerance: boolean;
}

/**
 * The window as papaparse should read it. papaparse splits at one kind of
 * line end, the importer at any: every lone CR becomes an LF, which keeps
 * every offset where it was. A CR before an LF stays (withoutCarriageReturn
 * takes it off the last cell). Records are checked against the window itself.
 */
function splittingAtLf(window: string): string {
  return hasLoneCarriageReturn(window) ? window.replace(/\r(?!\n)/g, "\n") : window;
}

/** Whether any CR is not the first half of a CRLF: one indexOf per line, which costs a fifth of the replace's scan in a CRLF file. */
function hasLoneCarriageReturn(window: string): boolean {
  for (let at = window.indexOf("\r"); at >= 0; at = window.indexOf("\r", at + 1)) if (window.charCodeAt(at + 1) !== LF) return true;
  return false;
}

/** Where `cell`, written quoted at `at` with its quotes doubled, ends in `window`; -1 when it is not written so. */
function quotedEnd(window: string, at: number, cell: string): number {
  if (!cell.includes('"')) return window.startsWith(cell, at + 1) && window.charCodeAt(at + 1 + cell.length) === QUOTE ? at + cell.length + 2 : -1;
  const written = `"${cell.replaceAll('"', '""')}"`;
  return window.startsWith(written, at) ? at + written.length : -1;
}

/** Where `cell`, written plain at `at`, ends in `window`; -1 when it is not, or could not be (a delimiter or line end in it). */
function plainEnd(window: string, at: number, cell: string, delimiter: Delimiter): number {
  const plain = !cell.includes(delimiter) && !cell.includes("\r") && !cell.includes("\n");
  return plain && window.startsWith(cell, at) ? at + cell.length : -1;
}

/** The walk through a record with quotes: each field plain, or quoted whole with its quotes doubled. */
function fieldByFieldEnd(window: string, start: number, cells: readonly string[], delimiter: Delimiter): number {
  let at = start;
  for (let index = 0; index < cells.length; index++) {
    if (index > 0) {
      if (window[at] !== delimiter) return -1;
      at++;
    }
    const cell = cells[index] as string;
    at = window.charCodeAt(at) === QUOTE ? quotedEnd(window, at, cell) : plainEnd(window, at, cell, delimiter);
    if (at < 0) return -1;
  }
  return at;
}

/**
 * The record's raw text, when the window holds the `cells` papaparse read
 * from `start` written strictly (RFC 4180); null when not. `cellsLength` is
 * their plainLength. A record so
 * written reads the same under papaparse and under the importer's tolerant
 * reading. Anything else papaparse may have read its own way: a blank after
 * a closing quote dropped, a stray quote taken for the start of a field
 * spanning lines, a lone CR in an LF file.
 */
/** The length of `cells` written plain, end to end with a delimiter between. */
function plainLength(cells: readonly string[]): number {
  let length = cells.length - 1;
  for (let index = 0; index < cells.length; index++) length += (cells[index] as string).length;
  return length;
}

function strictRaw(window: string, start: number, cells: readonly string[], delimiter: Delimiter, cellsLength: number): string | null {
  const plain = window.slice(start, start + cellsLength);
  // Without a quote, papaparse splits at every delimiter, as the importer always has: only a line end of another kind could hide in it.
  if (!plain.includes('"')) return plain.includes("\r") || plain.includes("\n") ? null : plain;
  const quotedEnd = fieldByFieldEnd(window, start, cells, delimiter);
  return quotedEnd < 0 ? null : window.slice(start, quotedEnd);
}

/** Where the record after one ending at `end` starts; -1 when papaparse did not end it there, 0 when the window ends before telling. */
function nextStart(readable: string, end: number, final: boolean): number {
  if (end === readable.length) return final ? end : 0;
  const code = readable.charCodeAt(end);
  const lineEnd = code === LF ? 1 : code === CR && readable.charCodeAt(end + 1) === LF ? 2 : 0;
  if (lineEnd === 0) return -1;
  // A line end at the window's edge may be the first half of a CRLF (or a CR the window took for a lone one).
  return end + lineEnd === readable.length && !final ? 0 : end + lineEnd;
}

/** papaparse reads CRLF at the LF, leaving the CR on the last cell (or, after a closing quote, dropping it as a blank). */
function withoutCarriageReturn(cells: string[]): string[] {
  const last = cells.length - 1;
  const cell = cells[last] as string;
  if (cell.endsWith("\r")) cells[last] = cell.slice(0, -1);
  return cells;
}

/** The index of the first row papaparse found malformed quotes in; the row count when none. */
function firstRowWithError(errors: readonly ParseError[], rows: number): number {
  let first = rows;
  for (const error of errors) if (error.row !== undefined && error.row < first) first = error.row;
  return first;
}

/**
 * The records papaparse reads from `from`, within `size` characters of it,
 * up to the first one it may read otherwise; `line` is the line `from` is on.
 */
export function readWindow(text: string, from: number, size: number, delimiter: Delimiter, line: number): WindowReading {
  // Papa.parse drops a byte-order mark at the start of its input; the importer keeps it as text, so such a record is read tolerantly.
  if (text.charCodeAt(from) === BYTE_ORDER_MARK) return { records: [], stoppedAt: from, line, needsTolerance: true };
  const window = text.slice(from, from + size);
  const final = from + window.length === text.length;
  const readable = splittingAtLf(window);
  const { data: rows, errors } = Papa.parse<string[]>(readable, { delimiter, newline: "\n" });
  const trusted = firstRowWithError(errors, rows.length);
  const records: CsvRecord[] = [];
  let start = 0;
  // After the text's last line end papaparse reports one empty row more; the importer never read a record there.
  for (let index = 0; index < rows.length && start < window.length; index++) {
    const cells = withoutCarriageReturn(rows[index] as string[]);
    const cellsLength = plainLength(cells);
    const read = index < trusted ? strictRaw(readable, start, cells, delimiter, cellsLength) : null;
    const next = read === null ? -1 : nextStart(readable, start + read.length, final);
    // A lone CR inside quotes was read as an LF: the tolerant reader reads that record from the text itself.
    const raw = read === null || readable === window ? read : window.slice(start, start + read.length);
    if (raw === null || next <= 0 || raw !== read) {
      // The window's last row may go on past it: the next window reads it whole, unless it is the window's only row.
      const cut = index === rows.length - 1 && !final;
      return { records, stoppedAt: from + start, line, needsTolerance: !cut || records.length === 0 };
    }
    records.push({ line, cells, raw });
    // A line end inside a record is inside quotes: a record written plain (its cells end to end) spans one line.
    line += raw.length === cellsLength ? 1 : lineEndsIn(raw) + 1;
    start = next;
  }
  return { records, stoppedAt: from + start, line, needsTolerance: false };
}
