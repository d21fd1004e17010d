import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64 } from "./base64.ts";

describe("base64", () => {
  it("reads back any bytes it wrote, across the chunk boundary too", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000, size: "max" }), (bytes) => {
          expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
        }),
      { numRuns: 30 },
    );
  });

  it("writes the standard alphabet with padding", () => {
    expect(bytesToBase64(new TextEncoder().encode("chart"))).toBe("Y2hhcnQ=");
    expect(bytesToBase64(new Uint8Array([0xfb, 0xff]))).toBe("+/8=");
    expect(() => base64ToBytes("not base64!")).toThrow();
  });
});
