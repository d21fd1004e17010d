/**
 * Reads a folder written by `npm run seed` into the companies the pilot books:
 * companies.json says what is there, each company's statements are its bank
 * files, and truth/transactions.jsonl is what they should give.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- every path is under the --data folder the user named */
import { readFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { CompanyManifest, DatasetManifest } from "../seed/dataset.ts";
import type { BankAccountKind, PilotCompany, TruthTransaction } from "./company.ts";

export class DataFolderError extends Error {}

const bankAccountKinds: readonly string[] = ["checking", "savings", "credit_card"] satisfies BankAccountKind[];

async function readOrExplain(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "it does not exist" : (error as Error).message;
    throw new DataFolderError(`cannot read ${what} ${path}: ${why}`);
  }
}

export interface DataFolder {
  seed: number | null;
  companies: CompanyManifest[];
  load(company: CompanyManifest): Promise<PilotCompany>;
}

export async function openDataFolder(folder: string): Promise<DataFolder> {
  const root = resolve(folder);
  const manifestPath = join(root, "companies.json");
  let manifest: Partial<DatasetManifest>;
  try {
    manifest = JSON.parse((await readOrExplain(manifestPath, "the dataset's manifest")).toString("utf8")) as Partial<DatasetManifest>;
  } catch (error) {
    if (error instanceof DataFolderError) throw new DataFolderError(`${error.message} (is ${root} a folder written by \`npm run seed\`?)`);
    throw new DataFolderError(`${manifestPath} is not valid JSON: ${(error as Error).message}`);
  }
  if (manifest.generator !== "ai-bookkeeper-seed" || !Array.isArray(manifest.companies)) {
    throw new DataFolderError(`${manifestPath} was not written by \`npm run seed\` (no "generator": "ai-bookkeeper-seed" with a list of companies)`);
  }
  if (manifest.companies.length === 0) throw new DataFolderError(`${manifestPath} lists no companies`);
  return {
    seed: typeof manifest.options?.seed === "number" ? manifest.options.seed : null,
    companies: manifest.companies,
    load: (company) => loadCompany(root, company),
  };
}

function truthLine(line: string, path: string, number: number): TruthTransaction {
  const fail = (why: string): never => {
    throw new DataFolderError(`${path} line ${number}: ${why}`);
  };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return fail("not JSON");
  }
  const { bankAccount, postedOn, amountMinor, description, accountCode, transferPairId } = parsed;
  if (typeof bankAccount !== "string" || typeof postedOn !== "string" || typeof description !== "string" || typeof accountCode !== "string") {
    return fail("needs bankAccount, postedOn, description and accountCode as strings");
  }
  if (typeof amountMinor !== "number" || !Number.isSafeInteger(amountMinor)) return fail("amountMinor must be a whole number of minor units");
  if (transferPairId !== null && typeof transferPairId !== "string") return fail("transferPairId must be a string or null");
  return { bankAccount, postedOn, amountMinor, description, accountCode, transferPairId };
}

async function loadCompany(root: string, company: CompanyManifest): Promise<PilotCompany> {
  const companyRoot = join(root, company.slug);
  const bankAccounts = await Promise.all(
    company.bankAccounts.map(async (account) => {
      if (!bankAccountKinds.includes(account.kind)) throw new DataFolderError(`${company.slug}/${account.slug}: unknown kind ${JSON.stringify(account.kind)}`);
      const statements = await Promise.all(
        account.files.map(async (file) => {
          const month = basename(file, extname(file));
          return { month, filename: `${account.slug}-${basename(file)}`, bytes: new Uint8Array(await readOrExplain(join(companyRoot, file), "the statement")) };
        }),
      );
      return { slug: account.slug, name: account.name, kind: account.kind as BankAccountKind, statements };
    }),
  );
  const truthPath = join(companyRoot, "truth", "transactions.jsonl");
  const truthText = (await readOrExplain(truthPath, "the truth")).toString("utf8");
  const truth = truthText
    .split("\n")
    .map((line, index) => [line, index + 1] as const)
    .filter(([line]) => line.trim() !== "")
    .map(([line, number]) => truthLine(line, truthPath, number));
  return { slug: company.slug, name: company.name, industry: company.industry, bankAccounts, truth, overlapRows: company.counts.overlapRows };
}
