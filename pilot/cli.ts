/**
 * npm run pilot -- [--data DIR] [--url URL] [--out reports] [--seed 42]
 *
 * The project's main job: book the simulated companies over HTTP and say,
 * company by company, how well it went. A thin shell around runPilot: parse
 * the flags, find the data and the host, show progress, write and print the
 * metrics, and exit non-zero when the books break an invariant.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the paths are the --out folder the user chose and a temporary folder of our own */
import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { defaultSeedOptions, generateDataset, validateSeedOptions, type SeedOptions } from "../seed/dataset.ts";
import { numberFlag, parseFlags, parseOrExplain, UsageError } from "../seed/flags.ts";
import { drawsProgress, progressBar } from "../seed/terminal.ts";
import { startNodeHost, type RunningNodeHost } from "../src/node/host.ts";
import { connectionFailureReason, ApiAnswerError, ApiConnectionError, ApiHttpError, ApiInterrupted, urlTarget, type ApiTarget } from "../client/http.ts";
import { pilotCompanyFromGenerated, type PilotCompany } from "./company.ts";
import { llmSettingsFrom, LlmSettingsError, type LlmEnvironment } from "../src/categorize/llm/config.ts";
import { DataFolderError, openDataFolder } from "./data-dir.ts";
import { pilotPassed, runPilot, type PilotProgress, type PilotReport } from "./run.ts";
import { llmSummary, metricsTable, receiptSummary, trainingSummary } from "./table.ts";

const usage = `Usage: npm run pilot -- [options]

Books the simulated companies over HTTP, month by month, and reports per company
how much each tier decided, how accurately, what went to review, and whether
the books balance.

  --data DIR       book a dataset written by \`npm run seed\` (default: generate one in memory)
  --seed N         generator seed, a whole number (default ${defaultSeedOptions.seed}; not with --data)
  --companies N    companies to generate, 1-500 (default ${defaultSeedOptions.companies}; not with --data)
  --months N       months of statements to generate, 1-120 (default ${defaultSeedOptions.months}; not with --data)
  --new-vendors-after N
                   after N months, every vendor is new to its company; 0 from the
                   first month (not with --data)
  --url URL        a running host, such as http://127.0.0.1:8787 from \`npm run dev\`,
                   with ADMIN_TOKEN in the environment (default: start the embedded
                   Node host in this process on a fresh libSQL file); start it with
                   RATE_LIMIT_PER_MINUTE=0, as the pilot drives one key far past
                   the default 600 requests a minute
  --bookkeeper on|off
                   on (default): after each month, a simulated bookkeeper accepts
                   or corrects what the truth says is undecided or wrong, through
                   the API, and the books learn from it; off: nobody corrects
  --llm mock|openai|anthropic|off
                   the LLM tier of the embedded host (default mock: offline and
                   deterministic); openai speaks Chat Completions to any server
                   (OpenAI, Ollama, vLLM, a stand-in), with LLM_API_KEY from the
                   environment (not with --url: a running host has its own)
  --llm-url URL    the provider's base URL, e.g. http://127.0.0.1:11434/v1
  --llm-model NAME the model to ask (needed for openai and anthropic)
  --out DIR        where simulation_metrics.json and training/<company>.jsonl go (default reports)
  --help           show this

Exit status: 0 when every company's books held; 1 when any check failed (they
are listed), or the data, the host or --out could not be used; 2 for a usage
mistake; 130 (Ctrl-C) or 143 (SIGTERM) when stopped, with nothing written.`;

export interface PilotArgs {
  data: string | null;
  url: string | null;
  out: string;
  bookkeeper: boolean;
  /** The embedded host's LLM tier, as LLM_* variables would set it; null with --url. */
  llm: LlmEnvironment | null;
  seedOptions: SeedOptions;
}

