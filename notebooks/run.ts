/**
 * npm run notebooks -- [notebook.ipynb ...] [--out reports/notebooks] [--seed N]
 *
 * Executes the notebooks headless, as CI does: registers the Deno kernel
 * from the `deno` npm package, runs each notebook with Debian's
 * jupyter-nbconvert, writes the executed copy and its charts (as PNG files)
 * to --out, and exits non-zero if any cell failed or a notebook drew no chart.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the paths are notebooks the user named and the --out folder they chose */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { numberFlag, parseFlagsAndArguments, parseOrExplain, UsageError } from "../seed/flags.ts";
import { drawsProgress, progressBar } from "../seed/terminal.ts";
import { base64ToBytes } from "../src/shared/base64.ts";
import { chartFileName, chartsAskedOf, chartsOf, errorsOf, type Notebook } from "./executed.ts";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const usage = `Usage: npm run notebooks -- [notebook.ipynb ...] [options]

Executes the notebooks (default: every notebooks/*.ipynb) headless with the Deno
kernel, and writes each executed copy and its charts (PNG) to --out.

  --out DIR        where the executed notebooks go (default reports/notebooks)
  --seed N         the generator seed every notebook uses (default: each notebook's own, 42)
  --timeout S      the longest one cell may run, in seconds (default 900)
  --help           show this

Needs Debian's jupyter-nbconvert and python3-nbclient
(sudo apt-get install -y jupyter-nbconvert python3-nbclient); Deno comes from npm.

Exit status: 0 when every notebook ran and drew a chart; 1 when a cell failed,
a notebook drew no chart, or a tool is missing; 2 for a usage mistake.`;

export interface NotebookArgs {
  notebooks: string[];
  out: string;
  seed: number | null;
  timeoutSeconds: number;
}

