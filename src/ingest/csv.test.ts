import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBlankRecord, parseCsv, type Delimiter } from "./csv.ts";

/** The first, character-at-a-time parser: slow, but plainly right. The fast one must agree with it on anything. */
function referencePlainLine(text: string, start: number, delimiter: Delimiter, line: number): { record: ReturnType<typeof parseCsv>[number]; next: number } {
  let end = start;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  const raw = text.slice(start, end);
  const next = end + (text[end] === "\r" && text[end + 1] === "\n" ? 2 : end < text.length ? 1 : 0);
  return { record: { line, cells: raw.split(delimiter), raw, unclosedQuote: true }, next };
}

function referenceParse(text: string, delimiter: Delimiter): ReturnType<typeof parseCsv> {
  const records: ReturnType<typeof parseCsv> = [];
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
        const { record, next } = referencePlainLine(text, start, delimiter, startLine);
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

describe("parseCsv", () => {
  it("reads quoted fields with delimiters, doubled quotes and line breaks inside", () => {
    const records = parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x,\n', ",");
    expect(records.map((r) => r.cells)).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["multi\nline", "x", ""],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it("numbers lines as an editor would, across quoted line breaks and CR-only files", () => {
    const records = parseCsv('h1;h2\r"x\r\ny";z\rlast;row', ";");
    expect(records.map((r) => [r.line, r.raw])).toEqual([
      [1, "h1;h2"],
      [2, '"x\r\ny";z'],
      [4, "last;row"],
    ]);
  });

  it("keeps a stray quote inside an unquoted field as text", () => {
    expect(parseCsv('12" pizza,3.50\nnext,1', ",").map((r) => r.cells)).toEqual([
      ['12" pizza', "3.50"],
      ["next", "1"],
    ]);
  });

  it("splits a line whose opening quote never closes as plain text, and reads on", () => {
    const records = parseCsv('a,b\n2025-03-02,"Broken quote,-10.00\n2025-03-03,Fine,-1.00\n', ",");
    expect(records.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["2025-03-02", '"Broken quote', "-10.00"],
      ["2025-03-03", "Fine", "-1.00"],
    ]);
    expect(records.map((r) => r.unclosedQuote ?? false)).toEqual([false, true, false]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it("recognizes blank spacer records", () => {
    const [spacer, data] = parseCsv(" , \nx,y\n", ",");
    expect(spacer && isBlankRecord(spacer)).toBe(true);
    expect(data && isBlankRecord(data)).toBe(false);
  });

  it("round-trips any table written with full quoting", () => {
    const delimiters: Delimiter[] = [",", ";", "\t", "|"];
    fc.assert(
      fc.property(
        fc.constantFrom(...delimiters),
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
        (delimiter, rows, lineEnd) => {
          const text = rows
            .map((cells) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(delimiter))
            .join(lineEnd);
          expect(parseCsv(text, delimiter).map((r) => r.cells)).toEqual(rows);
        },
      ),
    );
  });

  it("agrees with the plain character-at-a-time parser on any text", () => {
    const alphabet = fc.constantFrom('"', ",", ";", "\r", "\n", "a", " ", "1");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join("")), fc.constantFrom<Delimiter>(",", ";"), (text, delimiter) => {
        expect(parseCsv(text, delimiter)).toEqual(referenceParse(text, delimiter));
      }),
      { numRuns: 2000 },
    );
  });
});
