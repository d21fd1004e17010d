import { describe, expect, it } from "vitest";
import { sha256Hex } from "../shared/crypto.ts";
import { canonicalDescription, fingerprintHexLength, fingerprints } from "./fingerprint.ts";

const coffee = { postedOn: "2025-03-12", amountMinor: -450, description: "SQ *BLUE OAK COFFEE" };

describe("fingerprints", () => {
  it("keeps two identical rows of one file apart, and gives an overlapping file the same ones", () => {
    const first = fingerprints("ba1", [coffee, coffee]);
    expect(new Set(first).size).toBe(2);
    const overlap = fingerprints("ba1", [coffee, { ...coffee, postedOn: "2025-03-13" }, coffee]);
    expect([overlap[0], overlap[2]]).toEqual(first);
  });

  it("differs by bank account, date, amount and description, and forgives case and spacing only", () => {
    const [base] = fingerprints("ba1", [coffee]);
    const variants = [
      fingerprints("ba2", [coffee]),
      fingerprints("ba1", [{ ...coffee, postedOn: "2025-03-11" }]),
      fingerprints("ba1", [{ ...coffee, amountMinor: -451 }]),
      fingerprints("ba1", [{ ...coffee, description: "SQ *BLUE OAK COFFEES" }]),
    ];
    for (const [other] of variants) expect(other).not.toBe(base);
    const [spaced] = fingerprints("ba1", [{ ...coffee, description: "  sq *blue  oak coffee " }]);
    expect(spaced).toBe(base);
    expect(canonicalDescription(" a\tb ")).toBe("A B");
  });

  it("is the first 128 bits of SHA-256 over account, date, amount, canonical description and occurrence", () => {
    const [first, second] = fingerprints("ba1", [coffee, coffee]);
    const expected = (occurrence: number) => sha256Hex(`ba1\u001f2025-03-12\u001f-450\u001fSQ *BLUE OAK COFFEE\u001f${occurrence}`).slice(0, fingerprintHexLength);
    expect(first).toBe(expected(0));
    expect(second).toBe(expected(1));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
  });
});
