import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomBase64Url, sha256Hex, timingSafeEqual, toHex } from "./crypto.ts";

describe("crypto helpers", () => {
  it("hashes with SHA-256 (FIPS 180-2 test vector)", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("timingSafeEqual agrees with plain equality on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(toHex(a) === toHex(b));
        expect(timingSafeEqual(a, Uint8Array.from(a))).toBe(true);
      }),
    );
  });

  it("makes URL-safe random tokens of the requested strength", () => {
    const tokens = new Set(Array.from({ length: 200 }, () => randomBase64Url(32)));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
