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
import { bookCompany } from "../../pilot/book.ts";
import { urlTarget } from "../../client/http.ts";
import { pilotCompanyFromGenerated } from "../../pilot/company.ts";
import { companyMetrics } from "../../pilot/metrics.ts";
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
      const company = pilotCompanyFromGenerated(generate(plan));
      const observed = await bookCompany(urlTarget(host.url, adminToken), company);
      // The pilot's checks: every count and transaction against the truth, balanced reports, bank accounts holding what the bank says.
      const { metrics } = companyMetrics(company, observed);
      expect(metrics.failures).toEqual([]);
      expect(metrics.transactions.imported).toBe(company.truth.length);
      expect(metrics.transfers.truth).toBeGreaterThan(0);
      expect(metrics.transfers).toEqual({ truth: metrics.transfers.truth, found: metrics.transfers.truth, correct: metrics.transfers.truth });

      const trialBalance = observed.reports?.trialBalance;
      if (trialBalance === undefined) throw new Error("the books hold no reports");
      if (hledgerInstalled) {
        const journal = await fetch(`${host.url}/v1/companies/${observed.companyId}/export/ledger.journal`, { headers: { authorization: `Bearer ${observed.apiKey}` } });
        expect(journal.status).toBe(200);
        const ours = new Map(trialBalance.accounts.map((row) => [row.code, row.debitMinor - row.creditMinor]));
        expect(ours.size).toBeGreaterThan(10);
        expect(hledgerBalances(await journal.text())).toEqual(ours);
      }
    });
  }
});
