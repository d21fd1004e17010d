import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimalSeparatorOf, readAmount } from "./amounts.ts";

const minor = (cell: string, decimal: "." | "," = "."): number | string => {
  const reading = readAmount(cell, decimal);
  return reading.ok ? reading.minor : reading.reason;
};

describe("readAmount", () => {
  it.each([
    ["12.34", 1234],
    ["-12.34", -1234],
    ["+12.34", 1234],
    ["1,234.56", 123456],
    ["$1,234.56", 123456],
    ["-$1,234.56", -123456],
    ["$-1,234.56", -123456],
    ["($1,234.56)", -123456],
    ["(45.00)", -4500],
    ["45.00-", -4500],
    ["45.00 CR", 4500],
    ["45.00 DR", -4500],
    ["45.00DR", -4500],
    ["USD 45.00", 4500],
    ["45.00 USD", 4500],
    ["€ 3.50", 350],
    ["12", 1200],
    ["12.5", 1250],
    ["0.00", 0],
    ["-0.00", 0],
    ["1 234.56", 123456],
    ["1\u00a0234.56", 123456],
    ["\u221212.00", -1200],
  ])("reads %j in a period-decimal column as %d", (cell, expected) => {
    expect(minor(cell)).toBe(expected);
  });

  it.each([
    ["1.234,56", 123456],
    ["-1.234,56", -123456],
    ["1234,5", 123450],
    ["12,34 €", 1234],
    ["1'234,56", 123456],
    ["1.234,56-", -123456],
  ])("reads %j in a comma-decimal column as %d", (cell, expected) => {
    expect(minor(cell, ",")).toBe(expected);
  });

  it.each([
    ["", "no amount"],
    ["abc", "not an amount"],
    ["12.345", "more than 2 decimal places"],
    ["1.2.3", "more than one decimal separator"],
    ["12,34", "not an amount"],
    ["1,23,456.00", "not an amount"],
    ["99999999999999999999", "amount too large"],
  ])("refuses %j with a reason", (cell, reason) => {
    expect(minor(cell)).toContain(reason);
  });

  it("reads back any amount written with separators, symbol and sign", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom(".", ","),
        fc.constantFrom("minus", "parentheses", "trailing", "crdr"),
        fc.boolean(),
        (value: number, decimal: "." | ",", negative: string, symbol: boolean) => {
          const absolute = Math.abs(value);
          const plain = String(Math.floor(absolute / 100));
          const groups: string[] = [];
          for (let end = plain.length; end > 0; end -= 3) groups.unshift(plain.slice(Math.max(0, end - 3), end));
          const whole = groups.join(decimal === "." ? "," : ".");
          const body = `${symbol ? "$" : ""}${whole}${decimal}${String(absolute % 100).padStart(2, "0")}`;
          const cell =
            value >= 0
              ? negative === "crdr"
                ? `${body} CR`
                : body
              : negative === "minus"
                ? `-${body}`
                : negative === "parentheses"
                  ? `(${body})`
                  : negative === "trailing"
                    ? `${body}-`
                    : `${body} DR`;
          expect(minor(cell, decimal)).toBe(value);
        },
      ),
    );
  });
});

describe("decimalSeparatorOf", () => {
  it("decides from the cells that can decide, and defaults to the period", () => {
    expect(decimalSeparatorOf(["1.234,56", "12,00"])).toBe(",");
    expect(decimalSeparatorOf(["1,234.56", "12.00"])).toBe(".");
    expect(decimalSeparatorOf(["12,5", "3,25"])).toBe(",");
    expect(decimalSeparatorOf(["1,234", "5,678"])).toBe(".");
    expect(decimalSeparatorOf(["1.234", "12,50"])).toBe(",");
    expect(decimalSeparatorOf(["", "12"])).toBe(".");
  });
});
