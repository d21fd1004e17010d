/**
 * `npm run pilot` as a child process, for a notebook (or any script) that
 * wants the run exactly as a user gets it: the same program, flags and
 * output, then its simulation_metrics.json. It checks that the report's
 * table is the table the run printed, so what a notebook charts from the
 * file is what the terminal showed.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the paths are this checkout's and the caller's --out */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PilotReport } from "./run.ts";
import { metricsTable } from "./table.ts";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export interface PilotProcessOptions {
  /** Where simulation_metrics.json and training/ go. */
  out: string;
  seed?: number;
  companies?: number;
  months?: number;
  newVendorsAfter?: number;
  bookkeeper?: boolean;
  /** Each line the run writes to stderr as it goes: its progress, one line per company. */
  onProgress?: (line: string) => void;
}

export interface PilotProcessResult {
  /** What the run printed: the table and the lines under it. */
  stdout: string;
  report: PilotReport;
  trainingFolder: string;
}

export class PilotProcessError extends Error {}

/** The pilot's flags for these options: only those set, so the CLI's defaults stay its own. */
export function pilotFlags(options: PilotProcessOptions): string[] {
  const flags = ["--out", options.out];
  const numbers = { seed: options.seed, companies: options.companies, months: options.months, "new-vendors-after": options.newVendorsAfter };
  for (const [flag, value] of Object.entries(numbers)) if (value !== undefined) flags.push(`--${flag}`, String(value));
  if (options.bookkeeper !== undefined) flags.push("--bookkeeper", options.bookkeeper ? "on" : "off");
  return flags;
}

/** The project's own Node (a devDependency), which runs TypeScript as the npm scripts do; under Deno, process.execPath is Deno. */
function nodeBinary(): string {
  const pinned = join(root, "node_modules", ".bin", "node");
  return existsSync(pinned) ? pinned : "node";
}

export async function runPilotProcess(given: PilotProcessOptions): Promise<PilotProcessResult> {
  // From where the caller stands: the CLI would read a relative --out from where npm was typed.
  const options = { ...given, out: resolve(given.out) };
  const child = spawn(nodeBinary(), ["--disable-warning=ExperimentalWarning", join(root, "pilot", "cli.ts"), ...pilotFlags(options)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) options.onProgress?.(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new PilotProcessError(`npm run pilot -- ${pilotFlags(options).join(" ")} exited with ${String(code)}:\n${stderr.trim()}`);
  const report = JSON.parse(await readFile(join(options.out, "simulation_metrics.json"), "utf8")) as PilotReport;
  if (!stdout.includes(metricsTable(report))) throw new PilotProcessError("simulation_metrics.json does not hold the figures the run printed");
  return { stdout, report, trainingFolder: join(options.out, "training") };
}
