import { createClient } from "@libsql/client";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
import { describe, expect, it } from "vitest";
import { insertFromJson, jsonField, type ColumnValues } from "./insert-select.ts";
import * as schema from "./schema.ts";
import { journalLines } from "./schema.ts";

const orm = drizzle(createClient({ url: ":memory:" }), { schema });
const sqlOf = (statement: unknown): string => (statement as { toSQL(): { sql: string } }).toSQL().sql;

describe("insertFromJson", () => {
  it("names every column, in the table's order, with the value keyed to it whatever order the values came in", () => {
    const statement = insertFromJson(
      orm,
      journalLines,
      { amountMinor: jsonField(4), entryDate: jsonField(3), accountId: jsonField(2), lineNumber: jsonField(1), entryNumber: jsonField(0), companyId: sql`${"c1"}` },
      "[]",
    );
    const text = sqlOf(statement);
    expect(text).toMatch(/^insert into "journal_lines" \("company_id", "entry_number", "line_number", "account_id", "entry_date", "amount_minor"\) select /);
    expect(text.indexOf("->> 0")).toBeLessThan(text.indexOf("->> 1"));
    expect(text.indexOf("->> 3")).toBeLessThan(text.indexOf("->> 4"));
    expect(text).toContain("from json_each(?) as j");
  });

  it("refuses to build an insert that leaves a column without a value", () => {
    const missing = { companyId: sql`${"c1"}`, entryNumber: jsonField(0), lineNumber: jsonField(1), accountId: jsonField(2), entryDate: jsonField(3) } as unknown as ColumnValues<typeof journalLines>;
    expect(() => insertFromJson(orm, journalLines, missing, "[]")).toThrow("no value for column amountMinor");
  });
});
