/**
 * npm run seed -- [--seed 42] [--months 12] [--companies 5] [--scale 1] [--out seed/out] [--start 2025-01]
 *
 * A thin shell around writeDataset: parse and check the flags, show progress,
 * print what was written.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { defaultSeedOptions, SeedOptionsError, validateSeedOptions, type SeedOptions } from "./dataset.ts";
import { formatTable, progressBar } from "./terminal.ts";
import { SeedOutputError, writeDataset, type SeedProgress } from "./write.ts";

const usage = `Usage: npm run seed -- [options]

  --seed N        random seed, a whole number (default ${defaultSeedOptions.seed})
  --months N      months of statements, 1-120 (default ${defaultSeedOptions.months})
  --companies N   companies, 1-500; beyond five, more of the five industries (default ${defaultSeedOptions.companies})
  --scale X       multiplies volume, 1-10000; 587.6 gives a million transactions (default ${defaultSeedOptions.scale})
  --start YYYY-MM first month, 2000-01 or later (default ${defaultSeedOptions.start})
  --out DIR       output folder, relative to where you run npm (default seed/out)
  --help          show this`;

class UsageError extends Error {}

function number(name: string, text: string | undefined, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  const wellFormed = integer ? /^\d+$/.test(text) : /^[\d.]+$/.test(text) && Number.isFinite(value);
  if (!wellFormed) throw new UsageError(`--${name} must be ${integer ? "a whole number" : "a number"}, not ${JSON.stringify(text)}`);
  // Past 2^53 a number no longer says what was typed; refuse it in the user's own digits.
  if (!Number.isSafeInteger(Math.trunc(value))) throw new UsageError(`--${name} is too large: ${text}`);
  return value;
}

export function parseSeedArgs(args: readonly string[]): { options: SeedOptions; out: string } | "help" {
  let values;
  let tokens;
  try {
    ({ values, tokens } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      tokens: true,
      options: {
        seed: { type: "string" },
        months: { type: "string" },
        companies: { type: "string" },
        scale: { type: "string" },
        start: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice`);
    seen.add(token.name);
  }
  if (values.help) return "help";
  const options: SeedOptions = {
    seed: number("seed", values.seed, defaultSeedOptions.seed, true),
    months: number("months", values.months, defaultSeedOptions.months, true),
    companies: number("companies", values.companies, defaultSeedOptions.companies, true),
    scale: number("scale", values.scale, defaultSeedOptions.scale, false),
    start: values.start ?? defaultSeedOptions.start,
  };
  validateSeedOptions(options);
  if (values.out === "") throw new UsageError("--out needs a folder");
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const out = values.out === undefined ? resolve(import.meta.dirname, "out") : resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  return { options, out };
}

class Interrupted extends Error {}

export async function main(args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseSeedArgs(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SeedOptionsError) {
      const message = error instanceof SeedOptionsError ? `--${error.message}` : error.message;
      process.stderr.write(`seed: ${message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed === "help") {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const draw = process.stderr.isTTY ? progressBar(process.stderr) : undefined;
  const show = draw
    ? (progress: SeedProgress): void => {
        draw({
          share: progress.share,
          counter: `${progress.companiesDone}/${progress.companiesTotal}`,
          label: progress.phase === "done" ? "done" : `${progress.company}: ${progress.phase}`,
          force: progress.phase === "generating",
          done: progress.phase === "done",
        });
      }
    : (progress: SeedProgress): void => {
        if (progress.phase === "generating") {
          process.stderr.write(`seed: generating ${progress.company} (${progress.companiesDone + 1}/${progress.companiesTotal})\n`);
        }
      };
  // Ctrl-C mid-run stops at the next step of progress, and writeDataset takes its staged files away
  // once no write is in flight: removing them from the signal handler raced those writes.
  let interrupted = false;
  const onProgress = (progress: SeedProgress): void => {
    if (interrupted) throw new Interrupted();
    show(progress);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
    });
  }
  const started = performance.now();
  try {
    const manifest = await writeDataset(parsed.options, parsed.out, onProgress);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const rows = manifest.companies.map((c) => [c.name, c.industry, String(c.counts.transactions), String(c.counts.receipts)]);
    rows.push(["total", "", String(manifest.totals.transactions), String(manifest.totals.receipts)]);
    const table = formatTable(["company", "industry", "transactions", "receipts"], rows, (column) => column >= 2);
    process.stdout.write(`${table}\n\nWrote ${parsed.out} in ${seconds}s (seed ${parsed.options.seed}).\n`);
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      process.stderr.write(`\nseed: interrupted; nothing was written to ${parsed.out}\n`);
      return 130;
    }
    if (error instanceof SeedOutputError) {
      process.stderr.write(`seed: ${error.message}\n`);
      return 1;
    }
    // The disk's own refusals (full, read-only, gone) are the user's to fix, not a bug: say them plainly.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("E")) {
      process.stderr.write(`seed: could not write ${parsed.out}: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

// Run only as a program: importing parseSeedArgs from here must not start a run.
if (import.meta.filename === resolve(process.argv[1] ?? "")) process.exitCode = await main(process.argv.slice(2));
