/**
 * The whole simulated dataset: which companies, over which period, and how
 * each is laid out on disk. Importable as plain functions, from the CLI, the
 * pilot, the tests and notebooks alike.
 */
import { withoutAccents } from "../src/shared/text.ts";
import { isoDate, parseMonthKey, type Day } from "./calendar.ts";
import { generateCompany, RowIds, targetCounts, type CompanyPlan, type GeneratedCompany, type PeriodOptions } from "./generate.ts";
import { baseProfiles, extraCompanyNames, tradeByIndustry } from "./profiles.ts";
import { createRng } from "./rng.ts";

export interface SeedOptions {
  seed: number;
  months: number;
  companies: number;
  scale: number;
  /** First month, "YYYY-MM". */
  start: string;
  /** After this many months, every vendor is one the company never saw before (the generalization split); null keeps them. */
  newVendorsAfter: number | null;
}

export const defaultSeedOptions: SeedOptions = { seed: 42, months: 12, companies: 5, scale: 1, start: "2025-01", newVendorsAfter: null };

/** Bounds on the options; the CLI names them as flags. */
export const seedLimits = {
  seed: { min: 0, max: 4_294_967_295 },
  months: { min: 1, max: 120 },
  companies: { min: 1, max: 500 },
  // Volume only grows: for a smaller run, ask for fewer months or companies.
  scale: { min: 1, max: 10_000 },
} as const;

/** Companies are generated in memory one at a time; this keeps one under about a gigabyte. */
export const maxTransactionsPerCompany = 1_000_000;

/** Dates are written with two-digit years by some dialects, so the period stays in this century. */
const firstYear = 2000;
const lastYear = 2099;

/** An option out of bounds; the message starts with the option's name, so the CLI can say `--name`. */
export class SeedOptionsError extends Error {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option} ${message}`);
    this.option = option;
  }
}

export function validateSeedOptions(options: SeedOptions): PeriodOptions {
  const check = (name: keyof typeof seedLimits, integer: boolean): void => {
    const value = options[name];
    const { min, max } = seedLimits[name];
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
      throw new SeedOptionsError(name, `must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, not ${String(value)}`);
    }
  };
  check("seed", true);
  check("months", true);
  check("companies", true);
  check("scale", false);
  const start = parseMonthKey(options.start);
  if (!start) throw new SeedOptionsError("start", `must be a month as YYYY-MM, not ${JSON.stringify(options.start)}`);
  const lastMonth = start.year * 12 + start.month - 1 + options.months - 1;
  if (start.year < firstYear || Math.floor(lastMonth / 12) > lastYear) {
    throw new SeedOptionsError("start", `and --months must keep the period within ${firstYear}-${lastYear}, where two-digit years are unambiguous`);
  }
  if (options.newVendorsAfter !== null && (!Number.isInteger(options.newVendorsAfter) || options.newVendorsAfter < 0 || options.newVendorsAfter >= options.months)) {
    throw new SeedOptionsError("new-vendors-after", `must be a whole number of months from 0 to ${options.months - 1} (fewer than --months; 0 renames every vendor from the start), not ${String(options.newVendorsAfter)}`);
  }
  const period = { seed: options.seed, startYear: start.year, startMonth: start.month, months: options.months, scale: options.scale, newVendorsAfter: options.newVendorsAfter };
  for (const plan of planCompanies(options)) {
    const { transactions } = targetCounts(plan, period);
    if (transactions > maxTransactionsPerCompany) {
      throw new SeedOptionsError(
        "scale",
        `${options.scale} over ${options.months} months would give ${plan.name} ${transactions.toLocaleString("en-US")} transactions; ` +
          `one company can have at most ${maxTransactionsPerCompany.toLocaleString("en-US")} (add companies instead)`,
      );
    }
  }
  return period;
}

const slugify = (name: string): string =>
  withoutAccents(name)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * The first five companies are the named profiles; more repeat the five
 * industries under names of their own, each a little larger or smaller.
 */
export function planCompanies(options: SeedOptions): CompanyPlan[] {
  const plans: CompanyPlan[] = [];
  for (let index = 0; index < options.companies; index++) {
    const profile = baseProfiles[index % baseProfiles.length];
    if (!profile) throw new Error("no company profiles");
    if (index < baseProfiles.length) {
      plans.push({ index, slug: profile.slug, name: profile.name, profile, volumeFactor: 1 });
      continue;
    }
    const round = Math.floor(index / baseProfiles.length) - 1;
    const names = extraCompanyNames[profile.industry];
    const baseName = names[round % names.length] ?? profile.name;
    const name = round < names.length ? baseName : `${baseName} ${Math.floor(round / names.length) + 1}`;
    const rng = createRng(options.seed, "plan", index);
    const volumeFactor = Math.round((0.75 + rng.next() * 0.5) * 100) / 100;
    plans.push({ index, slug: slugify(name), name, profile: { ...profile, trade: tradeByIndustry[profile.industry] }, volumeFactor });
  }
  return plans;
}

export interface DatasetPlan {
  period: PeriodOptions;
  plans: CompanyPlan[];
  /** Generates one company; call it per plan, so only one company is in memory at a time. */
  generate: (plan: CompanyPlan) => GeneratedCompany;
}

export function generateDataset(options: SeedOptions): DatasetPlan {
  const period = validateSeedOptions(options);
  const ids = new RowIds();
  return { period, plans: planCompanies(options), generate: (plan) => generateCompany(plan, period, ids) };
}

// ---------------------------------------------------------------------------
// What goes on disk

const json = JSON.stringify;

/** Names as JSON strings, by name: a company's rows name the same vendors over and over. */
const namesAsJson = new Map<string, string>();

function nameAsJson(name: string): string {
  let quoted = namesAsJson.get(name);
  if (quoted === undefined) {
    quoted = json(name);
    // New-vendor runs make up names as they go; the memo stays small.
    if (namesAsJson.size > 10_000) namesAsJson.clear();
    namesAsJson.set(name, quoted);
  }
  return quoted;
}

/** `","bankAccount":"…","postedOn":"…","amountMinor":`: the same for every row of an account on a day, so made once. */
const accountDayKeys = new Map<string, Map<Day, string>>();

