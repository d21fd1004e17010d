/**
 * A 100,000-row statement imported through the service layer on Node +
 * libSQL: parse, fingerprint, deduplicate, categorize by the rules tier,
 * post a journal entry per row and persist, in one batch. Then the trial
 * balance over those entries. And, where hledger is installed, the peers:
 * `hledger print` reading the same CSV with a rules file, and `hledger
 * balance` reading our export of the books.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayFromParts } from "../seed/calendar.ts";
import { dialects } from "../seed/dialects.ts";
import type { GeneratedTransaction } from "../seed/model.ts";
import { renderStatement } from "../seed/statements.ts";
import { createBankAccount } from "../src/bank-accounts/service.ts";
import { createCompany } from "../src/companies/service.ts";
import { openLibsql } from "../src/db/libsql.ts";
import { migrateLibsql } from "../src/db/migrate.ts";
import { importFile } from "../src/ingest/service.ts";
import { defaultTiers } from "../src/categorize/tiers.ts";
import { lastEntryNumber } from "../src/db/queries/journal.ts";
import { exportHledgerJournal } from "../src/export/service.ts";
import { getTrialBalance } from "../src/ledger/service.ts";
import { createRng } from "../seed/rng.ts";
import type { Database } from "../src/db/database.ts";
import { metricsOf } from "../src/metrics/service.ts";
import { defaultSplit } from "../src/training/dataset.ts";
import { companyTrainingExport } from "../src/training/service.ts";

const merchants = ["KROGER #417", "SQ *BLUE OAK COFFEE", "SHELL OIL 57444255", "AMAZON MKTPL*RA4KL2JH3", "STAPLES 00451", "TST* SKYLINE CHILI", "GUSTO NET PAY", "DUKE ENERGY"];

/** A year of one busy checking account, as Chase would export it. */
export function bigStatement(rows: number): Uint8Array {
  const rng = createRng(42, "bench-ingest");
  const first = dayFromParts(2025, 1, 1);
  let balance = 10_000_000;
  const transactions: GeneratedTransaction[] = [];
  for (let i = 0; i < rows; i++) {
    const day = first + Math.floor((i * 365) / rows);
    const amountMinor = rng.chance(0.2) ? rng.int(10_000, 500_000) : -rng.int(100, 90_000);
    balance += amountMinor;
    transactions.push({
      id: `t${i}`,
      account: "checking",
      day,
      amountMinor,
      description: `CARD PURCHASE ${rng.pick(merchants)} CINCINNATI OH CARD 0412 ${rng.int(100000, 999999)}`,
      vendor: "",
      accountCode: "6600",
      transferPairId: null,
      vendorSpec: undefined as never,
      receiptBasis: null,
      balanceMinor: balance,
      channel: "card",
      transactionDay: day,
      checkNumber: null,
    });
  }
  return renderStatement({ dialect: dialects.chaseChecking, transactions, first, last: first + 364, openingBalanceMinor: 10_000_000, last4: "0412" });
}

export interface IngestBench {
  rows: number;
  bytes: number;
  importMs: number;
  /** Of importMs, the time SQLite took to run the import's one batch (rows, entries, lines, commit). */
  batchMs: number;
  /** After the import, off its path: copying the WAL into the database file (the host does it shortly after writes). */
  checkpointMs: number;
  peakRssMb: number;
  hledgerMs: number | null;
  /** Entries the import posted: one per row. */
  entries: number;
  /** The first trial balance over the imported books, through the service: the journal's lines summed. */
  trialBalanceMs: number;
  /** The best of four more, with the journal unchanged: its sums kept. */
  trialBalanceKeptMs: number;
  /** `hledger balance` over our export of the same books. */
  hledgerBalanceMs: number | null;
  /** The best of several GET …/metrics over those books, through the service. */
  metricsMs: number;
  /** The training export streamed to nowhere: its time, lines, and how far RSS rose above where it started. */
  training: { ms: number; lines: number; bytes: number; rssRiseMb: number };
}

async function openBooks(path: string) {
  const connection = await openLibsql(`file:${path}`);
  await migrateLibsql(connection.client);
  const { company } = await createCompany(connection.database, { name: "Bench Co.", industry: "retail", currency: "USD" }, new Date());
  const bankAccount = await createBankAccount(connection.database, company, { name: "Checking", kind: "checking" }, new Date());
  return { connection, company, bankAccount };
}

