/**
 * `npm run pilot` as a user runs it: a process that generates (or reads) two
 * companies over two months, books them over HTTP on the embedded Node host
 * (or a host at --url), prints its table and writes simulation_metrics.json.
 * Its verdicts must follow the books: a dataset whose truth disagrees with
 * its files must fail, with the reason.
 */
import { spawn } from "node:child_process";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSeedOptions, generateDataset } from "../../seed/dataset.ts";
import { writeDataset } from "../../seed/write.ts";
import { pilotCompanyFromGenerated } from "../../pilot/company.ts";
import type { PilotReport } from "../../pilot/run.ts";
import { llmSettingsFrom } from "../../src/categorize/llm/config.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { runScript, type ScriptOutcome } from "../run-script.ts";

const cli = join(import.meta.dirname, "..", "..", "pilot", "cli.ts");
const small = { ...defaultSeedOptions, companies: 2, months: 2 };

type Outcome = ScriptOutcome;

/** Runs the pilot's entry point as `npm run pilot` does; ADMIN_TOKEN only when a case gives one. */
const pilot = (args: string[], env: Record<string, string> = {}): Promise<Outcome> => runScript(cli, args, { ...process.env, ADMIN_TOKEN: "", ...env });

/** A port that was free a moment ago and has nobody listening. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

const readReport = async (out: string): Promise<PilotReport> => JSON.parse(await readFile(join(out, "simulation_metrics.json"), "utf8")) as PilotReport;

/** What the generator made, to judge the pilot's counts by something other than the pilot. */
const truth = (() => {
  const { plans, generate } = generateDataset(small);
  return plans.map((plan) => pilotCompanyFromGenerated(generate(plan)));
})();

