/**
 * A bank file's records in order, each with the line it starts on: window
 * after window through papaparse (src/ingest/csv-window.ts), and each record
 * papaparse would read otherwise through the tolerant reader
 * (src/ingest/csv-tolerant.ts), after which papaparse takes over again.
 */
import type { CsvRecord, Delimiter } from "./csv.ts";
import { lineEndsIn, readTolerantRecord } from "./csv-tolerant.ts";
import { readWindow } from "./csv-window.ts";

/** In characters of text. */
export interface WindowSizes {
  first: number;
  max: number;
}

/**
 * A window's records are all alive until the last is read, so windows stay
 * small: 64 K characters is about 600 bank rows, past which a parse's own
 * cost is paid off and more rows alive at once only cost garbage collection.
 * The first is smaller, for a reader that wants only the first records
 * (layout detection), and after a record read tolerantly they start small
 * again: another may follow soon, and each stops a window.
 */
export const defaultWindows: WindowSizes = { first: 16 * 1024, max: 64 * 1024 };

/**
 * A window that stops within this many records did not pay for its parse:
 * papaparse waits for twice as many records read tolerantly as last time
 * (up to tolerantRunMax), so that a stretch of damaged rows costs what it
 * cost before papaparse, and not a window per row. One window that goes
 * further puts papaparse back in charge.
 */
const fewRecords = 8;
const tolerantRunMax = 1024;

/** The record at `position`, read tolerantly, as the line-numbered record it is. */
function tolerantRecord(text: string, position: number, delimiter: Delimiter, line: number): { record: CsvRecord; next: number } {
  const { cells, end, next, unclosedQuote } = readTolerantRecord(text, position, delimiter);
  const raw = text.slice(position, end);
  return { record: unclosedQuote ? { line, cells, raw, unclosedQuote } : { line, cells, raw }, next };
}

export function* readRecords(text: string, delimiter: Delimiter, windows: WindowSizes = defaultWindows): Generator<CsvRecord, void, undefined> {
  let line = 1;
  let position = 0;
  let size = windows.first;
  let tolerantRun = 0;
  let toRead = 0;
  while (position < text.length) {
    if (toRead > 0) {
      const { record, next } = tolerantRecord(text, position, delimiter, line);
      yield record;
      line += lineEndsIn(record.raw) + 1;
      position = next;
      toRead--;
      continue;
    }
    const reading = readWindow(text, position, size, delimiter, line);
    // Indexed rather than yield*: this loop hands out every record of the file, and the iterator protocol costs.
    for (let index = 0; index < reading.records.length; index++) yield reading.records[index] as CsvRecord;
    line = reading.line;
    position = reading.stoppedAt;
    const paidOff = reading.records.length >= fewRecords;
    if (paidOff) tolerantRun = 0;
    if (!reading.needsTolerance) {
      size = Math.min(size * 2, windows.max);
      continue;
    }
    tolerantRun = Math.min(Math.max(1, tolerantRun * 2), tolerantRunMax);
    toRead = tolerantRun;
    size = windows.first;
  }
}
