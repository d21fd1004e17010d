import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayFromParts, formatDay, type DateFormat } from "./calendar.ts";
import { dialects } from "./dialects.ts";
import { decodeText, encodeWindows1252, formatMoney, parseDate, parseMoney, readStatement, renderStatement } from "./statements.ts";

const styles = [...new Map(Object.values(dialects).map((d) => [JSON.stringify(d.amounts), d.amounts])).values()];

describe("money in a dialect's style", () => {
  it("reads back every amount it writes, in every style the dialects use", () => {
    fc.assert(
      fc.property(fc.constantFrom(...styles), fc.integer({ min: -1e13, max: 1e13 }), (style, minor) => {
        expect(parseMoney(formatMoney(minor, style), style)).toBe(minor);
      }),
    );
  });

  it("writes separators, symbols and parentheses where the style says", () => {
    expect(formatMoney(-123456789, { decimal: ".", thousands: ",", negative: "parentheses", symbol: "$" })).toBe("($1,234,567.89)");
    expect(formatMoney(-123456, { decimal: ",", thousands: ".", negative: "minus", symbol: "" })).toBe("-1.234,56");
    expect(formatMoney(5, { decimal: ".", thousands: ",", negative: "minus", symbol: "" })).toBe("0.05");
    expect(formatMoney(100000, { decimal: ".", thousands: ",", negative: "minus", symbol: "" })).toBe("1,000.00");
  });

  it("refuses text that is not money in that style", () => {
    const us = { decimal: ".", thousands: ",", negative: "minus", symbol: "" } as const;
    for (const text of ["", "12", "1.2", "1.234", "abc", "1,23.45x", "--1.00"]) expect(parseMoney(text, us)).toBeNull();
  });
});

describe("dates in a dialect's format", () => {
  const formats: DateFormat[] = ["YYYY-MM-DD", "MM/DD/YYYY", "M/D/YYYY", "MM/DD/YY", "DD/MM/YYYY"];
  it("reads back every day it writes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...formats), fc.integer({ min: dayFromParts(2000, 1, 1), max: dayFromParts(2099, 12, 31) }), (format, day) => {
        expect(parseDate(formatDay(day, format), format)).toBe(day);
      }),
    );
  });

  it("refuses impossible dates instead of rolling them over", () => {
    expect(parseDate("02/30/2025", "MM/DD/YYYY")).toBeNull();
    expect(parseDate("13/01/2025", "MM/DD/YYYY")).toBeNull();
    expect(parseDate("31/04/2025", "DD/MM/YYYY")).toBeNull();
  });
});

describe("Windows-1252", () => {
  it("encodes Spanish and the 0x80-0x9F block, and decodes back", () => {
    const text = "INTERÉS ABONADO – Peña “€”";
    const bytes = encodeWindows1252(text);
    expect(bytes.length).toBe(text.length);
    expect(bytes.includes(0xc9)).toBe(true); // É
    expect(bytes.includes(0x80)).toBe(true); // €
    expect(decodeText(bytes, "windows-1252")).toBe(text);
  });

  it("refuses characters the code page cannot hold", () => {
    expect(() => encodeWindows1252("日本")).toThrow(RangeError);
  });
});

describe("renderStatement", () => {
  it("writes a month of a very large run (more rows than a call can take arguments)", () => {
    const dialect = dialects.chaseChecking;
    const day = dayFromParts(2025, 3, 1);
    const rows = 250_000;
    const transactions = Array.from({ length: rows }, (_, i) => ({
      id: `t${i}`,
      account: "checking",
      day,
      amountMinor: -100 - i,
      description: `ROW ${i}`,
      vendor: "v",
      accountCode: "6600",
      transferPairId: null,
      vendorSpec: undefined as never,
      receiptBasis: null,
      balanceMinor: 1_000_000 - i,
      channel: "card" as const,
      transactionDay: day,
      checkNumber: null,
    }));
    const bytes = renderStatement({ dialect, transactions, first: day, last: day + 30, openingBalanceMinor: 0, last4: "0412" });
    expect(readStatement(bytes, dialect).rows).toHaveLength(rows);
  });
});
