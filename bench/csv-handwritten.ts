/**
 * The hand-written CSV reader the importer used before papaparse, kept
 * verbatim as a test oracle (src/ingest/csv.test.ts checks that the
 * papaparse-based reader agrees with it on any text) and as the bench's peer
 * (bench/csv.ts). Nothing in src/ may import it.
 *
 * Its rules, as they were: RFC 4180 records, tolerant the way real bank
 * exports need: any of four delimiters, CRLF, LF or lone CR line ends, quoted
 * fields spanning lines, ragged rows, and a stray quote inside an unquoted
 * field kept as text. An opening quote that is never closed would swallow the
 * rest of the file; its line is split as plain text instead and marked, and
 * reading goes on.
 */
import type { CsvRecord, Delimiter } from "../src/ingest/csv.ts";

function plainLine(text: string, start: number, delimiter: Delimiter, line: number): { record: CsvRecord; next: number } {
  let end = start;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  const raw = text.slice(start, end);
  const next = end + (text[end] === "\r" && text[end + 1] === "\n" ? 2 : end < text.length ? 1 : 0);
  return { record: { line, cells: raw.split(delimiter), raw, unclosedQuote: true }, next };
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Where the unquoted text from `from` ends: at the delimiter, a line end, or the end of the text. */
function fieldEnd(text: string, from: number, delimiter: number): number {
  let end = from;
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (code === delimiter || code === LF || code === CR) break;
  }
  return end;
}

/** Line ends inside a quoted stretch, counted as an editor would (CRLF once). */
function lineEndsIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/**
 * The records of a text, one at a time, so a large file's rows can be read
 * and let go. Scans with indexOf and slices rather than building cells a
 * character at a time: a 100,000-row export is ten megabytes, and this is its
 * inner loop.
 */
export function* csvRecords(text: string, delimiter: Delimiter): Generator<CsvRecord, void, undefined> {
  const separator = delimiter.charCodeAt(0);
  const length = text.length;
  let position = 0;
  let line = 1;

  records: while (position < length) {
    const start = position;
    const startLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(position) === QUOTE) {
        cell = "";
        let from = position + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            // Never closed: split this line as plain text, mark it, and read on from the next.
            const { record, next } = plainLine(text, start, delimiter, startLine);
            yield record;
            position = next;
            line = startLine + 1;
            continue records;
          }
          line += lineEndsIn(text, from, close);
          cell += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            cell += '"';
            from = close + 2;
            continue;
          }
          position = close + 1;
          break;
        }
        // Text after the closing quote stays part of the field, as it always has.
        const end = fieldEnd(text, position, separator);
        if (end > position) cell += text.slice(position, end);
        position = end;
      } else {
        const end = fieldEnd(text, position, separator);
        cell = text.slice(position, end);
        position = end;
      }
      cells.push(cell);
      if (position >= length) {
        yield { line: startLine, cells, raw: text.slice(start, length) };
        return;
      }
      const code = text.charCodeAt(position);
      if (code === separator) {
        position++;
        continue;
      }
      yield { line: startLine, cells, raw: text.slice(start, position) };
      position += code === CR && text.charCodeAt(position + 1) === LF ? 2 : 1;
      line++;
      continue records;
    }
  }
}

/** Every record at once, for a sample or a small file; a large one is better walked with csvRecords. */
export const parseCsv = (text: string, delimiter: Delimiter): CsvRecord[] => [...csvRecords(text, delimiter)];
