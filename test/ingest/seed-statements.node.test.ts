/**
 * Every statement the simulated companies' banks export, read by the
 * importer with no configuration, must give exactly the rows its declared
 * dialect says it holds: twelve real-world layouts, checked file by file.
 */
import { describe, expect, it } from "vitest";
import { readStatement } from "../../src/ingest/statement.ts";
import { defaultSeedOptions, generateDataset } from "../../seed/dataset.ts";
import { readStatement as readDeclared } from "../../seed/statements.ts";

const { plans, generate } = generateDataset(defaultSeedOptions);
const companies = plans.map(generate);

describe("reading the simulated banks' statements with no configuration", () => {
  for (const company of companies) {
    for (const account of company.accounts) {
      it(`${company.name}, ${account.name} (${account.dialect.id})`, () => {
        const files = company.statements.filter((s) => s.account === account.slug);
        expect(files.length).toBe(12);
        for (const file of files) {
          const declared = readDeclared(file.bytes, account.dialect);
          const result = readStatement(file.bytes, { accountKind: account.kind });
          if (!result.ok) throw new Error(`${file.path}: ${result.reason}`);
          const { statement } = result;
          expect(statement.rejections, file.path).toEqual([]);
          const strip = (rows: readonly { postedOn: string; amountMinor: number; description: string }[]): string[] =>
            rows.map((r) => `${r.postedOn}|${r.amountMinor}|${r.description}`).sort();
          expect(strip(statement.rows), file.path).toEqual(strip(declared.rows));
          // The beginning-balance row is the only non-transaction, where the dialect has one.
          expect(statement.skipped.length, file.path).toBe(account.dialect.openingBalanceRow ? 1 : 0);
          expect(statement.dialect.delimiter).toBe(account.dialect.delimiter);
          expect(statement.dialect.header).toBe(account.dialect.header);
          expect(statement.dialect.encoding).toBe(account.dialect.encoding === "windows-1252" ? "windows-1252" : "utf-8");
        }
      });
    }
  }
});
