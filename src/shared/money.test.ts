import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertMinor, currencyDecimals, formatMinor } from "./money.ts";

describe("formatMinor", () => {
  it.each([
    [123_456, 2, "1234.56"],
    [123_456, 0, "123456"],
    [123_456, 3, "123.456"],
    [0, 0, "0"],
    [0, 2, "0.00"],
    [0, 3, "0.000"],
    [-0, 2, "0.00"],
    [5, 2, "0.05"],
    [-5, 2, "-0.05"],
    [-5, 3, "-0.005"],
    [50, 3, "0.050"],
    [-100, 2, "-1.00"],
    [-7, 0, "-7"],
    [100, 2, "1.00"],
    [Number.MAX_SAFE_INTEGER, 2, "90071992547409.91"],
    [Number.MIN_SAFE_INTEGER, 3, "-9007199254740.991"],
  ])("writes %i with %i decimals as %j", (amount, decimals, expected) => {
    expect(formatMinor(amount, decimals)).toBe(expected);
  });

  it.each([2 ** 53, -(2 ** 53), 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %d", (amount) => {
    expect(() => formatMinor(amount, 2)).toThrow(RangeError);
  });

  it("reads back exactly: the digits without the point are the amount", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom(0, 2, 3), (amount, decimals) => {
        const text = formatMinor(amount, decimals);
        const point = text.indexOf(".");
        if (decimals === 0) expect(point).toBe(-1);
        else expect(text.length - point - 1).toBe(decimals);
        for (const part of text.replace(/^-/, "").split(".")) expect(part).toMatch(/^\d+$/);
        // One digit before the point, never more leading zeros than that.
        expect(text).not.toMatch(/^-?0\d/);
        expect(BigInt(text.replace(".", ""))).toBe(BigInt(amount));
      }),
    );
  });
});

describe("currencyDecimals", () => {
  it.each([
    ["USD", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["XYZ", 2],
    ["toString", 2],
    ["__proto__", 2],
    ["constructor", 2],
  ])("gives %s %i decimals", (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });
});

describe("assertMinor", () => {
  it("returns a safe integer and throws for anything else", () => {
    expect(assertMinor(-42)).toBe(-42);
    expect(assertMinor(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => assertMinor(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => assertMinor(0.1)).toThrow(RangeError);
  });
});