export function parsePilotArgs(args: readonly string[], cwd: string): PilotArgs | "help" {
  const values = parseFlags(args, {
    data: { type: "string" },
    url: { type: "string" },
    out: { type: "string" },
    seed: { type: "string" },
    companies: { type: "string" },
    months: { type: "string" },
    "new-vendors-after": { type: "string" },
    bookkeeper: { type: "string" },
    llm: { type: "string" },
    "llm-url": { type: "string" },
    "llm-model": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.bookkeeper !== undefined && values.bookkeeper !== "on" && values.bookkeeper !== "off") {
    throw new UsageError(`--bookkeeper is on or off, not ${JSON.stringify(values.bookkeeper)}`);
  }
  if (values.help) return "help";
  if (values.data !== undefined) {
    for (const generatorOnly of ["seed", "companies", "months", "new-vendors-after"] as const) {
      if (values[generatorOnly] !== undefined) throw new UsageError(`--${generatorOnly} describes generated data; --data books a folder as it is`);
    }
    if (values.data === "") throw new UsageError("--data needs a folder");
  }
  if (values.out === "") throw new UsageError("--out needs a folder");
  let url: string | null = null;
  if (values.url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(values.url);
    } catch {
      throw new UsageError(`--url must be a URL such as http://127.0.0.1:8787, not ${JSON.stringify(values.url)}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError(`--url must start with http:// or https://, not ${parsed.protocol}`);
    // The API's paths are appended to the URL; a query or fragment would end up in the middle of them.
    if (parsed.search !== "" || parsed.hash !== "") throw new UsageError(`--url is where the API lives, without ?query or #fragment: ${JSON.stringify(values.url)}`);
    url = parsed.href;
  }
  const seedOptions: SeedOptions = {
    ...defaultSeedOptions,
    seed: numberFlag("seed", values.seed, defaultSeedOptions.seed, true),
    companies: numberFlag("companies", values.companies, defaultSeedOptions.companies, true),
    months: numberFlag("months", values.months, defaultSeedOptions.months, true),
    newVendorsAfter: values["new-vendors-after"] === undefined ? null : numberFlag("new-vendors-after", values["new-vendors-after"], 0, true),
  };
  validateSeedOptions(seedOptions);
  const llm = llmFlags(values.llm, values["llm-url"], values["llm-model"], url !== null);
  return {
    data: values.data === undefined ? null : resolve(cwd, values.data),
    url,
    out: resolve(cwd, values.out ?? "reports"),
    bookkeeper: values.bookkeeper !== "off",
    llm,
    seedOptions,
  };
}

/** The LLM flags as the LLM_* settings they stand for; refused with --url, where the running host's own settings apply. */
function llmFlags(provider: string | undefined, url: string | undefined, model: string | undefined, remote: boolean): LlmEnvironment | null {
  if (remote) {
    if (provider !== undefined || url !== undefined || model !== undefined) throw new UsageError("--llm, --llm-url and --llm-model set up the embedded host; a host at --url uses its own LLM_* settings");
    return null;
  }
  if (provider !== undefined && !["mock", "openai", "anthropic", "off"].includes(provider)) throw new UsageError(`--llm is mock, openai, anthropic or off, not ${JSON.stringify(provider)}`);
  if (!["openai", "anthropic"].includes(provider ?? "mock") && (url !== undefined || model !== undefined)) throw new UsageError("--llm-url and --llm-model go with --llm openai or --llm anthropic");
  const environment: LlmEnvironment = { LLM_PROVIDER: provider ?? "mock", LLM_BASE_URL: url, LLM_MODEL: model, LLM_API_KEY: process.env.LLM_API_KEY };
  try {
    llmSettingsFrom(environment, { fetch });
  } catch (error) {
    if (error instanceof LlmSettingsError) throw new UsageError(error.message.replace("LLM_PROVIDER=", "--llm ").replace("LLM_MODEL", "--llm-model").replace("LLM_BASE_URL", "--llm-url"));
    throw error;
  }
  return environment;
}

/** Where the companies come from: a folder, or the generator, one company at a time either way. */
async function companySources(args: PilotArgs): Promise<{ seed: number | null; loaders: (() => Promise<PilotCompany> | PilotCompany)[] }> {
  if (args.data !== null) {
    const folder = await openDataFolder(args.data);
    return { seed: folder.seed, loaders: folder.companies.map((company) => () => folder.load(company)) };
  }
  const { plans, generate } = generateDataset(args.seedOptions);
  return { seed: args.seedOptions.seed, loaders: plans.map((plan) => () => pilotCompanyFromGenerated(generate(plan))) };
}

interface Host {
  target: ApiTarget;
  close(): Promise<void>;
}

/** One request may take this long before the host counts as gone: generous, a large import on D1 takes seconds. */
const requestTimeoutMs = 120_000;

async function embeddedHost(signal: AbortSignal, llm: LlmEnvironment): Promise<Host> {
  const folder = mkdtempSync(join(tmpdir(), "bookkeeper-pilot-"));
  const adminToken = crypto.randomUUID();
  let host: RunningNodeHost;
  try {
    // The pilot drives each company's one key hard, on purpose: no request limit here (a --url host needs RATE_LIMIT_PER_MINUTE=0 too).
    const limits = { requestsPerKeyPerMinute: 0 };
    host = await startNodeHost({ databaseUrl: `file:${join(folder, "pilot.db")}`, adminToken, port: 0, llm: llmSettingsFrom(llm, { fetch: (input, init) => fetch(input, init) }), limits });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    target: { ...urlTarget(host.url, adminToken), name: "embedded (Node + libSQL)", signal, timeoutMs: requestTimeoutMs },
    close: async () => {
      try {
        await host.close();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

class HostError extends Error {}

async function remoteHost(url: string, signal: AbortSignal): Promise<Host> {
  const adminToken = process.env.ADMIN_TOKEN;
  if (adminToken === undefined || adminToken === "") {
    throw new HostError(`--url needs the host's admin token in ADMIN_TOKEN (for \`npm run dev\`, the one in .dev.vars)`);
  }
  const target: ApiTarget = { ...urlTarget(url, adminToken), signal, timeoutMs: requestTimeoutMs };
  try {
    const response = await target.fetch("/health", { method: "GET", signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
    if (!response.ok) throw new HostError(`${url} answered /health with ${response.status}; is it this app?`);
  } catch (error) {
    if (error instanceof HostError) throw error;
    if (signal.aborted) throw new ApiInterrupted("stopped while reaching the host");
    throw new HostError(`cannot reach ${url} (${connectionFailureReason(error)}); start it with \`npm run dev\` or check the address`);
  }
  return { target, close: () => Promise.resolve() };
}

function progressReporter(): (progress: PilotProgress) => void {
  if (drawsProgress(process.stderr)) {
    const draw = progressBar(process.stderr);
    return (progress) => {
      const done = progress.companiesDone === progress.companiesTotal && progress.finished !== undefined;
      const label = progress.finished ? `${progress.company}: booked` : `${progress.company}: file ${progress.uploadsDone}/${progress.uploadsTotal}`;
      draw({ share: progress.share, counter: `${progress.companiesDone}/${progress.companiesTotal}`, label: done ? "done" : label, force: progress.uploadsDone === 0, done });
    };
  }
  return (progress) => {
    const finished = progress.finished;
    if (finished === undefined) return;
    const verdict = finished.failures.length === 0 ? "ok" : `${finished.failures.length} failed checks`;
    process.stderr.write(
      `pilot: ${progress.companiesDone}/${progress.companiesTotal} ${finished.name}: ${finished.transactions.imported} transactions in ` +
        `${(finished.wallMs / 1000).toFixed(2)}s, ${verdict}\n`,
    );
  };
}

class OutputError extends Error {}

/**
 * Made, and proved writable, before booking: a long run must not end on a
 * folder it cannot write. Returns how to take away what it made, for a run
 * that ends with nothing to write.
 */
async function prepareOut(out: string): Promise<() => Promise<void>> {
  let created: string | undefined;
  try {
    created = await mkdir(out, { recursive: true });
    const probe = join(out, `.simulation_metrics.${process.pid}.probe`);
    await writeFile(probe, "");
    await rm(probe);
  } catch (error) {
    throw new OutputError(`cannot write in --out ${out}: ${(error as Error).message}`);
  }
  // mkdir names the first folder it had to make: remove the empty folders from --out up to that one.
  return async () => {
    if (created === undefined) return;
    try {
      for (let folder = out; ; folder = dirname(folder)) {
        await rmdir(folder);
        if (folder === created) break;
      }
    } catch {
      // Not empty after all (someone else wrote there): leave it.
    }
  };
}

/** Written beside, then renamed: a reader never sees half a file. */
async function writeReport(out: string, report: PilotReport): Promise<string> {
  const path = join(out, "simulation_metrics.json");
  const staging = `${path}.${process.pid}.partial`;
  try {
    await writeFile(staging, `${JSON.stringify(report, null, 2)}\n`);
    await rename(staging, path);
  } catch (error) {
    await rm(staging, { force: true });
    throw new OutputError(`cannot write ${path}: ${(error as Error).message}`);
  }
  return path;
}

interface StagedTraining {
  write(slug: string, jsonl: string): Promise<void>;
  /** Replaces --out/training with what this run wrote; answers the folder. */
  keep(): Promise<string>;
  discard(): Promise<void>;
}

/** Each company's training export, written to a staging folder as it comes, and kept only with the run's report. */
async function stageTraining(out: string): Promise<StagedTraining> {
  const folder = join(out, "training");
  const staging = join(out, `.training.${process.pid}.partial`);
  try {
    await mkdir(staging, { recursive: true });
  } catch (error) {
    throw new OutputError(`cannot write in --out ${out}: ${(error as Error).message}`);
  }
  return {
    write: async (slug, jsonl) => {
      await writeFile(join(staging, `${slug}.jsonl`), jsonl);
    },
    keep: async () => {
      await rm(folder, { recursive: true, force: true });
      await rename(staging, folder);
      return folder;
    },
    discard: () => rm(staging, { recursive: true, force: true }),
  };
}

export async function main(args: readonly string[]): Promise<number> {
  const outcome = parseOrExplain("pilot", usage, () => parsePilotArgs(args, process.env.INIT_CWD ?? process.cwd()));
  if ("exitCode" in outcome) return outcome.exitCode;
  const { parsed } = outcome;

  // Ctrl-C (or SIGTERM) aborts the request in flight and ends the run; a second one kills it outright.
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy = signal;
    stop.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const report = progressReporter();
  let host: Host | undefined;
  let undoOut: (() => Promise<void>) | undefined;
  let wrote = false;
  let training: StagedTraining | undefined;
  try {
    undoOut = await prepareOut(parsed.out);
    if (parsed.data !== null) process.stderr.write(`pilot: checking ${parsed.data}\n`);
    const sources = await companySources(parsed);
    host = parsed.url === null ? await embeddedHost(stop.signal, parsed.llm ?? { LLM_PROVIDER: "mock" }) : await remoteHost(parsed.url, stop.signal);
    training = await stageTraining(parsed.out);
    const staged = training;
    const result = await runPilot({
      target: host.target,
      companies: sources.loaders,
      seed: sources.seed,
      bookkeeper: parsed.bookkeeper,
      onTrainingExport: (slug, jsonl) => staged.write(slug, jsonl),
      onProgress: (progress) => {
        if (stop.signal.aborted) throw new ApiInterrupted("stopped");
        report(progress);
      },
    });
    // The table first: a run's findings are shown even if the disk then refuses the file.
    process.stdout.write(`${metricsTable(result)}\n\n${llmSummary(result)}\n\n${receiptSummary(result)}\n\n`);
    const path = await writeReport(parsed.out, result);
    wrote = true;
    const trainingFolder = await training.keep();
    process.stdout.write(`${trainingSummary(result, trainingFolder)}\n`);
    process.stdout.write(`Wrote ${path} (host: ${result.host}, ${(result.totals.wallMs / 1000).toFixed(2)}s).\n`);
    if (pilotPassed(result)) return 0;
    process.stderr.write(`\npilot: the books failed ${result.totals.failures.length} checks:\n${result.totals.failures.map((failure) => `  - ${failure}`).join("\n")}\n`);
    return 1;
  } catch (error) {
    if (drawsProgress(process.stderr)) process.stderr.write("\n");
    if (error instanceof ApiInterrupted || stop.signal.aborted) {
      process.stderr.write("pilot: stopped; no metrics were written\n");
      return stoppedBy === "SIGTERM" ? 143 : 130;
    }
    if (error instanceof ApiHttpError) {
      const hint = error.status === 401 ? " (is ADMIN_TOKEN the host's admin token?)" : "";
      process.stderr.write(`pilot: the host refused a request: ${error.message}${hint}\n`);
      return 1;
    }
    if ([DataFolderError, HostError, OutputError, ApiConnectionError, ApiAnswerError].some((known) => error instanceof known)) {
      process.stderr.write(`pilot: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await host?.close();
    if (!wrote) await training?.discard();
    if (!wrote) await undoOut?.();
  }
}

// Run only as a program: importing parsePilotArgs from here must not start a run.
if (import.meta.filename === resolve(process.argv[1] ?? "")) process.exitCode = await main(process.argv.slice(2));
