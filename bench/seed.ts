/**
 * The simulated-companies generator, measured: everything `npm run seed`
 * produces for N transactions, in memory; and, on request, the same written
 * to disk next to the filesystem's own floor for the very same files.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { defaultSeedOptions, generateDataset, truthReceiptLine, truthTransactionLine, type DatasetManifest, type SeedOptions } from "../seed/dataset.ts";
import { receiptText } from "../seed/receipts.ts";
import { writeDataset } from "../seed/write.ts";

const defaultTransactions = 1702;

export function optionsFor(transactions: number): SeedOptions {
  return { ...defaultSeedOptions, scale: transactions / defaultTransactions };
}

export interface Generated {
  transactions: number;
  receipts: number;
  bytes: number;
  ms: number;
}

/** Statements, truth lines and receipt texts, produced and dropped company by company, as the CLI does. */
export function generateInMemory(transactionsWanted: number): Generated {
  const started = performance.now();
  const { plans, generate } = generateDataset(optionsFor(transactionsWanted));
  let transactions = 0;
  let receipts = 0;
  let bytes = 0;
  for (const plan of plans) {
    const company = generate(plan);
    transactions += company.transactions.length;
    receipts += company.receipts.length;
    for (const statement of company.statements) bytes += statement.bytes.length;
    // Text is counted in characters (nearly all ASCII, so about its bytes): encoding it to count would be timed too.
    for (const receipt of company.receipts) bytes += receiptText(receipt).length;
    for (let i = 0; i < company.transactions.length; i++) bytes += truthTransactionLine(company, i).length + 1;
    for (let i = 0; i < company.receipts.length; i++) bytes += truthReceiptLine(company, i).length + 1;
  }
  return { transactions, receipts, bytes, ms: performance.now() - started };
}

/** Every file the dataset holds: the receipts by the names their truth gives (.txt, .pdf or .png). */
async function filesOf(root: string, manifest: DatasetManifest): Promise<string[]> {
  const files = ["companies.json"];
  for (const company of manifest.companies) {
    files.push(`${company.slug}/truth/transactions.jsonl`, `${company.slug}/truth/receipts.jsonl`);
    for (const account of company.bankAccounts) files.push(...account.files.map((f) => `${company.slug}/${f}`));
    const receipts = (await readFile(join(root, company.slug, "truth", "receipts.jsonl"), "utf8")).split("\n").filter((line) => line !== "");
    for (const line of receipts) files.push(`${company.slug}/${(JSON.parse(line) as { file: string }).file}`);
  }
  return files;
}

/** The peer for the disk: the same files, already in memory, written with the same concurrency. */
async function writeSameFiles(from: string, to: string, files: readonly string[]): Promise<number> {
  const contents: Buffer[] = [];
  for (const file of files) contents.push(await readFile(join(from, file)));
  const started = performance.now();
  for (const folder of new Set(files.map((f) => dirname(join(to, f))))) await mkdir(folder, { recursive: true });
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < files.length) {
        const index = next++;
        await writeFile(join(to, files[index] as string), contents[index] as Buffer);
      }
    }),
  );
  return performance.now() - started;
}

export async function benchDisk(transactions: number): Promise<{ writeMs: number; floorMs: number }> {
  const scratch = await mkdtemp(join(tmpdir(), "bench-seed-"));
  try {
    const started = performance.now();
    const manifest = await writeDataset(optionsFor(transactions), join(scratch, "out"));
    const writeMs = performance.now() - started;
    const floorMs = await writeSameFiles(join(scratch, "out"), join(scratch, "floor"), await filesOf(join(scratch, "out"), manifest));
    return { writeMs, floorMs };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