let scratch: string;
let generated: Outcome;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "pilot-cli-"));
  generated = await pilot(["--companies", "2", "--months", "2", "--out", join(scratch, "generated")]);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("npm run pilot on the embedded host", () => {
  it("books generated companies to exactly their truth, prints the table and writes the metrics", async () => {
    expect(generated.stderr).not.toContain("\r");
    expect(generated.code, generated.stderr).toBe(0);
    const report = await readReport(join(scratch, "generated"));

    expect(Object.keys(report)).toEqual(["seed", "bookkeeper", "startedAt", "host", "companies", "totals"]);
    expect(generated.stdout).toMatch(new RegExp(`Training dataset: [\\d,]+ lines \\(train [\\d,]+, validation [\\d,]+, test [\\d,]+\\), \\d+ labels \\(account codes\\), in .*training\\.`));
    expect(await readdir(join(scratch, "generated"))).toEqual(["simulation_metrics.json", "training"]);
    expect(report.seed).toBe(42);
    expect(report.bookkeeper).toBe(true);
    expect(report.host).toMatch(/^embedded/);
    expect(Number.isNaN(Date.parse(report.startedAt))).toBe(false);
    expect(report.companies.map((c) => c.slug)).toEqual(truth.map((c) => c.slug));
    for (const [index, metrics] of report.companies.entries()) {
      const company = truth[index];
      if (company === undefined) throw new Error("a company is missing");
      expect(Object.keys(metrics)).toEqual([
        "name",
        "slug",
        "industry",
        "transactions",
        "tiers",
        "accuracy",
        "automation",
        "bookkeeper",
        "byMonth",
        "fromMonth4",
        "work",
        "reliability",
        "llm",
        "reviewQueue",
        "transfers",
        "receipts",
        "receiptCases",
        "training",
        "trialBalance",
        "latencyMs",
        "imports",
        "wallMs",
        "failures",
      ]);
      expect(metrics.transactions).toEqual({ truth: company.truth.length, imported: company.truth.length, duplicatesSkipped: company.overlapRows, rejected: 0 });
      expect(company.overlapRows).toBeGreaterThan(0);
      const { rule, learned, llm, review, transfer } = metrics.tiers;
      expect(rule + learned + llm + review + transfer).toBeCloseTo(1, 3);
      expect(rule).toBeGreaterThan(0.3);
      expect(metrics.automation).toBeCloseTo(1 - review, 3);
      // Month by month, each month's new transactions as the bookkeeper found them; she left nothing she could fix.
      expect(metrics.byMonth.map((month) => month.month)).toEqual(["2025-01", "2025-02"]);
      expect(metrics.byMonth.reduce((sum, month) => sum + month.imported, 0)).toBe(company.truth.length);
      expect(metrics.work.corrections + metrics.work.accepts).toBeGreaterThan(0);
      expect(metrics.reviewQueue).toBeLessThanOrEqual(Math.round(review * company.truth.length));
      expect(metrics.fromMonth4).toBeNull();
      // Each of the learned tier's answers falls in one tenth of confidence, and a tenth is never right more often than it answered.
      expect(metrics.reliability).toHaveLength(10);
      for (const bin of metrics.reliability) expect(bin.right).toBeLessThanOrEqual(bin.answered);
      expect(metrics.accuracy).toBeGreaterThan(0.5);
      expect(metrics.accuracy).toBeLessThanOrEqual(1);
      const truthPairs = new Set(company.truth.flatMap((t) => (t.transferPairId === null ? [] : [t.transferPairId]))).size;
      expect(metrics.transfers).toEqual({ truth: truthPairs, found: truthPairs, correct: truthPairs });
      expect(metrics.trialBalance.balanced).toBe(true);
      expect(metrics.trialBalance.debitMinor).toBe(metrics.trialBalance.creditMinor);
      expect(metrics.trialBalance.debitMinor).toBeGreaterThan(0);
      expect(metrics.latencyMs.p50).toBeGreaterThan(0);
      expect(metrics.latencyMs.p95).toBeGreaterThanOrEqual(metrics.latencyMs.p50);
      // The figures come from each upload's own latency, kept for a chart; and each month says how many it sent to review.
      expect(metrics.imports.map((upload) => upload.latencyMs)).toContain(metrics.latencyMs.p95);
      // Every statement file went up once; a file's rows are at least its transactions and overlaps (a bank may add summary lines).
      expect(metrics.imports).toHaveLength(company.bankAccounts.reduce((sum, account) => sum + account.statements.length, 0));
      expect(metrics.imports.reduce((sum, upload) => sum + upload.rows, 0)).toBeGreaterThanOrEqual(company.truth.length + company.overlapRows);
      expect(metrics.byMonth.reduce((sum, month) => sum + month.review, 0)).toBe(Math.round(review * company.truth.length));
      expect(metrics.receiptCases).toHaveLength(company.receipts.length);
      expect(metrics.receiptCases.filter((receipt) => receipt.outcome === "right")).toHaveLength(metrics.receipts.correct);
      // Every receipt went up (text, PDFs and photos, read by OCR here), half before its statement and half after.
      expect(metrics.receipts.uploaded).toBe(company.receipts.length);
      expect(metrics.receipts.cash + metrics.receipts.withCharge).toBe(company.receipts.length);
      expect(metrics.receipts.cashMatched).toBe(0);
      expect(metrics.receipts.precision).toBeGreaterThanOrEqual(0.95);
      expect(metrics.receipts.recall).toBeGreaterThanOrEqual(0.9);
      expect(generated.stdout).toContain(`${company.name}: ${company.receipts.length} receipts (`);
      // The company's training export was written beside the metrics: one line per settled transaction.
      const exported = (await readFile(join(scratch, "generated", "training", `${company.slug}.jsonl`), "utf8")).split("\n").filter((line) => line !== "");
      expect(exported).toHaveLength(metrics.training.lines);
      expect(metrics.training.lines).toBe(company.truth.length - metrics.reviewQueue);
      expect(metrics.training.labels.length).toBeGreaterThan(3);
      expect(metrics.failures).toEqual([]);
      // Plain progress lines, one per company, when stderr is not a terminal.
      expect(generated.stderr).toContain(`pilot: ${index + 1}/2 ${company.name}: ${company.truth.length} transactions in`);
    }
    const { totals } = report;
    expect(totals.transactions.imported).toBe(truth.reduce((sum, c) => sum + c.truth.length, 0));
    expect(totals.reviewQueue).toBe(report.companies.reduce((sum, c) => sum + c.reviewQueue, 0));
    expect(totals.trialBalance.debitMinor).toBe(report.companies.reduce((sum, c) => sum + c.trialBalance.debitMinor, 0));
    expect(totals.wallMs).toBeGreaterThanOrEqual(Math.max(...report.companies.map((c) => c.wallMs)));

    const lines = generated.stdout.split("\n");
    expect(lines[0]).toMatch(/^company\s+imported\s+dupes\s+rejected\s+rule\s+learned\s+llm\s+transfer\s+review\s+accuracy\s+auto 4\+\s+acc 4\+\s+fixes\s+queue\s+transfers/);
    // Each row: the name, then imported/truth first, and the checks' verdict last.
    const cellsAfter = (name: string): string[] => (lines.find((line) => line.startsWith(`${name}  `)) ?? "").slice(name.length).trim().split(/\s+/);
    for (const company of truth) expect(cellsAfter(company.name)[0]).toBe(`${company.truth.length}/${company.truth.length}`);
    expect(cellsAfter("total")[0]).toBe(`${totals.transactions.imported}/${totals.transactions.truth}`);
    expect(cellsAfter("total").at(-1)).toBe("ok");
  });

  it("with --bookkeeper off, nobody corrects: what waits for review at the end is the review share", async () => {
    const watched = await pilot(["--companies", "2", "--months", "2", "--bookkeeper", "off", "--llm", "off", "--out", join(scratch, "watched")]);
    expect(watched.code, watched.stderr).toBe(0);
    const report = await readReport(join(scratch, "watched"));
    expect(report.bookkeeper).toBe(false);
    for (const [index, metrics] of report.companies.entries()) {
      expect(metrics.work).toEqual({ corrections: 0, accepts: 0, unpaired: 0 });
      // Nothing learned from a person, nor from an LLM: the learned tier posts nothing.
      expect(metrics.tiers.learned).toBe(0);
      expect(metrics.reviewQueue / (truth[index]?.truth.length ?? 1)).toBeCloseTo(metrics.tiers.review, 3);
    }
  });

  it("books a folder written by npm run seed to the same books as the same data generated in memory", async () => {
    const data = join(scratch, "data");
    await writeDataset(small, data);
    const out = join(scratch, "from-folder");
    const outcome = await pilot(["--data", data, "--out", out]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const fromFolder = await readReport(out);
    const fromMemory = await readReport(join(scratch, "generated"));
    const books = (report: PilotReport): unknown =>
      report.companies.map(({ transactions, tiers, accuracy, reviewQueue, transfers, trialBalance }) => ({ transactions, tiers, accuracy, reviewQueue, transfers, trialBalance }));
    expect(books(fromFolder)).toEqual(books(fromMemory));
    expect(fromFolder.seed).toBe(42);
  });

  it("fails, and says why, when the truth and the files disagree", async () => {
    const data = join(scratch, "tampered");
    await writeDataset(small, data);
    // One truth transaction dropped: the books now hold one the truth does not.
    const truthFile = join(data, "cincy-web-builders", "truth", "transactions.jsonl");
    const truthLines = (await readFile(truthFile, "utf8")).trimEnd().split("\n");
    await writeFile(truthFile, `${truthLines.slice(1).join("\n")}\n`);
    // One statement row given an impossible date: the importer must reject it, and that transaction goes missing.
    const statementFile = join(data, "hamilton-coffee-co", "statements", "checking", "2025-02.csv");
    const statement = await readFile(statementFile, "utf8");
    const tamperedStatement = statement.replace(/\b\d\d\/\d\d\/\d{4}\b/, "13/45/2025");
    expect(tamperedStatement).not.toBe(statement);
    await writeFile(statementFile, tamperedStatement);

    const out = join(scratch, "tampered-out");
    const outcome = await pilot(["--data", data, "--out", out]);
    expect(outcome.code).toBe(1);
    const cincy = truth[1]?.truth.length ?? 0;
    expect(outcome.stderr).toContain(`Cincy Web Builders LLC: imported ${cincy} transactions, the truth has ${cincy - 1}`);
    expect(outcome.stderr).toContain("Cincy Web Builders LLC: 1 booked transactions are not in the truth");
    expect(outcome.stderr).toMatch(/Hamilton Coffee Co\.: rejected 1 rows, the truth has none \(checking 2025-02 line \d+: unreadable date "13\/45\/2025"\)/);
    expect(outcome.stderr).toContain("Hamilton Coffee Co.: 1 truth transactions are not in the books");
    // The metrics are still written, with the failures in them, and the table says so.
    const report = await readReport(out);
    expect(report.companies.map((c) => c.failures.length > 0)).toEqual([true, true]);
    expect(report.totals.failures.length).toBe(report.companies.reduce((sum, c) => sum + c.failures.length, 0));
    expect(outcome.stdout).toMatch(/^total\s.*\d+ FAILED$/m);
  });

  it("refuses a usage mistake with the usage and exit status 2 (the cases are in pilot/cli.test.ts)", async () => {
    const outcome = await pilot(["--sede", "1"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^pilot: Unknown option '--sede'/);
    expect(outcome.stderr).toContain("Usage: npm run pilot");
  });

  it("refuses an --out it cannot write before booking anything", async () => {
    const file = join(scratch, "a-file");
    await writeFile(file, "");
    const outcome = await pilot(["--companies", "1", "--months", "1", "--out", join(file, "reports")]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe(`pilot: cannot write in --out ${join(file, "reports")}: ENOTDIR: not a directory, mkdir '${join(file, "reports")}'\n`);
  });

  it("says plainly when --data is not a dataset", async () => {
    const outcome = await pilot(["--data", join(scratch, "nothing-here"), "--out", join(scratch, "unused")]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/cannot read the dataset's manifest .*companies\.json: it does not exist \(is .* a folder written by `npm run seed`\?\)/);
  });
});

describe("npm run pilot -- --url, against a host that is already running", () => {
  const adminToken = "pilot-url-admin";
  let host: RunningNodeHost;
  beforeAll(async () => {
    // The same LLM tier as the pilot's own embedded host (the mock), so that both give the same books.
    host = await startNodeHost({ databaseUrl: `file:${join(scratch, "running.db")}`, adminToken, port: 0, llm: llmSettingsFrom({ LLM_PROVIDER: "mock" }, { fetch }) });
  });
  afterAll(async () => {
    await host.close();
  });

  it("books over TCP with the admin token from the environment, to the same books", async () => {
    const out = join(scratch, "url");
    const outcome = await pilot(["--url", host.url, "--companies", "2", "--months", "2", "--out", out], { ADMIN_TOKEN: adminToken });
    expect(outcome.code, outcome.stderr).toBe(0);
    const report = await readReport(out);
    expect(report.host).toBe(host.url);
    const fromMemory = await readReport(join(scratch, "generated"));
    expect(report.companies.map((c) => [c.transactions, c.tiers, c.accuracy, c.transfers])).toEqual(fromMemory.companies.map((c) => [c.transactions, c.tiers, c.accuracy, c.transfers]));
    // The companies were made on the running host, not on one the pilot started.
    const listed = await fetch(`${host.url}/v1/companies`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(listed.status).toBe(200);
    const { data } = await listed.json<{ data: { name: string }[] }>();
    expect(data.map((c) => c.name).sort()).toEqual(truth.map((c) => c.name).sort());
  });

  it("explains a refused admin token, a missing one and a host that is not there", async () => {
    const refused = await pilot(["--url", host.url, "--companies", "1", "--months", "1", "--out", join(scratch, "refused")], { ADMIN_TOKEN: "wrong" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("POST /v1/companies answered 401 unauthorized");
    expect(refused.stderr).toContain("is ADMIN_TOKEN the host's admin token?");

    const missing = await pilot(["--url", host.url, "--out", join(scratch, "missing")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--url needs the host's admin token in ADMIN_TOKEN");

    const absent = await pilot(["--url", await closedPortUrl(), "--out", join(scratch, "absent")], { ADMIN_TOKEN: adminToken });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\); start it with `npm run dev`/);
  });

  describe("a host that is healthy at /health and then", () => {
    let answer: (request: IncomingMessage, response: ServerResponse) => void = () => undefined;
    let impostor: Server;
    let url: string;
    beforeAll(async () => {
      impostor = createHttpServer((request, response) => {
        if (request.url === "/health") response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
        else answer(request, response);
      });
      await new Promise<void>((resolve) => impostor.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      impostor.closeAllConnections();
      await new Promise((resolve) => impostor.close(resolve));
    });
    const againstImpostor = (out: string): Promise<Outcome> => pilot(["--url", url, "--companies", "1", "--months", "1", "--out", join(scratch, out)], { ADMIN_TOKEN: adminToken });

    it("answers a web page where JSON belongs, or JSON of another shape: one line each, exit 1", async () => {
      answer = (_request, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>a login page</html>");
      const page = await againstImpostor("page");
      expect(page.code).toBe(1);
      expect(page.stderr).toBe("pilot: POST /v1/companies answered 200 with something other than JSON: <html>a login page</html>\n");

      answer = (_request, response) => response.writeHead(200, { "content-type": "application/json" }).end("{}");
      const shape = await againstImpostor("shape");
      expect(shape.code).toBe(1);
      expect(shape.stderr).toMatch(/^pilot: POST \/v1\/companies answered 200, but not as this API does \(company: .*; apiKey: .*\); is http:\/\/127\.0\.0\.1:\d+ this app, and the same version\?\n$/);
      // Nothing was written, and the --out folder made for the run is gone again.
      await expect(readFile(join(scratch, "shape", "simulation_metrics.json"))).rejects.toThrow(/ENOENT/);
      await expect(stat(join(scratch, "shape"))).rejects.toThrow(/ENOENT/);
    });

    it("drops the connection: one line, exit 1", async () => {
      answer = (request) => request.socket.destroy();
      const dropped = await againstImpostor("dropped");
      expect(dropped.code).toBe(1);
      expect(dropped.stderr).toContain(`pilot: POST /v1/companies: cannot reach ${url} (`);
    });

    it("never answers: Ctrl-C stops the request in flight and the run, exit 130", async () => {
      let arrived: () => void = () => undefined;
      const requestArrived = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      answer = () => {
        arrived();
      };
      const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", cli, "--url", url, "--companies", "1", "--months", "1", "--out", join(scratch, "hung")], {
        env: { ...process.env, ADMIN_TOKEN: adminToken },
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      await requestArrived;
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      expect(stderr).toContain("pilot: stopped; no metrics were written");
      await expect(stat(join(scratch, "hung"))).rejects.toThrow(/ENOENT/);
    });
  });
});
