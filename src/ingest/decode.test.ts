import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBankFile, decodeWindows1252 } from "./decode.ts";

const utf16 = (text: string, littleEndian: boolean, mark: boolean): Uint8Array => {
  const bytes: number[] = mark ? (littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes.push(...(littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff]));
  }
  return new Uint8Array(bytes);
};

const sample = "Datum;Omschrijving;Bedrag\r\n12-03-2025;Café Ünterberg – ‘koffie’;-3,50\r\n";

describe("decodeBankFile", () => {
  it("reads UTF-8 with and without a byte-order mark", () => {
    const plain = new TextEncoder().encode(sample);
    expect(decodeBankFile(plain)).toEqual({ ok: true, text: sample, encoding: "utf-8", byteOrderMark: false });
    const marked = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeBankFile(marked)).toEqual({ ok: true, text: sample, encoding: "utf-8", byteOrderMark: true });
  });

  it("reads UTF-16 in both byte orders, with a mark or recognized without one", () => {
    for (const littleEndian of [true, false]) {
      for (const mark of [true, false]) {
        const decoded = decodeBankFile(utf16(sample, littleEndian, mark));
        expect(decoded).toEqual({ ok: true, text: sample, encoding: littleEndian ? "utf-16le" : "utf-16be", byteOrderMark: mark });
      }
    }
  });

  it("falls back to Windows-1252 for what is not UTF-8, including its 0x80-0x9F punctuation", () => {
    const bytes = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x80, 0x35, 0x0a]);
    expect(decodeBankFile(bytes)).toEqual({ ok: true, text: "Café – €5\n", encoding: "windows-1252", byteOrderMark: false });
  });

  it("keeps a UTF-8 file with one broken byte as UTF-8, so its accents do not change", () => {
    const text = new TextEncoder().encode("Date,Description\n2025-03-01,Café Lumière\n2025-03-02,Crème");
    const bytes = new Uint8Array([...text, 0xef, 0x0a]);
    const decoded = decodeBankFile(bytes);
    expect(decoded.ok && decoded.encoding).toBe("utf-8");
    expect(decoded.ok && decoded.text).toContain("Café Lumière");
  });

  it("refuses empty files and binary data with reasons a person understands", () => {
    expect(decodeBankFile(new Uint8Array())).toEqual({ ok: false, reason: "the file is empty" });
    expect(decodeBankFile(new TextEncoder().encode(" \r\n\n"))).toEqual({ ok: false, reason: "the file is empty" });
    expect(decodeBankFile(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({ ok: false, reason: "the file is empty" });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
    expect(decodeBankFile(png)).toEqual({ ok: false, reason: "the file is binary data, not a text (CSV) export" });
    expect(decodeBankFile(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x41]))).toEqual({
      ok: false,
      reason: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8",
    });
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = decodeBankFile(bytes);
        expect(typeof decoded.ok).toBe("boolean");
      }),
    );
  });

  it("decodes every Windows-1252 byte to one character", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(decodeWindows1252(all)).toHaveLength(256);
    expect(decodeWindows1252(new Uint8Array([0x80, 0x9f, 0xff]))).toBe("€Ÿÿ");
  });
});