/** Asked once per row of a million-row run: a hit costs two lookups and no closure (keptOrMade's make would be one per row). */
function accountDayKey(account: string, day: Day): string {
  let byDay = accountDayKeys.get(account);
  if (byDay === undefined) {
    byDay = new Map();
    accountDayKeys.set(account, byDay);
  }
  let key = byDay.get(day);
  if (key === undefined) {
    key = `","bankAccount":"${account}","postedOn":"${isoDate(day)}","amountMinor":`;
    byDay.set(day, key);
  }
  return key;
}

/**
 * One line of truth/transactions.jsonl, keys in a fixed order. Built by hand
 * rather than by stringifying an object: a million lines, and the same bytes.
 */
export function truthTransactionLine(company: GeneratedCompany, index: number): string {
  const t = company.transactions[index];
  if (!t) throw new RangeError(`no transaction ${index}`);
  // Ids, slugs, codes and the currency are generated ASCII with nothing to escape; text fields go through JSON.stringify.
  return (
    `{"id":"${t.id}${accountDayKey(t.account, t.day)}${t.amountMinor},"currency":"${company.currency}","description":${json(t.description)},` +
    `"vendor":${nameAsJson(t.vendor)},"accountCode":"${t.accountCode}","transferPairId":${t.transferPairId === null ? "null" : `"${t.transferPairId}"`}}`
  );
}

export function truthReceiptLine(company: GeneratedCompany, index: number): string {
  const r = company.receipts[index];
  if (!r) throw new RangeError(`no receipt ${index}`);
  // As truthTransactionLine: by hand, and only the vendor's names can hold anything to escape.
  return (
    `{"id":"${r.id}","file":"${r.file}","vendor":${nameAsJson(r.vendor)},"printedVendor":${nameAsJson(r.printedVendor)},"date":"${isoDate(r.date)}",` +
    `"totalMinor":${r.totalMinor},"taxMinor":${r.taxMinor},"tipMinor":${r.tipMinor},"currency":"${company.currency}",` +
    `"accountCode":"${r.accountCode}","transactionId":${r.transactionId === null ? "null" : `"${r.transactionId}"`}}`
  );
}

export interface CompanyManifest {
  slug: string;
  name: string;
  industry: string;
  trade: string;
  currency: string;
  bankAccounts: {
    slug: string;
    name: string;
    kind: string;
    last4: string;
    ledgerCode: string;
    dialect: { id: string; modelledOn: string; encoding: string; delimiter: string; dateFormat: string; header: boolean; sign: string };
    files: string[];
  }[];
  counts: { transactions: number; receipts: number; cashReceipts: number; transferPairs: number; statementFiles: number; statementRows: number; overlapRows: number };
}

export function companyManifest(company: GeneratedCompany): CompanyManifest {
  const statementRows = company.statements.reduce((sum, s) => sum + s.rows, 0);
  return {
    slug: company.slug,
    name: company.name,
    industry: company.industry,
    trade: company.trade,
    currency: company.currency,
    bankAccounts: company.accounts.map((a) => ({
      slug: a.slug,
      name: a.name,
      kind: a.kind,
      last4: a.last4,
      ledgerCode: a.ledgerCode,
      dialect: {
        id: a.dialect.id,
        modelledOn: a.dialect.modelledOn,
        encoding: a.dialect.encoding,
        delimiter: a.dialect.delimiter,
        dateFormat: a.dialect.dateFormat,
        header: a.dialect.header,
        sign: a.dialect.sign,
      },
      files: company.statements.filter((s) => s.account === a.slug).map((s) => s.path),
    })),
    counts: {
      transactions: company.transactions.length,
      receipts: company.receipts.length,
      cashReceipts: company.receipts.filter((r) => r.transactionId === null).length,
      transferPairs: company.transferPairs,
      statementFiles: company.statements.length,
      statementRows,
      overlapRows: company.statements.reduce((sum, s) => sum + s.overlapRows, 0),
    },
  };
}

export interface DatasetManifest {
  generator: "ai-bookkeeper-seed";
  version: 1;
  options: SeedOptions;
  companies: CompanyManifest[];
  totals: { transactions: number; receipts: number };
}

export function datasetManifest(options: SeedOptions, companies: CompanyManifest[]): DatasetManifest {
  return {
    generator: "ai-bookkeeper-seed",
    version: 1,
    options,
    companies,
    totals: {
      transactions: companies.reduce((sum, c) => sum + c.counts.transactions, 0),
      receipts: companies.reduce((sum, c) => sum + c.counts.receipts, 0),
    },
  };
}
