import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkRowsAsJson, chunkRowsForInsert } from "./chunk.ts";

describe("chunkRowsForInsert", () => {
  it("keeps every row, in order, with at most 100 bound parameters per chunk", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 500 }), fc.integer({ min: 1, max: 100 }), (rows, columns) => {
        const chunks = chunkRowsForInsert(rows, columns);
        expect(chunks.flat()).toEqual(rows);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length * columns).toBeLessThanOrEqual(100);
        }
        // As few statements as the limit allows.
        expect(chunks.length).toBe(Math.ceil(rows.length / Math.floor(100 / columns)));
      }),
    );
  });

  it("refuses a row wider than one statement can bind", () => {
    expect(() => chunkRowsForInsert([1], 101)).toThrow(RangeError);
    expect(() => chunkRowsForInsert([1], 0)).toThrow(RangeError);
  });
});

describe("chunkRowsAsJson", () => {
  const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

  it("keeps every row, in order, in JSON arrays under the byte limit, even when escapes swell the text", () => {
    // Control characters become six-character escapes: far more than the text's length suggests.
    const text = fc.string({ unit: fc.constantFrom("a", "é", "\u0001", '"', "😀"), maxLength: 300 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.integer(), text), { maxLength: 200 }), fc.integer({ min: 2_000, max: 20_000 }), (rows, bytesMax) => {
        const chunks = chunkRowsAsJson(rows, bytesMax);
        expect(chunks.flatMap((chunk) => JSON.parse(chunk) as unknown[])).toEqual(rows);
        for (const chunk of chunks) expect(utf8Bytes(chunk)).toBeLessThanOrEqual(bytesMax);
      }),
    );
  });

  it("fills chunks rather than writing a row per chunk", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [`row ${i}`, i]);
    expect(chunkRowsAsJson(rows, 10_000).length).toBeLessThanOrEqual(5);
  });
});
