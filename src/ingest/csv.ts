/**
 * RFC 4180 records, tolerant the way real bank exports need: any of four
 * delimiters, CRLF, LF or lone CR line ends, quoted fields spanning lines,
 * ragged rows, and a stray quote inside an unquoted field kept as text. An
 * opening quote that is never closed would swallow the rest of the file; its
 * line is split as plain text instead and marked, and reading goes on.
 */

function plainLine(text: string, start: number, delimiter: Delimiter, line: number): { record: CsvRecord; next: number } {
  let end = start;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  const raw = text.slice(start, end);
  const next = end + (text[end] === "\r" && text[end + 1] === "\n" ? 2 : end < text.length ? 1 : 0);
  return { record: { line, cells: raw.split(delimiter), raw, unclosedQuote: true }, next };
}

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

export function parseCsv(text: string, delimiter: Delimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  const length = text.length;
  let position = 0;
  let line = 1;

  while (position < length) {
    const start = position;
    const startLine = line;
    const cells: string[] = [];
    let cell = "";
    let atCellStart = true;
    let inQuotes = false;
    let ended = false;

    while (position < length) {
      const char = text[position] as string;
      if (inQuotes) {
        if (char === '"') {
          if (text[position + 1] === '"') {
            cell += '"';
            position += 2;
            continue;
          }
          inQuotes = false;
          position++;
          continue;
        }
        if (char === "\n" || (char === "\r" && text[position + 1] !== "\n")) line++;
        cell += char;
        position++;
        continue;
      }
      if (char === '"' && atCellStart) {
        inQuotes = true;
        atCellStart = false;
        position++;
        continue;
      }
      if (char === delimiter) {
        cells.push(cell);
        cell = "";
        atCellStart = true;
        position++;
        continue;
      }
      if (char === "\r" || char === "\n") {
        const end = position;
        position += char === "\r" && text[position + 1] === "\n" ? 2 : 1;
        line++;
        cells.push(cell);
        records.push({ line: startLine, cells, raw: text.slice(start, end) });
        ended = true;
        break;
      }
      cell += char;
      atCellStart = false;
      position++;
    }

    if (!ended) {
      if (inQuotes) {
        const { record, next } = plainLine(text, start, delimiter, startLine);
        records.push(record);
        position = next;
        line = startLine + 1;
        continue;
      }
      cells.push(cell);
      records.push({ line: startLine, cells, raw: text.slice(start, position) });
    }
  }
  return records;
}

/** True for a record with nothing in it but blanks: spacer lines between a preamble and the table. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === "");
}