/** The training export read as a client would, page after page, keeping nothing but counts: does memory stay flat? */
async function streamTraining(database: Database, companyId: string): Promise<IngestBench["training"]> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let lines = 0;
  let bytes = 0;
  const started = performance.now();
  for await (const chunk of companyTrainingExport(database, companyId, defaultSplit, "jsonl")) {
    bytes += chunk.length;
    for (let at = chunk.indexOf("\n"); at !== -1; at = chunk.indexOf("\n", at + 1)) lines += 1;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return { ms: performance.now() - started, lines, bytes, rssRiseMb: (peak - before) / 1e6 };
}

export async function benchIngest(rows: number): Promise<IngestBench> {
  const bytes = bigStatement(rows);
  const folder = mkdtempSync(join(tmpdir(), "bench-ingest-"));
  try {
    const { connection, company, bankAccount } = await openBooks(join(folder, "books.db"));
    // SQLite's share: the import's batch, timed where the service sends it.
    let batchMs = 0;
    const sendBatch = connection.database.batch.bind(connection.database);
    const database: typeof connection.database = {
      orm: connection.database.orm,
      async batch(statements) {
        const batchStarted = performance.now();
        try {
          return await sendBatch(statements);
        } finally {
          batchMs += performance.now() - batchStarted;
        }
      },
    };

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const started = performance.now();
    const context = { db: database, tiers: defaultTiers(), company, strict: false, idempotencyKey: undefined, now: new Date() };
    const outcome = await importFile(context, bankAccount, { filename: "big.csv", bytes });
    const importMs = performance.now() - started;
    // At once, before the host's own deferred checkpoint: the work the import left for later, measured too.
    const checkpointStarted = performance.now();
    await connection.client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const checkpointMs = performance.now() - checkpointStarted;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (outcome.report.rows.inserted !== rows) throw new Error(`bench: expected ${rows} rows inserted, got ${outcome.report.rows.inserted}`);
    const entries = await lastEntryNumber(connection.database.orm, bankAccount.companyId);
    if (entries !== rows) throw new Error(`bench: expected ${rows} entries posted, got ${entries}`);
    // The first reads the journal's sums; the rest find them kept (src/ledger/sums.ts), as a dashboard's re-reads would.
    const trialBalanceRuns: number[] = [];
    for (let run = 0; run < 5; run++) {
      const tbStarted = performance.now();
      const report = await getTrialBalance(connection.database, bankAccount.companyId, "2099-12-31");
      trialBalanceRuns.push(performance.now() - tbStarted);
      if (!report.balanced) throw new Error("bench: the trial balance does not balance");
    }
    const [trialBalanceMs = NaN, ...keptRuns] = trialBalanceRuns;
    const trialBalanceKeptMs = Math.min(...keptRuns);
    let metricsMs = Infinity;
    for (let run = 0; run < 5; run++) {
      const metricsStarted = performance.now();
      const metrics = await metricsOf(connection.database, { companyId: company.id, from: undefined, to: undefined }, new Date());
      metricsMs = Math.min(metricsMs, performance.now() - metricsStarted);
      if (metrics.transactions.imported !== rows) throw new Error(`bench: the metrics count ${metrics.transactions.imported} transactions, not ${rows}`);
    }
    const training = await streamTraining(connection.database, company.id);
    const journalPath = join(folder, "books.journal");
    let journalText = "";
    for await (const chunk of exportHledgerJournal(connection.database, company)) journalText += chunk;
    writeFileSync(journalPath, journalText);
    connection.close();

    let hledgerMs: number | null = null;
    let hledgerBalanceMs: number | null = null;
    if (spawnSync("hledger", ["--version"]).status === 0) {
      const balanceStarted = performance.now();
      const balance = spawnSync("hledger", ["-f", journalPath, "balance", "--flat"], { maxBuffer: 1 << 26 });
      hledgerBalanceMs = performance.now() - balanceStarted;
      if (balance.status !== 0) throw new Error(`bench: hledger balance failed: ${balance.stderr.toString()}`);
      const csv = join(folder, "big.csv");
      writeFileSync(csv, bytes);
      writeFileSync(
        `${csv}.rules`,
        [
          "skip 1",
          "separator ,",
          "fields details, date, description, amount, type, balance, check",
          "date-format %m/%d/%Y",
          "currency $",
          "account1 assets:checking",
          "",
        ].join("\n"),
      );
      const hledgerStarted = performance.now();
      const run = spawnSync("hledger", ["print", "-f", csv, "--rules-file", `${csv}.rules`], { maxBuffer: 1 << 30 });
      hledgerMs = performance.now() - hledgerStarted;
      if (run.status !== 0) throw new Error(`bench: hledger failed: ${run.stderr.toString()}`);
    }
    return { rows, bytes: bytes.length, importMs, batchMs, checkpointMs, peakRssMb: peak / 1e6, hledgerMs, entries, trialBalanceMs, trialBalanceKeptMs, hledgerBalanceMs, metricsMs, training };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
