/**
 * The five simulated companies, imported over HTTP month by month in the
 * order a bookkeeper would, must give exactly their truth: every distinct
 * transaction once (the overlaps between monthly files deduplicated), with
 * its date, amount and description.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSeedOptions, generateDataset } from "../../seed/dataset.ts";
import { isoDate } from "../../seed/calendar.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";

const adminToken = "seed-import-admin";
let host: RunningNodeHost;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-seed-import-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0 });
});

afterAll(async () => {
  await host.close();
  rmSync(directory, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body it expects
async function api<T>(method: string, path: string, token: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${host.url}${path}`, { method, body: body ?? null, headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: response.status, body: (await response.json()) as T };
}

const { plans, generate } = generateDataset(defaultSeedOptions);

describe("importing the simulated companies over HTTP", () => {
  for (const plan of plans) {
    it(`${plan.name}: exactly the truth, overlaps deduplicated`, async () => {
      const company = generate(plan);
      const created = await api<{ company: { id: string }; apiKey: string }>("POST", "/v1/companies", adminToken, JSON.stringify({ name: company.name, industry: company.industry }), {
        "content-type": "application/json",
      });
      expect(created.status).toBe(201);
      const { id } = created.body.company;
      const key = created.body.apiKey;
      let duplicates = 0;
      for (const account of company.accounts) {
        const bankAccount = await api<{ bankAccount: { id: string } }>("POST", `/v1/companies/${id}/bank-accounts`, key, JSON.stringify({ name: account.name, kind: account.kind }), {
          "content-type": "application/json",
        });
        for (const file of company.statements.filter((s) => s.account === account.slug)) {
          const result = await api<{ imports: { rows: { duplicate: number; rejected: number } }[] }>(
            "POST",
            `/v1/companies/${id}/bank-accounts/${bankAccount.body.bankAccount.id}/imports?filename=${file.month}.csv`,
            key,
            file.bytes,
            { "content-type": "text/csv" },
          );
          expect(result.status, file.path).toBe(201);
          expect(result.body.imports[0]?.rows.rejected).toBe(0);
          duplicates += result.body.imports[0]?.rows.duplicate ?? 0;
        }
      }
      const stored: { postedOn: string; amountMinor: number; description: string }[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { data: typeof stored; nextCursor: string | null } } = await api(
          "GET",
          `/v1/companies/${id}/transactions?limit=500${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
          key,
        );
        stored.push(...page.body.data);
        cursor = page.body.nextCursor;
      } while (cursor !== null);

      const key3 = (t: { postedOn: string; amountMinor: number; description: string }): string => `${t.postedOn}|${t.amountMinor}|${t.description}`;
      expect(stored.map(key3).sort()).toEqual(company.transactions.map((t) => key3({ postedOn: isoDate(t.day), amountMinor: t.amountMinor, description: t.description })).sort());
      expect(duplicates).toBe(company.statements.reduce((sum, s) => sum + s.overlapRows, 0));
    });
  }
});
