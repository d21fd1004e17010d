import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ExportEntry, hledgerAccountName, journalHeader, journalTransaction } from "./hledger.ts";
import type { ChartAccountRow } from "../ledger/reports.ts";

const account = (code: string, name: string, type: ChartAccountRow["type"], subtype: ChartAccountRow["subtype"]): ChartAccountRow => ({
  id: `id-${code}`,
  code,
  name,
  type,
  subtype,
});

const checking = account("1010", "Operating Checking", "asset", "bank");
const card = account("2100", "Business Credit Card", "liability", "credit_card");
const meals = account("6900", "Meals", "expense", "operating_expense");
const accountsById = new Map([checking, card, meals].map((one) => [one.id, one]));

const entry = (overrides: Partial<ExportEntry>): ExportEntry => ({
  number: 7,
  entryDate: "2025-03-01",
  description: "Blue Oak Coffee",
  kind: "bank",
  reversesNumber: null,
  lines: [
    { accountId: meals.id, amountMinor: 1_234 },
    { accountId: checking.id, amountMinor: -1_234 },
  ],
  ...overrides,
});

describe("hledgerAccountName", () => {
  it.each([
    [checking, "assets:1010 Operating Checking"],
    [card, "liabilities:2100 Business Credit Card"],
    [account("3000", "Owner's Capital", "equity", "owner_capital"), "equity:3000 Owner's Capital"],
    [account("4000", "Sales", "revenue", "operating_revenue"), "revenues:4000 Sales"],
    [meals, "expenses:6900 Meals"],
  ])("names %o as %j", (one, expected) => {
    expect(hledgerAccountName(one)).toBe(expected);
  });

  it("replaces a colon, which would nest the account, and collapses runs of blanks, which would end its name", () => {
    expect(hledgerAccountName(account("6900", "Meals:  Client\tLunch ", "expense", "operating_expense"))).toBe("expenses:6900 Meals- Client Lunch");
    expect(hledgerAccountName(account("6100", "Rent\nand\r\nlease", "expense", "operating_expense"))).toBe("expenses:6100 Rent and lease");
    expect(hledgerAccountName(account("6100", "Rent\u00a0\u00a0Office", "expense", "operating_expense"))).toBe("expenses:6100 Rent Office");
  });

  it("gives any name one level under its type, on one line, without two blanks in a row", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (name) => {
        const written = hledgerAccountName(account("6100", name, "expense", "operating_expense"));
        expect(written.startsWith("expenses:6100 ")).toBe(true);
        expect(written.split(":")).toHaveLength(2);
        // eslint-disable-next-line no-control-regex -- the characters a journal line must not hold
        expect(written).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(written).not.toMatch(/\s\s/);
      }),
    );
  });
});

describe("journalTransaction", () => {
  it("writes a dated, numbered transaction with one posting per line", () => {
    expect(journalTransaction(entry({}), accountsById, "USD", 2)).toBe(
      "2025-03-01 * (7) Blue Oak Coffee\n    expenses:6900 Meals  12.34 USD\n    assets:1010 Operating Checking  -12.34 USD\n\n",
    );
  });

  it("keeps a description on one line, with no semicolon to start a comment", () => {
    const text = journalTransaction(entry({ description: "Coffee; beans\nand\r\nmilk;\tto go" }), accountsById, "USD", 2);
    const [header = ""] = text.split("\n");
    expect(header).toBe("2025-03-01 * (7) Coffee, beans and milk, to go");
    expect(text.split("\n")).toHaveLength(2 + 3);
  });

  it("keeps any description on the header line", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (description) => {
        const text = journalTransaction(entry({ description }), accountsById, "USD", 2);
        const lines = text.split("\n");
        expect(lines).toHaveLength(5);
        const [header = ""] = lines;
        expect(header.startsWith("2025-03-01 * (7)")).toBe(true);
        expect(header).not.toContain(";");
        expect(header).not.toContain("\r");
        expect(lines.at(1)).toBe("    expenses:6900 Meals  12.34 USD");
      }),
    );
  });

  it.each([
    ["JPY", 0, "1234", "-1234"],
    ["USD", 2, "12.34", "-12.34"],
    ["KWD", 3, "1.234", "-1.234"],
  ])("writes %s amounts with %i decimals", (currency, decimals, debit, credit) => {
    const text = journalTransaction(entry({}), accountsById, currency, decimals);
    expect(text).toContain(`    expenses:6900 Meals  ${debit} ${currency}\n`);
    expect(text).toContain(`    assets:1010 Operating Checking  ${credit} ${currency}\n`);
  });

  it("notes the entry a reversal reverses", () => {
    const text = journalTransaction(
      entry({ number: 9, kind: "reversal", reversesNumber: 7, lines: [{ accountId: meals.id, amountMinor: -1_234 }, { accountId: checking.id, amountMinor: 1_234 }] }),
      accountsById,
      "USD",
      2,
    );
    expect(text.split("\n")).toEqual(["2025-03-01 * (9) Blue Oak Coffee", "    ; reverses entry 7", "    expenses:6900 Meals  -12.34 USD", "    assets:1010 Operating Checking  12.34 USD", "", ""]);
  });

  it("throws for a line on an account outside the chart", () => {
    expect(() => journalTransaction(entry({ lines: [{ accountId: "id-9999", amountMinor: 5 }, { accountId: checking.id, amountMinor: -5 }] }), accountsById, "USD", 2)).toThrow(
      /entry 7/,
    );
  });
});

describe("journalHeader", () => {
  it("declares the commodity with its decimals and keeps the company name on its comment line", () => {
    expect(journalHeader("Blue Oak\nCoffee", "USD", 2)).toBe("; Blue Oak Coffee: books exported by AI Bookkeeper\ncommodity 100000.00 USD\n\n");
    expect(journalHeader("Kissa", "JPY", 0)).toContain("commodity 100000 JPY\n");
    expect(journalHeader("Souq", "KWD", 3)).toContain("commodity 100000.000 KWD\n");
  });
});
