/**
 * A bank file's records, read by papaparse, with what the importer needs on
 * top: the line each record starts on, its raw text, and the tolerance real
 * exports need, kept exactly as it was: any of four delimiters, CRLF, LF or
 * lone CR line ends (mixed, too), quoted fields spanning lines, ragged rows,
 * a stray quote inside an unquoted field kept as text, text after a closing
 * quote kept in the field. An opening quote that is never closed would
 * swallow the rest of the file; its line is split as plain text instead and
 * marked, and reading goes on.
 *
 * papaparse reads every record written strictly (src/ingest/csv-window.ts),
 * which in a real export is all or nearly all of them; the few it would read
 * otherwise go to src/ingest/csv-tolerant.ts. The reader before papaparse is
 * kept in bench/csv-handwritten.ts, and csv.test.ts checks this one agrees
 * with it on any text.
 */
import { readRecords } from "./csv-records.ts";

export type Delimiter = "," | ";" | "\t" | "|";

export interface CsvRecord {
  /** 1-based line on which the record starts, as an editor would number it. */
  line: number;
  cells: string[];
  /** The record's text as it appears in the file, without its line end. */
  raw: string;
  /** An opening quote on this line is never closed; the line was split as plain text instead. */
  unclosedQuote?: true;
}

/**
 * The records of a text, a window at a time, so that a large file's rows can
 * be read and let go, and a reader that wants only the first few pays for
 * little more.
 */
export function csvRecords(text: string, delimiter: Delimiter): Generator<CsvRecord, void, undefined> {
  return readRecords(text, delimiter);
}

/** Every record at once, for a sample or a small file; a large one is better walked with csvRecords. */
export const parseCsv = (text: string, delimiter: Delimiter): CsvRecord[] => [...csvRecords(text, delimiter)];

/** True for a record with nothing in it but blanks: spacer lines between a preamble and the table. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === "");
}
