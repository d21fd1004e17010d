/**
 * npm run seed -- [--seed 42] [--months 12] [--companies 5] [--scale 1] [--out seed/out] [--start 2025-01]
 *
 * A thin shell around writeDataset: parse and check the flags, show progress,
 * print what was written.
 */
import { resolve } from "node:path";
import { defaultSeedOptions, validateSeedOptions, type SeedOptions } from "./dataset.ts";
import { numberFlag, parseFlags, parseOrExplain, UsageError } from "./flags.ts";
import { drawsProgress, formatTable, progressBar } from "./terminal.ts";
import { SeedOutputError, writeDataset, type SeedProgress } from "./write.ts";

const usage = `Usage: npm run seed -- [options]

  --seed N        random seed, a whole number (default ${defaultSeedOptions.seed})
  --months N      months of statements, 1-120 (default ${defaultSeedOptions.months})
  --companies N   companies, 1-500; beyond five, more of the five industries (default ${defaultSeedOptions.companies})
  --scale X       multiplies volume, 1-10000; 587.6 gives a million transactions (default ${defaultSeedOptions.scale})
  --start YYYY-MM first month, 2000-01 or later (default ${defaultSeedOptions.start})
  --new-vendors-after N
                  after N months, every vendor is one the company never saw
                  before (the same business under new names): to measure what
                  the books learned, not what they memorized; 0 from the first
                  month, a company no rule pack knows (default: off)
  --out DIR       output folder, relative to where you run npm (default seed/out)
  --help          show this`;

export function parseSeedArgs(args: readonly string[]): { options: SeedOptions; out: string } | "help" {
  const values = parseFlags(args, {
    seed: { type: "string" },
    months: { type: "string" },
    companies: { type: "string" },
    scale: { type: "string" },
    start: { type: "string" },
    "new-vendors-after": { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return "help";
  const options: SeedOptions = {
    seed: numberFlag("seed", values.seed, defaultSeedOptions.seed, true),
    months: numberFlag("months", values.months, defaultSeedOptions.months, true),
    companies: numberFlag("companies", values.companies, defaultSeedOptions.companies, true),
    scale: numberFlag("scale", values.scale, defaultSeedOptions.scale, false),
    start: values.start ?? defaultSeedOptions.start,
    newVendorsAfter: values["new-vendors-after"] === undefined ? null : numberFlag("new-vendors-after", values["new-vendors-after"], 0, true),
  };
  validateSeedOptions(options);
  if (values.out === "") throw new UsageError("--out needs a folder");
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  const out = values.out === undefined ? resolve(import.meta.dirname, "out") : resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  return { options, out };
}

class Interrupted extends Error {}

export async function main(args: readonly string[]): Promise<number> {
  const outcome = parseOrExplain("seed", usage, () => parseSeedArgs(args));
  if ("exitCode" in outcome) return outcome.exitCode;
  const { parsed } = outcome;
  const draw = drawsProgress(process.stderr) ? progressBar(process.stderr) : undefined;
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
