import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvAmount, csvCell, toCsv } from "./csv-out.ts";

const dangerous = ["=", "+", "-", "@", "\t", "\r"];

/** A cell as a spreadsheet reads it: surrounding quotes off, doubled quotes single. */
function unquote(cell: string): string {
  if (cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"')) return cell.slice(1, -1).replaceAll('""', '"');
  return cell;
}

const startsDangerously = (text: string): boolean => dangerous.some((char) => text.startsWith(char));

describe("csvCell", () => {
  it.each([
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
  ])("neutralizes %j as %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("neutralizes a leading carriage return, and quotes the cell since it holds one", () => {
    expect(csvCell("\r=1+2")).toBe(`"'\r=1+2"`);
  });

  it.each([
    ["plain text", "plain text"],
    ["", ""],
    ["a=b", "a=b"],
    ["1-2", "1-2"],
    ["'quoted already", "'quoted already"],
    [" =1", " =1"],
  ])("leaves %j as it is", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["line\r\nbreak", '"line\r\nbreak"'],
    ['"', '""""'],
  ])("quotes %j RFC 4180 style as %j", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("gives back every cell as written or behind one quote, and never as a formula", () => {
    const cell = fc.oneof(fc.string({ unit: "binary" }), fc.tuple(fc.constantFrom(...dangerous, '"', ",", "\n"), fc.string()).map(([head, tail]) => head + tail));
    fc.assert(
      fc.property(cell, (value) => {
        const written = csvCell(value);
        const read = unquote(written);
        expect(startsDangerously(read)).toBe(false);
        expect(read).toBe(startsDangerously(value) ? `'${value}` : value);
        // Quoted exactly when the text needs it, and then with every quote doubled.
        const needsQuotes = /[",\r\n]/.test(read);
        expect(written.startsWith('"') && written.endsWith('"') && written.length >= 2).toBe(needsQuotes);
        if (!needsQuotes) expect(written).toBe(read);
        else expect(written.slice(1, -1).replaceAll('""', "")).not.toContain('"');
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
        expect(csvCell(text)).toBe(text);
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
});
