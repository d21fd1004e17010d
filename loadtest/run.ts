/**
 * npm run loadtest -- [--scenario mixed] [--url URL --admin-token T | --wrangler]
 *
 * The k6 scenarios (loadtest/k6/) through autocannon, for machines without
 * k6: the same tenants, files, requests and thresholds (loadtest/scenarios.ts).
 * Prints k6's figures per scenario and kind of request, judges the
 * thresholds, checks every tenant's books afterwards, and writes
 * reports/loadtest/autocannon-<scenario>.json.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the path is the --out folder the user chose */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { withNodeServer, withWranglerDev } from "../bench/pilot.ts";
import { numberFlag, parseFlags, parseOrExplain, UsageError } from "../seed/flags.ts";
import { drawsProgress, progressBar } from "../seed/terminal.ts";
import { ScenarioRun, type RunState } from "./drive.ts";
import { defaultSettings, scenarioNames, type LoadSettings, type ScenarioName } from "./scenarios.ts";
import { ApiAnswerError, ApiConnectionError, ApiHttpError } from "../client/http.ts";
import { booksHold, checkBooks, prepareTenants, waitForQuiet, type Target } from "./setup.ts";
import { runStorm } from "./storm.ts";
import { figuresTable, verdictLines, verdicts, type KindFigures, type Verdict } from "./summary.ts";

const usage = `Usage: npm run loadtest -- [options]

Runs the load test's scenarios through autocannon (k6's scripts are in loadtest/k6/)
and prints, per scenario and kind of request, the count, rate, p50, p95, p99 and
failures, then the thresholds k6 would judge, then a check of every tenant's books.

  --scenario NAME   ingest, browse, review, mixed, or all (default: all, one after another);
                    or storm: 10 MB uploads from every client at once (bad input under load)
  --url URL         a running host, started with RATE_LIMIT_PER_MINUTE=0 (one key per tenant
                    goes far past the default 600 a minute); default: \`npm run serve\`
                    started on a fresh file, with the request limit off
  --admin-token T   its admin token (default: ADMIN_TOKEN from the environment)
  --wrangler        start \`wrangler dev\` on a fresh local D1 and load it instead
  --duration S      seconds per scenario (default ${defaultSettings.durationSeconds})
  --clients N       closed-loop clients browsing and reviewing (default ${defaultSettings.clients})
  --rate N          statement uploads per second (default ${defaultSettings.importsPerSecond})
  --tenants N       companies to spread the load over (default ${defaultSettings.tenants})
  --rows N          rows per uploaded statement (default ${defaultSettings.rowsPerImport})
  --out DIR         where the JSON reports go (default reports/loadtest)
  --help            show this

Exit status: 0 when every threshold held and the books checked out; 1 when not
(each is listed) or the host could not be used; 2 for a usage mistake.`;

export interface LoadArgs {
  /** Empty with --scenario storm. */
  scenarios: ScenarioName[];
  storm: boolean;
  url: string | null;
  adminToken: string | null;
  wrangler: boolean;
  settings: LoadSettings;
  out: string;
}

function bounded(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  const value = numberFlag(name, text, fallback, true);
  if (value < min || value > max) throw new UsageError(`--${name} must be from ${min} to ${max}, not ${value}`);
  return value;
}

