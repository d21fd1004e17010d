/**
 * The five simulated companies, imported over HTTP month by month in the
 * order a bookkeeper would, must give exactly their truth: every distinct
 * transaction once (the overlaps between monthly files deduplicated), with
 * its date, amount and description. Their books must balance, find every
 * transfer between their own accounts, and agree with hledger reading our
 * export, account by account, to the cent.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

const hledgerInstalled = spawnSync("hledger", ["--version"]).status === 0;
if (!hledgerInstalled) console.warn("hledger is not installed: the cross-check against it is skipped (apt-get install hledger)");

/** "-1,234.56 USD" as minor units, by string: the cross-check must not round through a float. */
function hledgerMinor(amount: string): number {
  const number = amount.trim().split(" ")[0] ?? "";
  const negative = number.startsWith("-");
  const [whole = "", fraction = ""] = number.replace("-", "").replaceAll(",", "").split(".");
  if (!/^\d+$/.test(whole) || !/^\d{0,2}$/.test(fraction)) throw new Error(`unexpected hledger amount ${JSON.stringify(amount)}`);
  const minor = Number(whole + fraction.padEnd(2, "0"));
  return negative ? -minor : minor;
}

/** What hledger says each account holds, by account code, from our export. */
function hledgerBalances(journal: string): Map<string, number> {
  const file = join(directory, `export-${crypto.randomUUID()}.journal`);
  writeFileSync(file, journal);
  const run = spawnSync("hledger", ["-f", file, "balance", "--flat", "--no-total", "-O", "csv"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`hledger failed: ${run.stderr}`);
  const balances = new Map<string, number>();
  for (const line of run.stdout.trim().split("\n").slice(1)) {
    const [account = "", amount = ""] = line.split(/","/).map((cell) => cell.replaceAll('"', ""));
    const code = /:(\d+) /.exec(account)?.[1];
    if (code === undefined) throw new Error(`unexpected hledger account ${account}`);
    balances.set(code, hledgerMinor(amount));
  }
  return balances;
}

describe("importing the simulated companies over HTTP", () => {
  for (const plan of plans) {
    it(`${plan.name}: exactly the truth, overlaps deduplicated, transfers paired, books agreeing with hledger`, async () => {
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
      const stored: { id: string; postedOn: string; amountMinor: number; description: string; transferTransactionId: string | null }[] = [];
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

      // Transfers: each truth pair found, as a pair, and nothing else.
      const byId = new Map(stored.map((t) => [t.id, t]));
      const foundPairs = stored.filter((t) => t.transferTransactionId !== null && t.amountMinor < 0).map((t) => `${key3(t)} ~ ${key3(byId.get(t.transferTransactionId ?? "") ?? t)}`);
      const truthSides = new Map<string, string[]>();
      for (const t of company.transactions) {
        if (t.transferPairId === null) continue;
        const side = key3({ postedOn: isoDate(t.day), amountMinor: t.amountMinor, description: t.description });
        truthSides.set(t.transferPairId, [...(truthSides.get(t.transferPairId) ?? []), side]);
      }
      const truthPairs = [...truthSides.values()].map((sides) => sides.sort((a, b) => (a.includes("|-") ? -1 : b.includes("|-") ? 1 : 0)).join(" ~ "));
      expect(truthPairs.length).toBeGreaterThan(0);
      expect(foundPairs.sort()).toEqual(truthPairs.sort());

      const trialBalance = await api<{ accounts: { code: string; debitMinor: number; creditMinor: number }[]; balanced: boolean }>("GET", `/v1/companies/${id}/reports/trial-balance?asOf=2099-12-31`, key);
      expect(trialBalance.body.balanced).toBe(true);
      if (hledgerInstalled) {
        const journal = await fetch(`${host.url}/v1/companies/${id}/export/ledger.journal`, { headers: { authorization: `Bearer ${key}` } });
        expect(journal.status).toBe(200);
        const ours = new Map(trialBalance.body.accounts.map((row) => [row.code, row.debitMinor - row.creditMinor]));
        expect(ours.size).toBeGreaterThan(10);
        expect(hledgerBalances(await journal.text())).toEqual(ours);
      }
    });
  }
});
