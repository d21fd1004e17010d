/**
 * Writes a dataset to disk so that a folder that looks complete is complete:
 * everything goes into a hidden sibling first, companies.json last, and the
 * finished folder is renamed into place (the old one moved aside, then
 * removed). A lock file beside the output keeps two runs from writing the
 * same folder. A run killed outright can leave hidden `.<out>.partial`,
 * `.previous` or `.lock` siblings, which the next run clears; Ctrl-C in the
 * CLI removes them itself.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- every path is under the --out folder the user chose; writing there is this module's job */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import {
  companyManifest,
  datasetManifest,
  generateDataset,
  truthReceiptLine,
  truthTransactionLine,
  type CompanyManifest,
  type DatasetManifest,
  type SeedOptions,
} from "./dataset.ts";
import { targetCounts } from "./generate.ts";
import type { GeneratedReceipt } from "./model.ts";
import { receiptFile } from "./receipts.ts";

export interface SeedProgress {
  /** The company being worked on; "" once all are written. */
  company: string;
  phase: "generating" | "writing statements" | "writing receipts" | "done";
  companiesDone: number;
  companiesTotal: number;
  /** Of the whole run, 0 to 1, weighted by each company's volume. */
  share: number;
}

/** How a company's time splits between making it and writing it, for the progress bar. */
const progressWeights = { generating: 0.45, statements: 0.15, receipts: 0.4 } as const;
const receiptsPerProgressReport = 2000;

export class SeedOutputError extends Error {}

const manifestName = "companies.json";

/** A file's contents, or their rendering under way. */
type FileData = string | Uint8Array;
type FileEntry = readonly [path: string, data: FileData | Promise<FileData>];

/**
 * Renders each receipt (its text, PDF or photo) only as it is pulled to be
 * written, so no more of them are in memory at once than writes in flight.
 */
function* receiptFiles(root: string, receipts: readonly GeneratedReceipt[], onEvery: (written: number) => void): Generator<FileEntry> {
  for (const [index, receipt] of receipts.entries()) {
    if (index > 0 && index % receiptsPerProgressReport === 0) onEvery(index);
    yield [join(root, receipt.file), receiptFile(receipt)];
  }
}

/** Where a run stages its output before renaming it into place; the CLI removes it if interrupted. */
function stagingFolderFor(outDir: string): string {
  const out = resolve(outDir);
  return join(dirname(out), `.${basename(out)}.partial`);
}

function lockFileFor(outDir: string): string {
  const out = resolve(outDir);
  return join(dirname(out), `.${basename(out)}.lock`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the output's lock, or says who holds it. A lock whose process is gone is taken over. */
async function lock(out: string): Promise<() => Promise<void>> {
  const path = lockFileFor(out);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: "wx" });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new SeedOutputError(`cannot write in ${dirname(out)}: ${(error as Error).message}`);
      const holder = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new SeedOutputError(`another run (pid ${holder}) is writing ${out}; wait for it to finish, or remove ${path} if it is gone`);
      }
      await rm(path, { force: true });
    }
  }
  throw new SeedOutputError(`cannot take the lock ${path}`);
}