export function parseNotebookArgs(args: readonly string[], cwd: string): NotebookArgs | "help" {
  const { values, positionals } = parseFlagsAndArguments(args, {
    out: { type: "string" },
    seed: { type: "string" },
    timeout: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  if (values.out === "") throw new UsageError("--out needs a folder");
  const timeoutSeconds = numberFlag("timeout", values.timeout, 900, true);
  if (timeoutSeconds < 1) throw new UsageError("--timeout must be at least 1 second");
  const seed = values.seed === undefined ? null : numberFlag("seed", values.seed, 0, true);
  if (seed !== null && seed > 4_294_967_295) throw new UsageError(`--seed must be a whole number from 0 to 4294967295, not ${String(seed)}`);
  let notebooks = positionals.map((path) => resolve(cwd, path));
  if (notebooks.length === 0) {
    const folder = join(root, "notebooks");
    notebooks = readdirSync(folder).filter((name) => name.endsWith(".ipynb")).sort().map((name) => join(folder, name));
  }
  for (const path of notebooks) {
    if (!path.endsWith(".ipynb")) throw new UsageError(`${path} is not a notebook (.ipynb)`);
    if (!existsSync(path)) throw new UsageError(`${path} does not exist`);
  }
  return { notebooks, out: resolve(cwd, values.out ?? "reports/notebooks"), seed, timeoutSeconds };
}

class ToolError extends Error {}

/** Deno kernels before 2.9 report a failing cell as ok to a headless executor, so they are refused. */
const minimumDeno = [2, 9] as const;

function denoBinary(): string {
  const deno = join(root, "node_modules", ".bin", "deno");
  const version = spawnSync(deno, ["--version"], { encoding: "utf8" });
  const found = /^deno (\d+)\.(\d+)\.(\d+)/.exec(version.stdout);
  if (version.status !== 0 || found === null) throw new ToolError(`cannot run ${deno}; \`npm ci\` installs Deno from the \`deno\` npm package`);
  const [major, minor] = [Number(found[1]), Number(found[2])];
  if (major < minimumDeno[0] || (major === minimumDeno[0] && minor < minimumDeno[1])) {
    throw new ToolError(`Deno ${found[0].slice(5)} reports failing cells as ok; the notebooks need ${minimumDeno.join(".")} or later (\`npm ci\`)`);
  }
  return deno;
}

function nbconvertCommand(): string[] {
  for (const command of [["jupyter-nbconvert"], ["jupyter", "nbconvert"]]) {
    const [program = "", ...rest] = command;
    if (spawnSync(program, [...rest, "--version"], { encoding: "utf8" }).status === 0) return command;
  }
  throw new ToolError("jupyter-nbconvert is not installed: sudo apt-get install -y jupyter-nbconvert python3-nbclient");
}

/** Registers (or re-points) the kernel named `deno`, which the notebooks ask for, at this checkout's Deno. */
function installKernel(deno: string): void {
  const installed = spawnSync(deno, ["jupyter", "--install", "--force"], { encoding: "utf8" });
  if (installed.status !== 0) throw new ToolError(`deno jupyter --install failed:\n${installed.stderr.trim()}`);
}

interface Outcome {
  name: string;
  seconds: number;
  charts: number;
  /** Empty when the notebook ran and drew at least one chart. */
  problems: string[];
}

function execute(command: readonly string[], path: string, args: NotebookArgs): Promise<{ code: number | null; stderr: string }> {
  const [program = "", ...rest] = command;
  const flags = [
    "--to=notebook",
    "--execute",
    "--ExecutePreprocessor.kernel_name=deno",
    `--ExecutePreprocessor.timeout=${args.timeoutSeconds}`,
    // Run every cell and keep the executed copy, errors and all, for the reader; the errors are judged below.
    "--ExecutePreprocessor.allow_errors=True",
    // A cell's outputs can reach nbclient after its reply on a busy machine; by default it waits 4 s,
    // then goes on without them (a chart silently lost). Wait longer, and fail loudly past that.
    "--ExecutePreprocessor.iopub_timeout=120",
    "--ExecutePreprocessor.raise_on_iopub_timeout=True",
    `--output-dir=${args.out}`,
    `--output=${basename(path, ".ipynb")}`,
  ];
  const env = { ...process.env, ...(args.seed === null ? {} : { BOOKKEEPER_SEED: String(args.seed) }), NO_COLOR: "1" };
  const child = spawn(program, [...rest, ...flags, path], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** One execution: the executed notebook, or why there is none. */
async function executeOnce(command: readonly string[], path: string, args: NotebookArgs): Promise<Notebook | string> {
  const executedPath = join(args.out, `${basename(path, ".ipynb")}.ipynb`);
  await rm(executedPath, { force: true });
  const run = await execute(command, path, args);
  if (run.code !== 0 || !existsSync(executedPath)) return `jupyter-nbconvert exited with ${String(run.code)}:\n${run.stderr.trim().split("\n").slice(-12).join("\n")}`;
  return JSON.parse(await readFile(executedPath, "utf8")) as Notebook;
}

/**
 * Runs a notebook, once more if the kernel lost a chart it was asked to
 * show (Deno's kernel now and then publishes an output after the cell has
 * ended, and nbclient drops it), then judges it and keeps its charts.
 */
async function runOne(command: readonly string[], path: string, args: NotebookArgs): Promise<Outcome> {
  const name = basename(path, ".ipynb");
  const started = performance.now();
  const asked = chartsAskedOf(JSON.parse(await readFile(path, "utf8")) as Notebook);
  let executed = await executeOnce(command, path, args);
  if (typeof executed !== "string" && errorsOf(executed).length === 0 && chartsOf(executed).length < asked) executed = await executeOnce(command, path, args);
  const seconds = (performance.now() - started) / 1000;
  if (typeof executed === "string") return { name, seconds, charts: 0, problems: [executed] };
  const problems = errorsOf(executed).map((error) => `cell ${error.cell}: ${error.name}: ${error.message}`);
  const charts = chartsOf(executed);
  if (charts.length === 0) problems.push("drew no chart");
  else if (charts.length < asked && problems.length === 0) problems.push(`shows ${charts.length} of the ${asked} charts it asks for, twice: the kernel lost the others`);
  const folder = join(args.out, name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await Promise.all(charts.map((chart, index) => writeFile(join(folder, chartFileName(chart, index)), base64ToBytes(chart.png))));
  return { name, seconds, charts: charts.length, problems };
}

function describe(outcome: Outcome, out: string): string {
  const path = join(out, `${outcome.name}.ipynb`);
  const inside = relative(process.cwd(), path);
  const where = inside.startsWith("..") ? path : inside;
  const head = `${outcome.name}: ${outcome.problems.length === 0 ? "ok" : "FAILED"} in ${outcome.seconds.toFixed(1)}s, ${outcome.charts} chart${outcome.charts === 1 ? "" : "s"} (${where})`;
  return [head, ...outcome.problems.map((problem) => `  ${problem.replace(/\n/g, "\n  ")}`)].join("\n");
}

export async function main(args: readonly string[]): Promise<number> {
  const explained = parseOrExplain("notebooks", usage, () => parseNotebookArgs(args, process.env.INIT_CWD ?? process.cwd()));
  if ("exitCode" in explained) return explained.exitCode;
  const parsed = explained.parsed;
  let command: string[];
  try {
    installKernel(denoBinary());
    command = nbconvertCommand();
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    process.stderr.write(`notebooks: ${error.message}\n`);
    return 1;
  }
  await mkdir(parsed.out, { recursive: true });
  const draw = drawsProgress(process.stderr) ? progressBar(process.stderr) : null;
  const outcomes: Outcome[] = [];
  for (const [index, path] of parsed.notebooks.entries()) {
    const name = basename(path, ".ipynb");
    const share = index / parsed.notebooks.length;
    const tick = draw === null ? undefined : setInterval(() => draw({ share, counter: `${index + 1}/${parsed.notebooks.length}`, label: `${name}: running` }), 250);
    try {
      outcomes.push(await runOne(command, path, parsed));
    } finally {
      clearInterval(tick);
    }
    const last = outcomes.at(-1);
    if (draw !== null) process.stderr.write("\r\u001b[2K");
    if (last !== undefined) process.stderr.write(`notebooks: ${index + 1}/${parsed.notebooks.length} ${describe(last, parsed.out)}\n`);
  }
  const failed = outcomes.filter((outcome) => outcome.problems.length > 0);
  if (failed.length === 0) return 0;
  process.stderr.write(`notebooks: ${failed.length} of ${outcomes.length} failed: ${failed.map((outcome) => outcome.name).join(", ")}\n`);
  return 1;
}

// Run only as a program: importing from here must not start a run.
if (import.meta.filename === resolve(process.argv[1] ?? "")) process.exitCode = await main(process.argv.slice(2));
