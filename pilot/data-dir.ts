/**
 * Reads a folder written by `npm run seed` into the companies the pilot books:
 * companies.json says what is there, each company's statements are its bank
 * files, and truth/transactions.jsonl is what they should give; its receipts
 * are in receipts/, and truth/receipts.jsonl says whose slips they are. Everything is
 * checked before anything is booked, so that a bad folder fails in a second,
 * not after the companies before its fault were created on a host.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- paths come from --data and companies.json, checked by the schema below to stay inside --data */
import { readFile } from "node:fs/promises";
import { basename, extname, isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { bankAccountKinds, industries } from "../src/ledger/chart-of-accounts.ts";
import { receiptMediaTypes, type PilotCompany, type PilotReceipt, type TruthTransaction } from "./company.ts";

export class DataFolderError extends Error {}

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a slug: lowercase letters, digits and dashes");
const fileInside = z
  .string()
  .min(1)
  .refine((path) => !isAbsolute(path) && !path.split(/[\\/]/).includes(".."), "must be a path inside the company's folder");

/** What the pilot reads of companies.json; the seed writes more. */
const manifestSchema = z.object({
  generator: z.literal("ai-bookkeeper-seed", { error: 'must be "ai-bookkeeper-seed": this folder was not written by `npm run seed`' }),
  options: z.object({ seed: z.number().int().optional() }).optional(),
  companies: z
    .array(
      z.object({
        slug,
        name: z.string().min(1),
        industry: z.enum(industries),
        bankAccounts: z.array(z.object({ slug, name: z.string().min(1), kind: z.enum(bankAccountKinds), last4: z.string().regex(/^\d{4}$/).optional(), files: z.array(fileInside) })).min(1),
        counts: z.object({ overlapRows: z.number().int().nonnegative() }),
      }),
    )
    .min(1),
});

type CompanyEntry = z.infer<typeof manifestSchema>["companies"][number];

const truthSchema = z.object({
  id: z.string().min(1),
  bankAccount: z.string(),
  postedOn: z.iso.date(),
  amountMinor: z.number().int().refine(Number.isSafeInteger, "must be a safe integer"),
  description: z.string(),
  accountCode: z.string(),
  transferPairId: z.string().nullable(),
});

const firstIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(the whole file)"}: ${issue.message}`)
    .join("; ");

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
  companies: CompanyEntry[];
  load(company: CompanyEntry): Promise<PilotCompany>;
}

/** Opens the folder and reads every company once, to find any fault before booking starts. */
export async function openDataFolder(folder: string): Promise<DataFolder> {
  const root = resolve(folder);
  const manifestPath = join(root, "companies.json");
  let manifestText: string;
  try {
    manifestText = (await readOrExplain(manifestPath, "the dataset's manifest")).toString("utf8");
  } catch (error) {
    throw new DataFolderError(`${(error as Error).message} (is ${root} a folder written by \`npm run seed\`?)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (error) {
    throw new DataFolderError(`${manifestPath} is not valid JSON: ${(error as Error).message}`);
  }
  const manifest = manifestSchema.safeParse(json);
  if (!manifest.success) throw new DataFolderError(`${manifestPath} is not a dataset the pilot can book: ${firstIssues(manifest.error)}`);
  const dataFolder: DataFolder = {
    seed: manifest.data.options?.seed ?? null,
    companies: manifest.data.companies,
    load: (company) => loadCompany(root, company),
  };
  // One company in memory at a time, here as during the run.
  for (const company of dataFolder.companies) await dataFolder.load(company);
  return dataFolder;
}

const receiptTruthSchema = z.object({ id: z.string().min(1), file: fileInside, date: z.iso.date(), transactionId: z.string().nullable() });

/** The lines of a JSON Lines file, each checked by the schema, with the line it came from in any error. */
function jsonLines<Schema extends z.ZodType>(text: string, path: string, schema: Schema, problemOf: (row: z.infer<Schema>) => string | undefined = () => undefined): z.infer<Schema>[] {
  return text
    .split("\n")
    .map((line, index) => [line, index + 1] as const)
    .filter(([line]) => line.trim() !== "")
    .map(([line, number]) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new DataFolderError(`${path} line ${number}: not JSON`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new DataFolderError(`${path} line ${number}: ${firstIssues(parsed.error)}`);
      const problem = problemOf(parsed.data);
      if (problem !== undefined) throw new DataFolderError(`${path} line ${number}: ${problem}`);
      return parsed.data;
    });
}

/** The company's receipts, read from disk only when each is uploaded; a folder without receipts has none. */
async function loadReceipts(companyRoot: string): Promise<PilotReceipt[]> {
  const path = join(companyRoot, "truth", "receipts.jsonl");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new DataFolderError(`cannot read the receipts' truth ${path}: ${(error as Error).message}`);
  }
  return jsonLines(text, path, receiptTruthSchema).map((receipt) => {
    const extension = extname(receipt.file).slice(1).toLowerCase();
    if (!(extension in receiptMediaTypes)) throw new DataFolderError(`${path}: receipt ${receipt.id} is a .${extension} file; the pilot sends .txt, .pdf and .png`);
    const file = join(companyRoot, receipt.file);
    return {
      id: receipt.id,
      filename: basename(receipt.file),
      mediaType: receiptMediaTypes[extension as keyof typeof receiptMediaTypes],
      date: receipt.date,
      transactionId: receipt.transactionId,
      bytes: async () => new Uint8Array(await readOrExplain(file, "the receipt")),
    };
  });
}

async function loadCompany(root: string, company: CompanyEntry): Promise<PilotCompany> {
  const companyRoot = join(root, company.slug);
  const bankAccounts = await Promise.all(
    company.bankAccounts.map(async (account) => {
      const statements = await Promise.all(
        account.files.map(async (file) => ({
          // Files are named by month (2025-01.csv): the upload order sorts by it.
          month: basename(file, extname(file)),
          filename: `${account.slug}-${basename(file)}`,
          bytes: new Uint8Array(await readOrExplain(join(companyRoot, file), "the statement")),
        })),
      );
      return { slug: account.slug, name: account.name, kind: account.kind, last4: account.last4, statements };
    }),
  );
  const truthPath = join(companyRoot, "truth", "transactions.jsonl");
  const truthText = (await readOrExplain(truthPath, "the truth")).toString("utf8");
  const accountSlugs = new Set(company.bankAccounts.map((account) => account.slug));
  const truth: TruthTransaction[] = jsonLines(truthText, truthPath, truthSchema, (row) =>
    accountSlugs.has(row.bankAccount) ? undefined : `bank account ${JSON.stringify(row.bankAccount)} is not one companies.json lists`,
  );
  return { slug: company.slug, name: company.name, industry: company.industry, bankAccounts, truth, receipts: await loadReceipts(companyRoot), overlapRows: company.counts.overlapRows };
}