/** Refuses to replace anything but an earlier generator output (or an empty folder). */
async function checkReplaceable(out: string): Promise<void> {
  let entries: string[];
  try {
    if (!(await stat(out)).isDirectory()) throw new SeedOutputError(`${out} exists and is not a folder`);
    entries = await readdir(out);
  } catch (error) {
    if (error instanceof SeedOutputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new SeedOutputError(`cannot create ${out}: part of that path is a file, not a folder`);
    throw new SeedOutputError(`cannot read ${out}: ${(error as Error).message}`);
  }
  if (entries.length === 0) return;
  try {
    const manifest = JSON.parse(await readFile(join(out, manifestName), "utf8")) as Partial<DatasetManifest>;
    if (manifest.generator === "ai-bookkeeper-seed") return;
  } catch {
    // Falls through to the refusal below.
  }
  throw new SeedOutputError(`${out} is not empty and was not written by this generator (no ${manifestName}); choose another --out or remove it`);
}

/**
 * Writes files with a bounded number in flight: many small receipts, without
 * one syscall at a time. A file whose contents are still being rendered is
 * waited for by the worker that pulled it, so rendering is bounded the same
 * way. On a failure (a full disk, a rendering that failed, or progress
 * reporting an interruption) every write in flight is let finish before this
 * rejects, so the caller's clean-up never races a write into the folder it
 * removes.
 */
async function writeAll(files: Iterable<FileEntry>, inFlight = 32): Promise<void> {
  const iterator = files[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    try {
      for (let next = iterator.next(); !next.done && failure === undefined; next = iterator.next()) {
        const [path, data] = next.value;
        await writeFile(path, await data);
      }
    } catch (error) {
      failure ??= { error };
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  if (failure !== undefined) throw failure.error;
}

export async function writeDataset(
  options: SeedOptions,
  outDir: string,
  onProgress: (progress: SeedProgress) => void = () => undefined,
): Promise<DatasetManifest> {
  const out = resolve(outDir);
  const { plans, generate, period } = generateDataset(options);
  await checkReplaceable(out);

  const parent = dirname(out);
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw new SeedOutputError(`cannot create ${parent}: ${(error as Error).message}`);
  }
  const unlock = await lock(out);
  const staging = stagingFolderFor(out);
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
  } catch (error) {
    await unlock();
    throw new SeedOutputError(`cannot write in ${parent}: ${(error as Error).message}`);
  }

  try {
    const volumes = plans.map((plan) => Math.max(1, targetCounts(plan, period).transactions));
    const volumeTotal = volumes.reduce((sum, v) => sum + v, 0);
    let volumeDone = 0;
    const manifests: CompanyManifest[] = [];
    for (const [index, plan] of plans.entries()) {
      const volume = volumes[index] ?? 1;
      const report = (phase: SeedProgress["phase"], withinCompany: number): void =>
        onProgress({
          company: plan.name,
          phase,
          companiesDone: index,
          companiesTotal: plans.length,
          share: (volumeDone + volume * withinCompany) / volumeTotal,
        });
      report("generating", 0);
      const company = generate(plan);
      report("writing statements", progressWeights.generating);
      const root = join(staging, company.slug);
      const folders = new Set([join(root, "truth"), join(root, "receipts"), ...company.accounts.map((a) => join(root, "statements", a.slug))]);
      for (const folder of folders) await mkdir(folder, { recursive: true });

      const truthTransactions = company.transactions.map((_, i) => truthTransactionLine(company, i)).join("\n");
      const truthReceipts = company.receipts.map((_, i) => truthReceiptLine(company, i)).join("\n");
      await writeAll([
        [join(root, "truth", "transactions.jsonl"), truthTransactions === "" ? "" : `${truthTransactions}\n`],
        [join(root, "truth", "receipts.jsonl"), truthReceipts === "" ? "" : `${truthReceipts}\n`],
        ...company.statements.map((s) => [join(root, s.path), s.bytes] as const),
      ]);
      const receiptsStart = progressWeights.generating + progressWeights.statements;
      report("writing receipts", receiptsStart);
      await writeAll(
        receiptFiles(root, company.receipts, (written) =>
          report("writing receipts", receiptsStart + (progressWeights.receipts * written) / company.receipts.length),
        ),
      );
      manifests.push(companyManifest(company));
      volumeDone += volume;
    }
    onProgress({ company: "", phase: "done", companiesDone: plans.length, companiesTotal: plans.length, share: 1 });

    const manifest = datasetManifest(options, manifests);
    await writeFile(join(staging, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);

    const previous = join(parent, `.${basename(out)}.previous`);
    await rm(previous, { recursive: true, force: true });
    let hadPrevious = true;
    try {
      await rename(out, previous);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      hadPrevious = false;
    }
    await rename(staging, out);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
    return manifest;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await unlock();
  }
}
