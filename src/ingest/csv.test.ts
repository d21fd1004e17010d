import fc from "fast-check";
import Papa from "papaparse";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseCsv as parseHandwritten } from "../../bench/csv-handwritten.ts";
import { csvRecords, isBlankRecord, parseCsv, type Delimiter } from "./csv.ts";
import { readRecords } from "./csv-records.ts";
import { readWindow } from "./csv-window.ts";

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

  it("agrees with the hand-written parser it replaced, on any text and with windows of any size", () => {
    // Windows of a few characters put window edges everywhere: in quoted fields, between CR and LF, on delimiters.
    const alphabet = fc.constantFrom('"', ",", ";", "\t", "|", "\r", "\n", "a", " ", "1", "\uFEFF");
    const delimiters: Delimiter[] = [",", ";", "\t", "|"];
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }).map((chars) => chars.join("")), fc.constantFrom(...delimiters), fc.integer({ min: 1, max: 24 }), (text, delimiter, first) => {
        const expected = parseHandwritten(text, delimiter);
        expect(parseCsv(text, delimiter)).toEqual(expected);
        expect([...readRecords(text, delimiter, { first, max: first * 3 })]).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("agrees with the hand-written parser on tables, well formed or damaged, with mixed line ends", () => {
    const anyText = fc.array(fc.constantFrom('"', ",", ";", "\t", "\r", "\n", "a", " ", "é"), { maxLength: 8 }).map((chars) => chars.join(""));
    const quoted = anyText.map((cell) => `"${cell.replaceAll('"', '""')}"`);
    const plain = (delimiter: Delimiter) =>
      fc
        .array(fc.constantFrom("a", " ", "1", '"', ",", ";", "\t", "|"), { maxLength: 6 })
        .map((chars) => chars.filter((char) => char !== delimiter).join(""))
        .filter((cell) => !cell.startsWith('"'));
    const table = fc.constantFrom<Delimiter>(",", ";", "\t", "|").chain((delimiter) =>
      fc.record({
        delimiter: fc.constant(delimiter),
        rows: fc.array(fc.tuple(fc.array(fc.oneof(plain(delimiter), quoted), { minLength: 1, maxLength: 5 }), fc.constantFrom("\n", "\r\n", "\r")), { maxLength: 30 }),
        damage: fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', "\r", "\n", " ")), { maxLength: 2 }),
      }),
    );
    fc.assert(
      fc.property(table, fc.integer({ min: 1, max: 40 }), ({ delimiter, rows, damage }, first) => {
        let text = rows.map(([cells, end]) => cells.join(delimiter) + end).join("");
        for (const [at, char] of damage) text = text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1));
        const expected = parseHandwritten(text, delimiter);
        expect(parseCsv(text, delimiter)).toEqual(expected);
        expect([...readRecords(text, delimiter, { first, max: first * 4 })]).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("what papaparse reads, and what is read tolerantly", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const table = (lineEnd: string): string =>
    ['"Date","Description","Amount"', '2025-03-02,"ACME, INC.",-10.00', '2025-03-03,"say ""hi""\non two lines",5', "2025-03-04,12\" pizza,-3.50"].join(lineEnd) + lineEnd;

  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
    ["CR", "\r"],
  ])("takes a strictly written %s table from papaparse alone, to the end", (_name, lineEnd) => {
    const text = table(lineEnd);
    const reading = readWindow(text, 0, text.length, ",", 1);
    expect(reading).toMatchObject({ stoppedAt: text.length, needsTolerance: false });
    expect(reading.records.map((r) => [r.line, r.cells])).toEqual([
      [1, ["Date", "Description", "Amount"]],
      [2, ["2025-03-02", "ACME, INC.", "-10.00"]],
      [3, ["2025-03-03", 'say "hi"\non two lines', "5"]],
      [5, ["2025-03-04", '12" pizza', "-3.50"]],
    ]);
  });

  it("takes CRLF lines in a window read at LF from papaparse too", () => {
    const text = 'a,b\nc,d\r\ne,"f"\r\ng,h';
    const reading = readWindow(text, 0, text.length, ",", 1);
    expect(reading).toMatchObject({ stoppedAt: text.length, needsTolerance: false });
    expect(reading.records.map((r) => [r.line, r.cells, r.raw])).toEqual([
      [1, ["a", "b"], "a,b"],
      [2, ["c", "d"], "c,d"],
      [3, ["e", "f"], 'e,"f"'],
      [4, ["g", "h"], "g,h"],
    ]);
  });

  it("takes lines ending in LF, CR and CRLF alike from papaparse, in one window", () => {
    const text = "a,b\nc,d\re,f\r\ng,h";
    const reading = readWindow(text, 0, text.length, ",", 1);
    expect(reading).toMatchObject({ stoppedAt: text.length, needsTolerance: false });
    expect(reading.records.map((r) => [r.line, r.raw])).toEqual([
      [1, "a,b"],
      [2, "c,d"],
      [3, "e,f"],
      [4, "g,h"],
    ]);
  });

  it("keeps a lone CR inside quotes as a CR, though papaparse reads the window with lone CRs made LFs", () => {
    expect(parseCsv('a,"x\ry"\rb,c', ",").map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "x\ry"]],
      [3, ["b", "c"]],
    ]);
  });

  it("keeps text after a closing quote in the field, as it always has, where papaparse would drop blanks or hunt for another quote", () => {
    const text = '"ACME" INC,1\n"a" ,b\n"ACME "INC" LTD",2\nnext,3\n';
    const reading = readWindow(text, 0, text.length, ",", 1);
    expect(reading).toMatchObject({ records: [], stoppedAt: 0, needsTolerance: true });
    expect(parseCsv(text, ",").map((r) => r.cells)).toEqual([
      ["ACME INC", "1"],
      ["a ", "b"],
      ['ACME INC" LTD"', "2"],
      ["next", "3"],
    ]);
  });

  it("ends a record at any line end in a file that mixes them, counting lines as an editor would", () => {
    const records = parseCsv('a,b\r\nc,"d\re"\nf,g\rh,i\n\rj,k', ",");
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b"]],
      [2, ["c", "d\re"]],
      [4, ["f", "g"]],
      [5, ["h", "i"]],
      [6, [""]],
      [7, ["j", "k"]],
    ]);
  });

  it("keeps a byte-order mark inside the text as text (Papa.parse would drop it)", () => {
    expect(parseCsv('a,b\n\uFEFF"c",d', ",").map((r) => r.cells)).toEqual([
      ["a", "b"],
      ['\uFEFF"c"', "d"],
    ]);
  });

  it("reads a record longer than a window whole", () => {
    const long = "x".repeat(100);
    const text = `a,"${long}\n${long}",b\nc,d`;
    expect([...readRecords(text, ",", { first: 8, max: 16 })].map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", `${long}\n${long}`, "b"]],
      [3, ["c", "d"]],
    ]);
  });

  it("reads a file of damaged rows tolerantly, papaparse trying again less and less often", () => {
    const text = '2025-03-02,"ACME "INC" LTD",-10.00\n'.repeat(5000);
    const parse = vi.spyOn(Papa, "parse");
    const records = parseCsv(text, ",");
    expect(records).toHaveLength(5000);
    expect(records[4999]).toEqual({ line: 5000, cells: ["2025-03-02", 'ACME INC" LTD"', "-10.00"], raw: '2025-03-02,"ACME "INC" LTD",-10.00' });
    expect(parse.mock.calls.length).toBeLessThan(20);
  });

  it("parses little more than it is asked for: the first records of a large file cost one small window", () => {
    const text = `Date,Description,Amount\n${"2025-03-02,COFFEE,-4.50\n".repeat(100_000)}`;
    const parse = vi.spyOn(Papa, "parse");
    const first: unknown[] = [];
    for (const record of csvRecords(text, ",")) {
      first.push(record);
      if (first.length === 200) break;
    }
    expect(parse).toHaveBeenCalledTimes(1);
    const input: unknown = parse.mock.calls[0]?.[0];
    expect(typeof input === "string" && input.length).toBeLessThan(text.length / 100);
  });
});
