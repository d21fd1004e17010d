import fc from "fast-check";
import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { csvAmount, csvText, safeCell, toCsv } from "./csv-out.ts";

const dangerous = ["=", "+", "-", "@", "\t", "\r"];

const startsDangerously = (text: string): boolean => dangerous.some((char) => text.startsWith(char));

/** The written text with every quoted stretch taken out: what a spreadsheet splits into cells. */
const outsideQuotes = (written: string): string => written.replaceAll(/"(?:[^"]|"")*"/g, "");

describe("safeCell", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ["\r=1+2", "'\r=1+2"],
    ["=1\n+2", "'=1\n+2"],
  ])("neutralizes %j as %j", (value, expected) => {
    expect(safeCell(value)).toBe(expected);
  });

  it.each(["plain text", "", "a=b", "1-2", "'quoted already", " =1", ";=x"])("leaves %j as it is", (value) => {
    expect(safeCell(value)).toBe(value);
  });
});

describe("csvText", () => {
  it("quotes a cell holding the separator ;, so that a spreadsheet splitting at ; cannot make ;=x a formula", () => {
    expect(csvText([[";=x", "a"]])).toBe('";=x",a\r\n');
  });

  it.each([
    ["a,b", '"a,b"'],
    ["a;b", '"a;b"'],
    ["a\tb", '"a\tb"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["line\r\nbreak", '"line\r\nbreak"'],
    ['"', '""""'],
  ])("quotes %j as %j", (value, expected) => {
    expect(csvText([[value]])).toBe(`${expected}\r\n`);
  });

  it("writes cells as given otherwise, with CRLF after every line", () => {
    expect(csvText([["Date", "Memo"], ["2025-03-01", "'=cmd"], ["", "x"]])).toBe("Date,Memo\r\n2025-03-01,'=cmd\r\n,x\r\n");
    expect(csvText([])).toBe("");
  });

  it("reads back cell for cell, and never splits at ; or tab nor starts a cell with a formula", () => {
    const cell = fc.oneof(fc.string({ unit: "binary" }), fc.tuple(fc.constantFrom(...dangerous, '"', ",", ";", "\n", " "), fc.string()).map(([head, tail]) => head + tail));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A table of one empty cell is an empty text, which no reader takes for a row.
        fc.pre(rows.length > 1 || rows[0]?.join("") !== "" || rows[0].length > 1);
        const written = csvText(rows.map((row) => row.map(safeCell)));
        const read = Papa.parse<string[]>(written.slice(0, -2), { delimiter: ",", newline: "\r\n" });
        expect(read.errors).toEqual([]);
        expect(read.data).toEqual(rows.map((row) => row.map(safeCell)));
        for (const row of read.data) for (const value of row) expect(startsDangerously(value)).toBe(false);
        expect(outsideQuotes(written)).not.toMatch(/[;\t]/);
      }),
    );
  });
});

describe("csvAmount", () => {
  it.each([
    [123_456, 2, "1234.56"],
    [-123_456, 2, "(1234.56)"],
    [-5, 2, "(0.05)"],
    [0, 2, "0.00"],
    [-0, 2, "0.00"],
    [-1_234, 0, "(1234)"],
    [-1_234, 3, "(1.234)"],
  ])("writes %i with %i decimals as %j", (amount, decimals, expected) => {
    expect(csvAmount(amount, decimals)).toBe(expected);
  });

  it("refuses an amount that is not a safe integer", () => {
    expect(() => csvAmount(2 ** 53, 2)).toThrow(RangeError);
    expect(() => csvAmount(0.5, 2)).toThrow(RangeError);
  });

  it("never starts with a formula character, and reads back as the amount", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(0, 2, 3), (amount, decimals) => {
        const text = csvAmount(amount, decimals);
        expect(startsDangerously(text)).toBe(false);
        expect(csvText([[safeCell(text)]])).toBe(`${text}\r\n`);
        const negative = text.startsWith("(");
        expect(negative).toBe(amount < 0);
        const digits = (negative ? text.slice(1, -1) : text).replace(".", "");
        expect(Number(BigInt(digits)) * (negative ? -1 : 1)).toBe(amount);
      }),
    );
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends, each cell made safe", () => {
    expect(toCsv(["Date", "Memo"], [["2025-03-01", "=cmd"], ["2025-03-02", "a,b"]])).toBe('Date,Memo\r\n2025-03-01,\'=cmd\r\n2025-03-02,"a,b"\r\n');
    expect(toCsv(["Only"], [])).toBe("Only\r\n");
  });

  it("quotes a report cell holding ; or a line break, so a spreadsheet whose separator is ; cannot split ;=x into a formula", () => {
    expect(toCsv(["Memo"], [[";=x"], ["a\n=b"]])).toBe('Memo\r\n";=x"\r\n"a\n=b"\r\n');
  });
});