export function parseLoadArgs(args: readonly string[], cwd: string, env: Record<string, string | undefined>): LoadArgs | "help" {
  const values = parseFlags(args, {
    scenario: { type: "string" },
    url: { type: "string" },
    "admin-token": { type: "string" },
    wrangler: { type: "boolean" },
    duration: { type: "string" },
    clients: { type: "string" },
    rate: { type: "string" },
    tenants: { type: "string" },
    rows: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const scenario = values.scenario ?? "all";
  if (scenario !== "all" && scenario !== "storm" && !(scenarioNames as readonly string[]).includes(scenario)) throw new UsageError(`--scenario is ${scenarioNames.join(", ")}, all or storm, not ${JSON.stringify(scenario)}`);
  if (values.url !== undefined && values.wrangler === true) throw new UsageError("--url loads a running host; --wrangler starts one: choose one");
  let url: string | null = null;
  if (values.url !== undefined) {
    if (!/^https?:\/\/[^/?#]+\/?$/.test(values.url)) throw new UsageError(`--url is a host's root, such as http://127.0.0.1:8787, not ${JSON.stringify(values.url)}`);
    url = values.url.replace(/\/$/, "");
  }
  const adminToken = values["admin-token"] ?? env.ADMIN_TOKEN ?? null;
  if (url !== null && (adminToken === null || adminToken === "")) throw new UsageError("--url needs the host's admin token: --admin-token, or ADMIN_TOKEN in the environment");
  if (url === null && values["admin-token"] !== undefined) throw new UsageError("--admin-token goes with --url; a host this command starts has its own");
  return {
    scenarios: scenario === "all" ? [...scenarioNames] : scenario === "storm" ? [] : [scenario as ScenarioName],
    storm: scenario === "storm",
    url,
    adminToken: url === null ? null : adminToken,
    wrangler: values.wrangler === true,
    settings: {
      durationSeconds: bounded("duration", values.duration, defaultSettings.durationSeconds, 1, 3600),
      clients: bounded("clients", values.clients, defaultSettings.clients, 1, 1000),
      importsPerSecond: bounded("rate", values.rate, defaultSettings.importsPerSecond, 1, 1000),
      tenants: bounded("tenants", values.tenants, defaultSettings.tenants, 1, 500),
      rowsPerImport: bounded("rows", values.rows, defaultSettings.rowsPerImport, 1, 10_000),
    },
    out: resolve(cwd, values.out ?? "reports/loadtest"),
  };
}

export interface LoadReport {
  host: string;
  settings: LoadSettings;
  scenario: ScenarioName;
  figures: KindFigures[];
  verdicts: Verdict[];
}

/** The shared progress bar, redrawn each second while a scenario runs; nothing in CI or a pipe. */
function ticker(label: string, seconds: number): () => void {
  if (!drawsProgress(process.stderr)) return () => undefined;
  const draw = progressBar(process.stderr);
  const started = performance.now();
  const state = (): { share: number; counter: string; label: string } => {
    const elapsed = Math.min((performance.now() - started) / 1000, seconds);
    return { share: elapsed / seconds, counter: `${elapsed.toFixed(0)}/${seconds} s`, label };
  };
  const timer = setInterval(() => draw({ ...state(), force: true }), 1000);
  return () => {
    clearInterval(timer);
    draw({ ...state(), done: true });
  };
}

/** The storm's verdict: every upload answered, none with a 5xx. */
async function stormOnly(target: Target, host: string, pid: number | undefined, args: LoadArgs): Promise<{ failed: boolean }> {
  process.stderr.write(`loadtest: ${host}: making ${args.settings.tenants} tenants\n`);
  const tenants = await prepareTenants(target, args.settings.tenants, args.settings.rowsPerImport);
  const stop = ticker("loadtest: storm", args.settings.durationSeconds);
  const storm = await runStorm(target, tenants, { clients: args.settings.clients, durationSeconds: args.settings.durationSeconds, bytes: stormBytes, pid }).finally(stop);
  const serverErrors = Object.entries(storm.byStatus).filter(([status]) => Number(status) >= 500).reduce((sum, [, count]) => sum + count, 0);
  const answers = Object.entries(storm.byStatus).map(([status, count]) => `${count} × ${status}`).join(", ");
  process.stdout.write(`\nstorm (${host}, ${args.settings.durationSeconds} s, ${args.settings.clients} clients, ${stormBytes.toLocaleString("en-US")}-byte uploads)\n`);
  process.stdout.write(`${storm.uploads} uploads answered: ${answers || "none"}; ${storm.unanswered} unanswered; host's peak memory ${storm.peakRssMb === null ? "not known (not a process here)" : `${storm.peakRssMb} MB`}\n`);
  process.stdout.write(`${serverErrors === 0 ? "✓" : "✗"} no 5xx (${serverErrors})\n${storm.unanswered === 0 ? "✓" : "✗"} every upload answered (${storm.unanswered} not)\n`);
  await mkdir(args.out, { recursive: true });
  await writeFile(join(args.out, "autocannon-storm.json"), `${JSON.stringify({ host, settings: args.settings, bytes: stormBytes, ...storm }, null, 2)}\n`);
  return { failed: serverErrors > 0 || storm.unanswered > 0 };
}

/** The default import limit, less a little: each upload is as large as the host takes. */
const stormBytes = 10 * 1024 * 1024 - 1024;

async function runAll(target: Target, host: string, args: LoadArgs): Promise<{ failed: boolean }> {
  process.stderr.write(`loadtest: ${host}: making ${args.settings.tenants} tenants\n`);
  const tenants = await prepareTenants(target, args.settings.tenants, args.settings.rowsPerImport);
  const state: RunState = { tenants, uploads: 0, inserted: new Map(), turn: 0 };
  await mkdir(args.out, { recursive: true });
  let failed = false;
  for (const scenario of args.scenarios) {
    const stop = ticker(`loadtest: ${scenario}`, args.settings.durationSeconds);
    const figures = await new ScenarioRun(target, state, args.settings).run(scenario).finally(stop);
    const judged = verdicts(figures);
    failed ||= judged.some((verdict) => !verdict.passed);
    process.stdout.write(`\n${scenario} (${host}, ${args.settings.durationSeconds} s)\n${figuresTable(figures)}\n${verdictLines(judged)}\n`);
    const report: LoadReport = { host, settings: args.settings, scenario, figures, verdicts: judged };
    await writeFile(join(args.out, `autocannon-${scenario}.json`), `${JSON.stringify(report, null, 2)}\n`);
  }
  await waitForQuiet(target, tenants);
  const books = await checkBooks(target, tenants, state.inserted);
  const wrong = books.filter((check) => !booksHold(check));
  const rows = books.reduce((sum, check) => sum + check.transactions, 0);
  process.stdout.write(`\nBooks: ${books.length - wrong.length} of ${books.length} tenants balanced and holding exactly the rows their import reports inserted (${rows.toLocaleString("en-US")} in all).\n`);
  for (const check of wrong) {
    process.stdout.write(`  ✗ ${check.tenant}: ${check.balanced ? "balanced" : "NOT balanced"}; ${check.transactions} transactions listed (${check.listedTwice} of them twice), the import reports say ${check.reported} rows inserted, the answers read ${check.answered}\n`);
  }
  return { failed: failed || wrong.length > 0 };
}

export async function main(args: readonly string[]): Promise<number> {
  const outcome = parseOrExplain("loadtest", usage, () => parseLoadArgs(args, process.env.INIT_CWD ?? process.cwd(), process.env));
  if ("exitCode" in outcome) return outcome.exitCode;
  const parsed = outcome.parsed;
  try {
    const run = (target: Target, host: string, pid?: number): Promise<{ failed: boolean }> => (parsed.storm ? stormOnly(target, host, pid, parsed) : runAll(target, host, parsed));
    let result: { failed: boolean };
    if (parsed.url !== null) result = await run({ url: parsed.url, adminToken: parsed.adminToken ?? "" }, parsed.url);
    else if (parsed.wrangler) result = await withWranglerDev((dev) => run(dev, "wrangler dev + local D1"));
    else result = await withNodeServer((server) => run(server, "embedded (npm run serve, Node + libSQL)", server.pid));
    if (result.failed) process.stderr.write("loadtest: a threshold or a books check failed (marked ✗ above)\n");
    return result.failed ? 1 : 0;
  } catch (error) {
    // The host refused or could not be reached (pilot/client.ts says which), or could not be started.
    const known = [ApiHttpError, ApiAnswerError, ApiConnectionError].some((kind) => error instanceof kind);
    if (error instanceof Error && (known || /exited with|did not answer/.test(error.message))) {
      process.stderr.write(`loadtest: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// Run only as a program: importing parseLoadArgs from here must not start a run.
if (import.meta.filename === resolve(process.argv[1] ?? "")) process.exitCode = await main(process.argv.slice(2));
