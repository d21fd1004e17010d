/**
 * Files nobody should send, and some everyone does: the importer's own
 * property-test ideas (random bytes, random graphemes, CSV-ish rows with the
 * four delimiters) taken to the HTTP edge, plus encodings, BOMs, NULs, broken
 * quoting, mixed line endings, formula cells, one huge line, empty files.
 */
import fc from "fast-check";

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** UTF-16 with its BOM, as Excel's "Unicode text" writes it. */
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

const cell = fc.oneof(
  fc.constantFrom("2025-03-01", "03/14/2025", "14.03.2025", "-12.50", "1,234.56", "(4.00)", "1e308", "-0", "", "Date", "Amount", "Description", "x"),
  fc.constantFrom("=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3", "\"unclosed", "a\"b", "'; DROP TABLE transactions; --"),
  fc.string({ maxLength: 12 }),
);

const delimiter = fc.constantFrom(",", ";", "\t", "|");
const lineEnd = fc.constantFrom("\n", "\r\n", "\r");

/** Rows of dates, amounts and garbage, joined by one delimiter and any line ends. */
const csvish = fc
  .tuple(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }), delimiter, fc.array(lineEnd, { minLength: 1, maxLength: 3 }))
  .map(([rows, sep, ends]) => rows.map((row, i) => row.join(sep) + (ends[i % ends.length] ?? "\n")).join(""));

/** A statement the importer should read: a header and a few plausible rows. */
export const plausibleCsv = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: -99_999, max: 99_999 }), fc.constantFrom("COFFEE", "RENT", "PAYROLL", "AMAZON", "REFUND")), { minLength: 1, maxLength: 8 })
  .map((rows) => "Date,Description,Amount\n" + rows.map(([day, cents, what]) => `2025-02-${String(day).padStart(2, "0")},${what} ${Math.abs(cents)},${(cents / 100).toFixed(2)}`).join("\n") + "\n");

/** A receipt's OCR text, as a phone app would send it. */
export const plausibleReceipt = fc
  .tuple(fc.constantFrom("OFFICE DEPOT", "STARBUCKS", "SHELL", "HOME DEPOT"), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 99_999 }), fc.constantFrom("4242", "0000", ""))
  .map(([vendor, day, cents, last4]) => `${vendor}\n2025-01-${String(day).padStart(2, "0")}\nTOTAL $${(cents / 100).toFixed(2)}\n${last4 === "" ? "CASH" : `VISA ****${last4}`}\n`);

const special = fc.constantFrom<Uint8Array>(
  new Uint8Array(0),
  utf8("\uFEFF"),
  utf8("\uFEFFDate,Description,Amount\n2025-01-02,Coffee,-4.50\n"),
  utf16("Date,Description,Amount\n2025-01-02,Coffee,-4.50\n", true),
  utf16("Date;Description;Amount\n02.01.2025;Café;-4,50\n", false),
  utf8("Date,Description,Amount\n2025-01-02,\"Coffee,-4.50\n2025-01-03,Tea,-1.00\n"),
  utf8("Date,Description,Amount\r\n2025-01-02,Coffee\0,-4.50\n2025-01-03,Tea,-1.00\r"),
  utf8("Date,Description,Amount\n2025-01-02,=cmd|' /C calc'!A0,-4.50\n"),
  utf8("Date,Description,Amount\n" + "2025-01-02,".padEnd(70_000, "A") + ",-1.00\n"),
  utf8("Date,Description,Amount\n2025-01-02,Huge,99999999999999999999999.99\n"),
  utf8("\0\0\0\0"),
  utf8("%PDF-1.4\n%garbage\n"),
  concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), utf8("not really a png")),
  concat(new Uint8Array([0xff, 0xd8, 0xff]), utf8("not really a jpeg")),
  utf8("TOTAL $12.34\nVISA ****4242\n2025-01-02\nCOFFEE SHOP\n"),
);

/** Any file: mostly hostile, sometimes plausible, so the deep paths run too. */
export const hostileFile: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 2000 }), weight: 2 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 500 }).map(utf8), weight: 2 },
  { arbitrary: csvish.map(utf8), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom("\uFEFF", ""), csvish).map(([bom, text]) => utf8(bom + text)), weight: 1 },
  { arbitrary: csvish.chain((text) => fc.boolean().map((le) => utf16(text, le))), weight: 1 },
  { arbitrary: plausibleCsv.map(utf8), weight: 3 },
  { arbitrary: special, weight: 3 },
);

export const hostileFilename = fc.oneof(
  fc.constantFrom("statement.csv", "receipt.txt", "../../etc/passwd", "a\"b.csv", "", "x".repeat(300), "ファイル.csv", "con.csv", "name;with=semicolons.csv"),
  fc.string({ maxLength: 40 }),
);
