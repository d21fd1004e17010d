import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBlankRecord, parseCsv, type Delimiter } from "./csv.ts";

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
});
