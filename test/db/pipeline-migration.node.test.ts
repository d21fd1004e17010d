/**
 * Migration 0004 on books written before it: a rule's decision kept its rule
 * id in columns of its own; it is now evidence, as JSON, for every kind of
 * tier. Old entries keep what they said, and stay immutable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateLibsql } from "../../src/db/migrate.ts";
import { booksBefore } from "./books-before.ts";

const folder = mkdtempSync(join(tmpdir(), "bookkeeper-pipeline-migration-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("migration 0004 (the pipeline)", () => {
  it("turns rule ids into evidence on transactions and entries, keeps the journal immutable, and adds the company threshold", async () => {
    const connection = await booksBefore(folder, "0004");
    const at = "2025-04-01T00:00:00.000Z";
    // What the books held before 0004: one rule-decided transaction, posted, and one waiting for review.
    await connection.client.batch(
      [
        { sql: "insert into companies values ('co', 'Old Books', 'retail', 'USD', ?)", args: [at] },
        { sql: "insert into accounts values ('checking', 'co', '1010', 'Checking', 'asset', 'bank', ?)", args: [at] },
        { sql: "insert into accounts values ('food', 'co', '5010', 'Food', 'expense', 'cost_of_goods', ?)", args: [at] },
        { sql: "insert into accounts values ('suspense', 'co', '6999', 'Uncategorized', 'expense', 'suspense', ?)", args: [at] },
        { sql: "insert into bank_accounts values ('bank', 'co', 'Checking', 'checking', 'USD', 'checking', null, ?)", args: [at] },
        { sql: "insert into imports values ('imp', 'co', 'bank', 'march.csv', 'hash', null, 'imported', '{}', 2, 2, 0, 0, 0, ?)", args: [at] },
        {
          sql: "insert into transactions values ('t-rule', 'co', 'bank', 'imp', 2, '2025-03-13', -4517, 'USD', 'KROGER #417', 'Kroger', 'fp1', 'categorized', ?, 1, 'food', 'rule', 1, 'rule-kroger', 'rule \"Kroger\" sent it to 5010', null)",
          args: [at],
        },
        {
          sql: "insert into transactions values ('t-none', 'co', 'bank', 'imp', 3, '2025-03-14', -450, 'USD', 'BLUE OAK', 'Blue Oak', 'fp2', 'review', ?, 2, 'suspense', 'none', 0, null, 'no rule matched', null)",
          args: [at],
        },
        { sql: "insert into journal_lines values ('co', 1, 1, 'checking', '2025-03-13', -4517), ('co', 1, 2, 'food', '2025-03-13', 4517)", args: [] },
        { sql: "insert into journal_entries values ('co', 1, '2025-03-13', 'KROGER #417', 'transaction', 't-rule', null, null, 'rule', 'rule-kroger', 1, 'rule sent it', ?)", args: [at] },
        { sql: "insert into journal_lines values ('co', 2, 1, 'checking', '2025-03-14', -450), ('co', 2, 2, 'suspense', '2025-03-14', 450)", args: [] },
        { sql: "insert into journal_entries values ('co', 2, '2025-03-14', 'BLUE OAK', 'transaction', 't-none', null, null, 'none', null, 0, 'no rule matched', ?)", args: [at] },
      ],
      "write",
    );

    expect((await migrateLibsql(connection.client))[0]).toBe("0004_pipeline.sql");
    const decisions = await connection.client.execute("select id, category_evidence from transactions order by id");
    expect(decisions.rows.map((row) => [row.id, row.category_evidence])).toEqual([
      ["t-none", null],
      ["t-rule", '{"ruleId":"rule-kroger"}'],
    ]);
    const entries = await connection.client.execute("select number, evidence, source, reason from journal_entries order by number");
    expect(entries.rows.map((row) => [row.number, row.evidence, row.source, row.reason])).toEqual([
      [1, '{"ruleId":"rule-kroger"}', "rule", "rule sent it"],
      [2, null, "none", "no rule matched"],
    ]);
    // The rule's decision is the transaction's suggestion too; the one waiting for review had none.
    const suggestions = await connection.client.execute("select transaction_id, source, account_id, confidence, evidence from transaction_suggestions");
    expect(suggestions.rows.map((row) => [row.transaction_id, row.source, row.account_id, row.confidence, row.evidence])).toEqual([["t-rule", "rule", "food", 1, '{"ruleId":"rule-kroger"}']]);
    const columns = async (table: string): Promise<unknown[]> => (await connection.client.execute(`select name from pragma_table_info('${table}')`)).rows.map((row) => row.name);
    expect(await columns("journal_entries")).not.toContain("rule_id");
    expect(await columns("transactions")).not.toContain("category_rule_id");
    const companies = await connection.client.execute("select confidence_threshold from companies");
    expect(companies.rows[0]?.confidence_threshold).toBe(0.8);
    // The guard stood down for the rewrite only.
    await expect(connection.client.execute("update journal_entries set reason = 'edited' where number = 1")).rejects.toThrow(/journal_entry_immutable/);
    const lines = await connection.client.execute("select count(*) as lines, sum(amount_minor) as total from journal_lines where company_id = 'co'");
    expect(lines.rows[0]).toMatchObject({ lines: 4, total: 0 });
    connection.close();
  });
});
