/**
 * Writes a dataset to disk so that a folder that looks complete is complete:
 * everything goes into a hidden sibling first, companies.json last, and the
 * finished folder is renamed into place. An interrupted run leaves at most
 * that hidden sibling behind, which the next run clears.
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
import { receiptText } from "./receipts.ts";

export interface SeedProgress {
  company: string;
  companiesDone: number;
  companiesTotal: number;
  transactionsDone: number;
  transactionsTotal: number;
}

export class SeedOutputError extends Error {}

const manifestName = "companies.json";

/** Renders each receipt only as it is written, so their text is never all in memory at once. */
function* receiptFiles(root: string, receipts: readonly GeneratedReceipt[]): Generator<readonly [string, string]> {
  for (const receipt of receipts) yield [join(root, receipt.file), receiptText(receipt)];
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

/** Writes files with a bounded number in flight: many small receipts, without one syscall at a time. */
async function writeAll(files: Iterable<readonly [path: string, data: string | Uint8Array]>, inFlight = 32): Promise<void> {
  const iterator = files[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const [path, data] = next.value;
      await writeFile(path, data);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
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
  const staging = join(parent, `.${basename(out)}.partial`);
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging);
  } catch (error) {
    throw new SeedOutputError(`cannot write in ${parent}: ${(error as Error).message}`);
  }

  try {
    const transactionsTotal = plans.reduce((sum, plan) => sum + targetCounts(plan, period).transactions, 0);
    let transactionsDone = 0;
    const manifests: CompanyManifest[] = [];
    for (const [index, plan] of plans.entries()) {
      onProgress({ company: plan.name, companiesDone: index, companiesTotal: plans.length, transactionsDone, transactionsTotal });
      const company = generate(plan);
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
      await writeAll(receiptFiles(root, company.receipts));
      manifests.push(companyManifest(company));
      transactionsDone += company.transactions.length;
    }
    onProgress({ company: "", companiesDone: plans.length, companiesTotal: plans.length, transactionsDone, transactionsTotal });

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
  }
}
