/**
 * The generator's output, checked from the files on disk: what the pilot,
 * the notebooks and the benchmarks will read.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartOfAccounts, type Industry } from "../src/ledger/chart-of-accounts.ts";
import { dayFromParts } from "./calendar.ts";
import { defaultSeedOptions, type DatasetManifest, type SeedOptions } from "./dataset.ts";
import { dialects, type Dialect } from "./dialects.ts";
import { receiptFormat, receiptFormatShares } from "./receipts.ts";
import { readStatement, type StatementRow } from "./statements.ts";
import { writeDataset } from "./write.ts";

interface TruthTransaction {
  id: string;
  bankAccount: string;
  postedOn: string;
  amountMinor: number;
  currency: string;
  description: string;
  vendor: string;
  accountCode: string;
  transferPairId: string | null;
}

interface TruthReceipt {
  id: string;
  file: string;
  vendor: string;
  printedVendor: string;
  date: string;
  totalMinor: number;
  taxMinor: number;
  tipMinor: number;
  accountCode: string;
  transactionId: string | null;
}

let scratch: string;
let out: string;
let manifest: DatasetManifest;

async function listFiles(root: string, under = ""): Promise<string[]> {
  const entries = await readdir(join(root, under), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else files.push(path);
  }
  return files;
}

async function treeHash(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const path of await listFiles(root)) hash.update(`${path}\0`).update(await readFile(join(root, path))).update("\0");
  return hash.digest("hex");
}

const readJsonl = async <T>(path: string): Promise<T[]> =>
  (await readFile(path, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as T);

const truthOf = (slug: string): Promise<TruthTransaction[]> => readJsonl(join(out, slug, "truth", "transactions.jsonl"));
const receiptsOf = (slug: string): Promise<TruthReceipt[]> => readJsonl(join(out, slug, "truth", "receipts.jsonl"));
const dialectById = (id: string): Dialect => {
  const dialect = Object.values(dialects).find((d) => d.id === id);
  if (!dialect) throw new Error(`unknown dialect ${id}`);
  return dialect;
};
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const extensionOf = (file: string): string => file.slice(file.lastIndexOf(".") + 1);

/** A receipt's text as the product reads it: the .txt as is, a PDF's text layer through unpdf. */
async function receiptTextOf(path: string): Promise<string> {
  if (path.endsWith(".txt")) return readFile(path, "utf8");
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(path)), { verbosity: 0 });
  return (await extractText(pdf, { mergePages: true })).text;
}

