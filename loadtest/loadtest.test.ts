/**
 * The load test's pieces, and `npm run loadtest` end to end on a short run:
 * its table, its thresholds, its JSON and its check of the books. Nothing
 * here asserts on time; a threshold may pass or fail on a busy machine.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runScript, type ScriptOutcome } from "../test/run-script.ts";
import { parseLoadArgs, type LoadReport } from "./run.ts";
import { browseRequests, defaultSettings, scenarioShape, statementCsv, thresholds } from "./scenarios.ts";
import { figuresTable, verdicts, type KindFigures } from "./summary.ts";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const scratch = mkdtempSync(join(tmpdir(), "loadtest-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the scenarios' data", () => {
  it("gives each tenant and sequence its own statement, the same every time, every row unique", () => {
    const file = statementCsv(3, 7, 100);
    expect(statementCsv(3, 7, 100)).toBe(file);
    expect(statementCsv(3, 8, 100)).not.toBe(file);
    const lines = file.trimEnd().split("\n");
    expect(lines[0]).toBe("Date,Description,Amount");
    expect(lines).toHaveLength(101);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d{4}-\d{2}-\d{2},(CARD PURCHASE MERCHANT|DEPOSIT CLIENT) \d{4} REF 3-7-\d+,-?\d+\.\d{2}$/);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[1])).size).toBe(100);
  });

  it("splits the clients in mixed and runs each family alone otherwise", () => {
    expect(scenarioShape("mixed", defaultSettings)).toEqual({ ingestRate: 5, browseClients: 35, reviewClients: 15 });
    expect(scenarioShape("browse", defaultSettings)).toEqual({ ingestRate: 0, browseClients: 50, reviewClients: 0 });
    expect(browseRequests({ companyId: "c1", apiKey: "k", bankAccountId: "b" }).map((request) => request.path.split("?")[0])).toEqual([
      "/v1/companies/c1/transactions",
      "/v1/companies/c1/reports/trial-balance",
      "/v1/companies/c1/reports/profit-and-loss",
      "/v1/companies/c1/reports/balance-sheet",
      "/v1/companies/c1/journal",
      "/v1/companies/c1/metrics",
    ]);
  });
});

const figures = (overrides: Partial<KindFigures>): KindFigures => ({ scenario: "mixed", kind: "read", requests: 1000, rate: 50, p50: 10, p95: 40, p99: 60, max: 90, failed: 0, checks: { passed: 1000, failed: 0 }, ...overrides });

describe("the summary", () => {
  it("judges k6's thresholds: failures, each kind's p95 against its goal, checks", () => {
    const judged = verdicts([figures({}), figures({ kind: "import", requests: 100, p95: 300, checks: { passed: 100, failed: 0 } })]);
    expect(judged.map((verdict) => [verdict.metric, verdict.passed])).toEqual([
      ["http_req_failed", true],
      ["http_req_duration{scenario:mixed,kind:read}", true],
      ["http_req_duration{scenario:mixed,kind:import}", false],
      ["checks", true],
    ]);
    // One failure in 1,000 is not under 0.1%.
    expect(verdicts([figures({ failed: 1, checks: { passed: 999, failed: 1 } })]).filter((verdict) => !verdict.passed).map((verdict) => verdict.metric)).toEqual(["http_req_failed", "checks"]);
    expect(thresholds.readP95Ms).toBe(50);
  });

  it("prints k6's columns, a row per scenario and kind", () => {
    const table = figuresTable([figures({})]).split("\n");
    expect(table[0]?.split(/\s+/)).toEqual(["scenario", "kind", "requests", "req/s", "p50", "ms", "p95", "ms", "p99", "ms", "max", "ms", "failed", "checks"]);
    expect(table[1]).toMatch(/^mixed\s+read\s+1000\s+50\.0\s+10\.0\s+40\.0\s+60\.0\s+90\.0\s+0\.00%\s+1000\/1000$/);
  });
});

describe("npm run loadtest's flags", () => {
  it("defaults to every scenario on the embedded host", () => {
    expect(parseLoadArgs([], "/home/me", {})).toEqual({ scenarios: ["ingest", "browse", "review", "mixed"], storm: false, url: null, adminToken: null, wrangler: false, settings: defaultSettings, out: "/home/me/reports/loadtest" });
    expect(parseLoadArgs(["--scenario", "storm"], "/", {})).toMatchObject({ scenarios: [], storm: true });
    expect(parseLoadArgs(["--url", "http://127.0.0.1:8787/", "--scenario", "browse"], "/", { ADMIN_TOKEN: "t" })).toMatchObject({ url: "http://127.0.0.1:8787", adminToken: "t", scenarios: ["browse"] });
  });

  it.each([
    [["--scenario", "soak"], /--scenario is ingest, browse, review, mixed, all or storm, not "soak"/],
    [["--url", "http://127.0.0.1:8787"], /--url needs the host's admin token/],
    [["--url", "http://h/v1/companies", "--admin-token", "t"], /--url is a host's root/],
    [["--url", "http://h", "--wrangler", "--admin-token", "t"], /choose one/],
    [["--admin-token", "t"], /--admin-token goes with --url/],
    [["--clients", "0"], /--clients must be from 1 to 1000, not 0/],
    [["--duration", "1.5"], /--duration must be a whole number/],
  ])("refuses %j", (args, message) => {
    expect(() => parseLoadArgs(args, "/", {})).toThrow(message);
  });
});

const runLoadtest = (args: string[]): Promise<ScriptOutcome> => runScript(join(root, "loadtest", "run.ts"), args, { ...process.env, CI: "true" });

describe("npm run loadtest, end to end", () => {
  it("loads a fresh embedded host with the mixed scenario, prints k6's figures and thresholds, and finds the books whole", async () => {
    const out = join(scratch, "out");
    const run = await runLoadtest(["--scenario", "mixed", "--duration", "3", "--tenants", "2", "--clients", "4", "--rate", "2", "--rows", "20", "--out", out]);
    expect(run.stdout).toMatch(/mixed \(embedded \(npm run serve, Node \+ libSQL\), 3 s\)/);
    for (const kind of [/\nmixed\s+import\s+\d+/, /\nmixed\s+read\s+\d+/, /\nmixed\s+write\s+\d+/]) expect(run.stdout).toMatch(kind);
    // Whatever the latency on this machine, nothing failed and the books hold every row the import reports say.
    expect(run.stdout).toContain("✓ http_req_failed rate<0.001");
    expect(run.stdout).toContain("✓ checks rate>0.999");
    expect(run.stdout).toMatch(/Books: 2 of 2 tenants balanced and holding exactly the rows their import reports inserted \((\d+) in all\)/);
    expect(Number(/\((\d+) in all\)/.exec(run.stdout)?.[1])).toBeGreaterThan(40);
    expect(run.code === 0 || /✗ http_req_duration/.test(run.stdout), run.stdout + run.stderr).toBe(true);
    const report = JSON.parse(readFileSync(join(out, "autocannon-mixed.json"), "utf8")) as LoadReport;
    expect(report.figures.map((row) => row.kind).sort()).toEqual(["import", "read", "write"]);
    for (const row of report.figures) {
      expect(row.requests).toBeGreaterThan(0);
      expect(row.p95).toBeGreaterThanOrEqual(row.p50);
      expect(row.p99).toBeGreaterThanOrEqual(row.p95);
    }
  });
});
