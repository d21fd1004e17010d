/**
 * Real-world export layouts (US, UK and EU banks, card issuers, fintechs),
 * each beside the rows it must give. Files are read as bytes, as an upload
 * would arrive; nothing is pinned unless the fixture says a bookkeeper would.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CsvSettings } from "../../src/bank-accounts/csv-settings.ts";
import type { BankAccountKind } from "../../src/ledger/chart-of-accounts.ts";
import { readStatement } from "../../src/ingest/statement.ts";

interface Expected {
  source: string;
  accountKind: BankAccountKind;
  settings?: CsvSettings;
  dialect: Record<string, string | boolean>;
  rows: [string, number, string][];
  skipped: number;
  rejected: number;
}

const folder = join(import.meta.dirname, "..", "fixtures", "bank-exports");
const fixtures = readdirSync(folder)
  .filter((name) => !name.endsWith(".expected.json"))
  .map((name) => ({ name, expected: JSON.parse(readFileSync(join(folder, name.replace(/\.[^.]+$/, ".expected.json")), "utf8")) as Expected }));

describe("real-world bank exports", () => {
  it("cover at least twelve layouts", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  for (const { name, expected } of fixtures) {
    it(`${name}: ${expected.source}`, () => {
      const result = readStatement(new Uint8Array(readFileSync(join(folder, name))), {
        accountKind: expected.accountKind,
        ...(expected.settings ? { settings: expected.settings } : {}),
      });
      if (!result.ok) throw new Error(result.reason);
      const { statement } = result;
      expect(statement.rows.map((r) => [r.postedOn, r.amountMinor, r.description])).toEqual(expected.rows);
      expect(statement.skipped).toHaveLength(expected.skipped);
      expect(statement.rejections).toHaveLength(expected.rejected);
      for (const problem of [...statement.skipped, ...statement.rejections]) {
        expect(problem.line).toBeGreaterThan(0);
        expect(problem.raw.length).toBeGreaterThan(0);
        expect(problem.reason.length).toBeGreaterThan(0);
      }
      expect(statement.dialect).toMatchObject(expected.dialect);
    });
  }
});