/** A PNG's width and height, from its header (IHDR, the first chunk). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(pngSignature);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const dayOf = (iso: string): number => dayFromParts(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
const rowKey = (row: { postedOn: string; amountMinor: number; description: string }): string => `${row.postedOn}|${row.amountMinor}|${row.description}`;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "seed-test-"));
  out = join(scratch, "out");
  manifest = await writeDataset(defaultSeedOptions, out);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the default dataset (seed 42, 12 months, five companies)", () => {
  it("holds exactly the issue's table of transactions and receipts, counted from the files", async () => {
    const table = [];
    for (const company of manifest.companies) {
      const truth = await truthOf(company.slug);
      const receiptFiles = await readdir(join(out, company.slug, "receipts"));
      table.push([company.name, company.industry, new Set(truth.map((t) => t.id)).size, receiptFiles.length]);
    }
    expect(table).toEqual([
      ["Hamilton Coffee Co.", "retail", 330, 84],
      ["Cincy Web Builders LLC", "services", 357, 119],
      ["Liberty Childcare Center", "childcare", 368, 52],
      ["Contreras Real Estate Group", "real_estate", 358, 196],
      ["Midwest Accounting Advisors", "professional", 289, 183],
    ]);
    expect(manifest.totals).toEqual({ transactions: 1702, receipts: 634 });
  });

  it("is byte-identical when generated again with the same seed, and differs with another", async () => {
    const again = join(scratch, "again");
    await writeDataset(defaultSeedOptions, again);
    expect(await treeHash(again)).toBe(await treeHash(out));
    // The tree hash covers the PDFs and photos too: every one of them comes out the same, byte for byte.
    const rendered = (await listFiles(out)).filter((path) => /\/receipts\/.*\.(pdf|png)$/.test(path));
    expect(new Set(rendered.map(extensionOf))).toEqual(new Set(["pdf", "png"]));
    for (const path of rendered) expect(await readFile(join(again, path)), path).toEqual(await readFile(join(out, path)));
    const other = join(scratch, "other");
    await writeDataset({ ...defaultSeedOptions, seed: 43 }, other);
    expect(await treeHash(other)).not.toBe(await treeHash(out));
    await rm(again, { recursive: true });
    await rm(other, { recursive: true });
  });

  it("books every truth transaction and receipt to an account in its company's chart", async () => {
    for (const company of manifest.companies) {
      const codes = new Set(chartOfAccounts(company.industry as Industry).map((a) => a.code));
      const used = new Set([...(await truthOf(company.slug)).map((t) => t.accountCode), ...(await receiptsOf(company.slug)).map((r) => r.accountCode)]);
      expect([...used].filter((code) => !codes.has(code))).toEqual([]);
      // Real books touch revenue, cost and expense accounts, not one bucket.
      expect([...used].filter((code) => code.startsWith("4")).length).toBeGreaterThan(0);
      expect([...used].filter((code) => code.startsWith("6")).length).toBeGreaterThan(5);
    }
  });

  it("reads every statement back as its declared dialect, matching the truth and its running balance", async () => {
    for (const company of manifest.companies) {
      const truth = await truthOf(company.slug);
      for (const account of company.bankAccounts) {
        const dialect = dialectById(account.dialect.id);
        const accountTruth = truth.filter((t) => t.bankAccount === account.slug);
        const seen = new Set<string>();
        for (const file of account.files) {
          const read = readStatement(await readFile(join(out, company.slug, file)), dialect);
          const rows = [...read.rows].sort((a, b) => a.postedOn.localeCompare(b.postedOn) || 0);
          const chronological = dialect.newestFirst ? [...read.rows].reverse() : read.rows;
          expect(rows.map((r) => r.postedOn)).toEqual(chronological.map((r) => r.postedOn));
          if (rows.length === 0) continue;

          // The file is exactly the truth for its date range: nothing missing, nothing extra.
          const first = rows[0] as StatementRow;
          const last = `${file.slice(-11, -4)}-31`;
          const expected = accountTruth.filter((t) => t.postedOn >= first.postedOn && t.postedOn <= last);
          expect(chronological.map(rowKey).sort()).toEqual(expected.map(rowKey).sort());
          expected.forEach((t) => seen.add(t.id));

          // Running balances are consistent row to row and with any summary.
          const opening = chronological[0] as StatementRow;
          if (opening.balanceMinor !== null) {
            let balance = opening.balanceMinor - opening.amountMinor;
            if (read.openingBalanceMinor !== null) expect(balance).toBe(read.openingBalanceMinor);
            for (const row of chronological) {
              balance += row.amountMinor;
              expect(row.balanceMinor).toBe(balance);
            }
            if (read.closingBalanceMinor !== null) expect(balance).toBe(read.closingBalanceMinor);
          }
        }
        expect(seen.size).toBe(accountTruth.length);
      }
    }
  });

  it("overlaps consecutive monthly files by a few days, and counts each overlapped transaction once", async () => {
    let overlapping = 0;
    for (const company of manifest.companies) {
      const truth = await truthOf(company.slug);
      let rowsInFiles = 0;
      for (const account of company.bankAccounts) {
        const dialect = dialectById(account.dialect.id);
        for (const [index, file] of account.files.entries()) {
          const { rows } = readStatement(await readFile(join(out, company.slug, file)), dialect);
          rowsInFiles += rows.length;
          const monthStart = `${file.slice(-11, -4)}-01`;
          const early = rows.filter((r) => r.postedOn < monthStart);
          if (index === 0) expect(early).toEqual([]);
          if (early.length > 0) {
            overlapping++;
            const days = Math.min(...early.map((r) => dayOf(monthStart) - dayOf(r.postedOn)));
            expect(days).toBeLessThanOrEqual(5);
          }
        }
      }
      expect(rowsInFiles).toBe(company.counts.statementRows);
      expect(rowsInFiles - company.counts.overlapRows).toBe(truth.length);
      expect(company.counts.overlapRows).toBeGreaterThan(0);
    }
    expect(overlapping).toBeGreaterThan(50);
  });

  it("writes descriptions with the noise real banks add, in each bank's own way", async () => {
    const all: string[] = [];
    for (const company of manifest.companies) all.push(...(await truthOf(company.slug)).map((t) => t.description));
    const text = all.join("\n");
    for (const marker of ["SQ *", "TST* ", "PAYPAL *", "POS DEBIT", "ACH DEBIT", "CHECKCARD ", "PURCHASE AUTHORIZED ON", "CARD PURCHASE", "DEBIT CARD PURCHASE AT", "PPD ID:", "DES:", "#"]) {
      expect(text, marker).toContain(marker);
    }
    expect(text).toMatch(/CHECKCARD \d{4} /);
    expect(text).toMatch(/XXXXXXXXXXXX\d{4}/);
    // Mixed case: some banks title-case what others shout.
    expect(all.some((d) => /[a-z]/.test(d) && /[A-Z]{2}/.test(d))).toBe(true);
  });

  it("posts nothing by ACH on a weekend or a bank holiday", async () => {
    const holidays = new Set(["2025-01-01", "2025-01-20", "2025-02-17", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-10-13", "2025-11-11", "2025-11-27", "2025-12-25"]);
    for (const company of manifest.companies) {
      for (const t of await truthOf(company.slug)) {
        if (!/ACH|PPD ID|DES:|ORIG CO NAME/i.test(t.description)) continue;
        const weekday = new Date(`${t.postedOn}T00:00:00Z`).getUTCDay();
        expect(weekday === 0 || weekday === 6 || holidays.has(t.postedOn), `${t.postedOn} ${t.description}`).toBe(false);
      }
    }
  });

  it("keeps two real identical rows as two transactions", async () => {
    let twins = 0;
    for (const company of manifest.companies) {
      const counts = new Map<string, number>();
      for (const t of await truthOf(company.slug)) {
        const key = `${t.bankAccount}|${rowKey(t)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      twins += [...counts.values()].filter((n) => n > 1).length;
    }
    // The statements test above shows each file carries them as many times as the truth does.
    expect(twins).toBeGreaterThanOrEqual(3);
  });

  it("marks transfer pairs with both sides: opposite amounts on two accounts within three days", async () => {
    for (const company of manifest.companies) {
      const truth = await truthOf(company.slug);
      const pairs = new Map<string, TruthTransaction[]>();
      for (const t of truth) if (t.transferPairId !== null) pairs.set(t.transferPairId, [...(pairs.get(t.transferPairId) ?? []), t]);
      expect(pairs.size).toBe(company.counts.transferPairs);
      expect(pairs.size).toBeGreaterThanOrEqual(12);
      for (const sides of pairs.values()) {
        expect(sides).toHaveLength(2);
        const [a, b] = sides as [TruthTransaction, TruthTransaction];
        expect(a.bankAccount).not.toBe(b.bankAccount);
        expect(a.amountMinor + b.amountMinor).toBe(0);
        expect(Math.abs(dayOf(a.postedOn) - dayOf(b.postedOn))).toBeLessThanOrEqual(3);
        // Each side is booked to the other account's ledger code.
        const ledgerOf = (slug: string): string | undefined => company.bankAccounts.find((x) => x.slug === slug)?.ledgerCode;
        expect(a.accountCode).toBe(ledgerOf(b.bankAccount));
        expect(b.accountCode).toBe(ledgerOf(a.bankAccount));
      }
    }
  });

  it("ties each receipt to its transaction the way paper and bank disagree in life", async () => {
    let cash = 0;
    let tipped = 0;
    let namedOtherwise = 0;
    let linkedTotal = 0;
    for (const company of manifest.companies) {
      const truth = new Map((await truthOf(company.slug)).map((t) => [t.id, t]));
      const receipts = await receiptsOf(company.slug);
      const linked = new Set<string>();
      for (const receipt of receipts) {
        const path = join(out, company.slug, receipt.file);
        // A photo is read by OCR, too slow for this test: it is checked as a PNG here, its text in the pilot.
        const text = receipt.file.endsWith(".png") ? null : await receiptTextOf(path);
        if (text !== null) {
          expect(text.toUpperCase()).toContain(receipt.printedVendor.toUpperCase());
          expect(text).toContain((receipt.totalMinor / 100).toFixed(2));
        }
        if (receipt.transactionId === null) {
          cash++;
          if (text !== null) expect(text).toContain("CASH");
          continue;
        }
        const transaction = truth.get(receipt.transactionId);
        expect(transaction).toBeDefined();
        if (!transaction) continue;
        expect(linked.has(transaction.id)).toBe(false);
        linked.add(transaction.id);
        // The bank's amount includes the tip; the receipt's printed total does not.
        expect(-transaction.amountMinor).toBe(receipt.totalMinor + receipt.tipMinor);
        if (receipt.tipMinor > 0) tipped++;
        const lag = dayOf(transaction.postedOn) - dayOf(receipt.date);
        expect(lag).toBeGreaterThanOrEqual(0);
        expect(lag).toBeLessThanOrEqual(3);
        expect(receipt.accountCode).toBe(transaction.accountCode);
        if (!transaction.description.toUpperCase().includes(receipt.printedVendor.toUpperCase())) namedOtherwise++;
      }
      expect(linked.size).toBeLessThan(truth.size / 2);
      linkedTotal += linked.size;
    }
    // Mostly, the receipt names the vendor as printed, not as the bank abbreviates it.
    expect(namedOtherwise / linkedTotal).toBeGreaterThan(0.75);
    expect(cash).toBeGreaterThan(20);
    expect(tipped).toBeGreaterThan(10);
  });

  it("hands over about 15% of receipts as PDFs with a text layer and 5% as photos, the rest as text", async () => {
    const counts = { txt: 0, pdf: 0, png: 0 };
    for (const company of manifest.companies) {
      const receipts = await receiptsOf(company.slug);
      // Each truth line names its file, and the folder holds exactly those files.
      expect((await readdir(join(out, company.slug, "receipts"))).sort()).toEqual(receipts.map((r) => r.file.slice("receipts/".length)).sort());
      for (const receipt of receipts) {
        const format = extensionOf(receipt.file);
        expect(receipt.file).toBe(`receipts/${receipt.id}.${format}`);
        expect(format === "txt" || format === "pdf" || format === "png", receipt.file).toBe(true);
        counts[format as keyof typeof counts]++;
        const bytes = new Uint8Array(await readFile(join(out, company.slug, receipt.file)));
        if (format === "pdf") expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
        if (format === "png") {
          // A narrow slip or an invoice, in 22-26 px type with margins: wide enough to read, never a poster.
          const { width, height } = pngSize(bytes);
          expect(width).toBeGreaterThanOrEqual(400);
          expect(width).toBeLessThanOrEqual(1000);
          expect(height).toBeGreaterThanOrEqual(300);
          expect(height).toBeLessThanOrEqual(1200);
        }
      }
    }
    const total = counts.txt + counts.pdf + counts.png;
    expect(total).toBe(634);
    expect(counts.pdf / total).toBeGreaterThan(0.11);
    expect(counts.pdf / total).toBeLessThan(0.19);
    expect(counts.png / total).toBeGreaterThan(0.025);
    expect(counts.png / total).toBeLessThan(0.075);
  });

  it("dates each PDF on its receipt's day, whenever it was generated", async () => {
    const company = manifest.companies[1] as DatasetManifest["companies"][number];
    const receipt = (await receiptsOf(company.slug)).find((r) => r.file.endsWith(".pdf"));
    if (!receipt) throw new Error("no PDF receipt");
    const pdf = await getDocumentProxy(new Uint8Array(await readFile(join(out, company.slug, receipt.file))), { verbosity: 0 });
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    const day = receipt.date.replaceAll("-", "");
    expect(info.CreationDate).toBe(`D:${day}120000Z`);
    expect(info.ModDate).toBe(`D:${day}120000Z`);
    expect(info.Producer).toBe("pdf-lib");
    expect(info.Creator).toBe("ai-bookkeeper seed");
  });

  it("exports in at least five distinct dialects, covering the real-world features the importer must meet", () => {
    const used = new Map<string, Dialect>();
    for (const company of manifest.companies) {
      expect(company.bankAccounts.map((a) => a.kind)).toEqual(expect.arrayContaining(["checking", "credit_card"]));
      for (const account of company.bankAccounts) used.set(account.dialect.id, dialectById(account.dialect.id));
    }
    const all = [...used.values()];
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.some((d) => d.dateFormat === "MM/DD/YYYY" && d.columns.some((c) => c.role === "amount"))).toBe(true);
    expect(all.some((d) => d.columns.some((c) => c.role === "debit"))).toBe(true);
    expect(all.some((d) => d.summaryPreamble)).toBe(true);
    expect(all.some((d) => !d.header)).toBe(true);
    expect(all.some((d) => d.dateFormat === "DD/MM/YYYY")).toBe(true);
    expect(all.some((d) => d.delimiter === ";" && d.amounts.decimal === "," && d.encoding === "windows-1252")).toBe(true);
    expect(all.some((d) => d.amounts.negative === "parentheses")).toBe(true);
    expect(all.some((d) => d.encoding === "utf-8-bom")).toBe(true);
    expect(all.some((d) => d.columns.some((c) => c.role === "balance"))).toBe(true);
    expect(all.some((d) => d.sign === "positive_is_outflow")).toBe(true);
  });

  it("writes the Windows-1252 and byte-order-marked files as those bytes, not as UTF-8", async () => {
    for (const company of manifest.companies) {
      for (const account of company.bankAccounts) {
        const bytes = await readFile(join(out, company.slug, account.files[0] as string));
        if (account.dialect.encoding === "utf-8-bom") expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        else expect(bytes[0]).not.toBe(0xef);
        if (account.dialect.encoding === "windows-1252") {
          // Spanish accents as single bytes: "INTERÉS" has É at 0xC9, which is not valid UTF-8 on its own.
          expect(bytes.includes(0xc9)).toBe(true);
          expect(() => new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)).toThrow();
        }
      }
    }
  });

  it("keeps the truth apart from the inputs", async () => {
    for (const company of manifest.companies) {
      const statements = (await listFiles(join(out, company.slug, "statements"))).join("\n");
      expect(statements).not.toMatch(/truth|jsonl/);
      for (const account of company.bankAccounts) {
        const text = await readFile(join(out, company.slug, account.files[0] as string), "latin1");
        expect(text).not.toMatch(/"accountCode"|transferPairId/);
      }
    }
  });
});

describe("receipt formats", () => {
  it("follow the intended shares over many receipts, from each receipt's seed alone", () => {
    const counts = { txt: 0, pdf: 0, png: 0 };
    const draws = 200_000;
    for (let seed = 0; seed < draws; seed++) counts[receiptFormat(Math.imul(seed, 0x9e3779b1) >>> 0)]++;
    expect(Math.abs(counts.pdf / draws - receiptFormatShares.pdf)).toBeLessThan(0.005);
    expect(Math.abs(counts.png / draws - receiptFormatShares.png)).toBeLessThan(0.003);
    expect(receiptFormat(12345)).toBe(receiptFormat(12345));
  });
});

describe("other shapes of run", () => {
  const run = async (options: Partial<SeedOptions>): Promise<{ out: string; manifest: DatasetManifest }> => {
    const folder = await mkdtemp(join(scratch, "run-"));
    return { out: folder, manifest: await writeDataset({ ...defaultSeedOptions, ...options }, join(folder, "out")) };
  };

  it("adds companies of the five industries, with names of their own, beyond five", async () => {
    const { manifest: seven } = await run({ companies: 7, months: 2 });
    expect(seven.companies.map((c) => c.industry)).toEqual(["retail", "services", "childcare", "real_estate", "professional", "retail", "services"]);
    const names = seven.companies.map((c) => c.name);
    expect(new Set(names).size).toBe(7);
    expect(new Set(seven.companies.map((c) => c.slug)).size).toBe(7);
    // The first five do not change because more companies were asked for.
    const { manifest: five } = await run({ companies: 5, months: 2 });
    expect(seven.companies.slice(0, 5)).toEqual(five.companies);
  });

  it("scales volume with --scale and --months", async () => {
    const twoMonthsRun = await run({ months: 2 });
    const doubledRun = await run({ months: 2, scale: 2 });
    const twoMonths = twoMonthsRun.manifest;
    const doubled = doubledRun.manifest;
    expect(twoMonths.companies.map((c) => c.bankAccounts[0]?.files.length)).toEqual([2, 2, 2, 2, 2]);
    // The schedule keeps its dates and grows its amounts: twice the business pays twice the rent.
    const rentAt = async (root: string): Promise<number[]> => {
      const truth = await readJsonl<TruthTransaction>(join(root, "out", "hamilton-coffee-co", "truth", "transactions.jsonl"));
      return truth.filter((t) => t.accountCode === "6100").map((t) => t.amountMinor);
    };
    expect((await rentAt(doubledRun.out)).map((a) => a / 2)).toEqual(await rentAt(twoMonthsRun.out));
    const yearly = [330, 357, 368, 358, 289];
    expect(twoMonths.companies.map((c) => c.counts.transactions)).toEqual(yearly.map((n) => Math.round((n * 2) / 12)));
    expect(doubled.companies.map((c) => c.counts.transactions)).toEqual(yearly.map((n) => Math.round((n * 2 * 2) / 12)));
  });
});
