import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkRowsForInsert } from "./chunk.ts";

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
