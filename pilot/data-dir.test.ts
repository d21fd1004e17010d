import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSeedOptions, generateDataset } from "../seed/dataset.ts";
import { writeDataset } from "../seed/write.ts";
import { pilotCompanyFromGenerated } from "./company.ts";
import { openDataFolder } from "./data-dir.ts";

const options = { ...defaultSeedOptions, companies: 2, months: 1 };
let scratch: string;
let pristine: string;
let copies = 0;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "pilot-data-"));
  pristine = join(scratch, "pristine");
  await writeDataset(options, pristine);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A copy of the dataset, changed by `change`, for one case to break. */
async function tampered(change: (folder: string) => Promise<void>): Promise<string> {
  const folder = join(scratch, `copy-${++copies}`);
  await cp(pristine, folder, { recursive: true });
  await change(folder);
  return folder;
}

async function editManifest(folder: string, edit: (manifest: { companies: Record<string, unknown>[] } & Record<string, unknown>) => unknown): Promise<void> {
  const path = join(folder, "companies.json");
  const manifest = JSON.parse(await readFile(path, "utf8")) as { companies: Record<string, unknown>[] } & Record<string, unknown>;
  await writeFile(path, JSON.stringify(edit(manifest) ?? manifest));
}

describe("a --data folder", () => {
  it("reads back exactly what the generator made, with the seed it was made with", async () => {
    const folder = await openDataFolder(pristine);
    expect(folder.seed).toBe(42);
    const { plans, generate } = generateDataset(options);
    for (const [index, plan] of plans.entries()) {
      const entry = folder.companies[index];
      if (entry === undefined) throw new Error("a company is missing");
      const fromDisk = await folder.load(entry);
      const inMemory = pilotCompanyFromGenerated(generate(plan));
      // A receipt's bytes are read or rendered when it is sent: the same bytes either way.
      const withoutBytes = (company: typeof inMemory) => ({ ...company, receipts: company.receipts.map((receipt) => ({ ...receipt, bytes: undefined })) });
      expect(withoutBytes(fromDisk)).toEqual(withoutBytes(inMemory));
      expect(fromDisk.receipts.length).toBeGreaterThan(0);
      for (const [index, receipt] of fromDisk.receipts.entries()) expect(await receipt.bytes()).toEqual(await inMemory.receipts[index]?.bytes());
    }
  });

  it.each([
    ["a manifest that is null", (folder: string) => writeFile(join(folder, "companies.json"), "null"), /companies\.json is not a dataset the pilot can book: \(the whole file\): /],
    ["another tool's manifest", (folder: string) => editManifest(folder, (m) => ({ ...m, generator: "other" })), /generator: must be "ai-bookkeeper-seed"/],
    ["no companies", (folder: string) => editManifest(folder, (m) => ({ ...m, companies: [] })), /companies: Too small/],
    ["a company that is null", (folder: string) => editManifest(folder, (m) => ({ ...m, companies: [null] })), /companies\.0: /],
    ["a company without a slug", (folder: string) => editManifest(folder, (m) => ({ ...m, companies: m.companies.map((company) => ({ ...company, slug: undefined })) })), /companies\.0\.slug: /],
    ["an unknown industry", (folder: string) => editManifest(folder, (m) => void Object.assign(m.companies[1] ?? {}, { industry: "mining" })), /companies\.1\.industry: /],
    ["a slug that leaves the folder", (folder: string) => editManifest(folder, (m) => void Object.assign(m.companies[0] ?? {}, { slug: "../elsewhere" })), /companies\.0\.slug: must be a slug/],
    [
      "a statement path that leaves the folder",
      (folder: string) =>
        editManifest(folder, (m) => {
          const accounts = m.companies[0]?.bankAccounts as { files: string[] }[];
          if (accounts[0]) accounts[0].files = ["../../outside.csv"];
        }),
      /companies\.0\.bankAccounts\.0\.files\.0: must be a path inside the company's folder/,
    ],
    ["an overlap that is not a count", (folder: string) => editManifest(folder, (m) => void Object.assign(m.companies[0] ?? {}, { counts: { overlapRows: "many" } })), /companies\.0\.counts\.overlapRows: /],
    ["the last company's statement missing", (folder: string) => rm(join(folder, "cincy-web-builders", "statements", "savings", "2025-01.csv")), /cannot read the statement .*cincy-web-builders\/statements\/savings\/2025-01\.csv: it does not exist/],
    [
      "a truth line with no amount",
      (folder: string) => writeFile(join(folder, "cincy-web-builders", "truth", "transactions.jsonl"), '{"id":"t1","bankAccount":"checking","postedOn":"2025-01-02","description":"X","accountCode":"6100","transferPairId":null}\n'),
      /transactions\.jsonl line 1: amountMinor: /,
    ],
    [
      "a truth line on an account the manifest does not list",
      (folder: string) => writeFile(join(folder, "cincy-web-builders", "truth", "transactions.jsonl"), '{"id":"t1","bankAccount":"brokerage","postedOn":"2025-01-02","amountMinor":5,"description":"X","accountCode":"6100","transferPairId":null}\n'),
      /line 1: bank account "brokerage" is not one companies\.json lists/,
    ],
    ["a truth line that is not JSON", (folder: string) => writeFile(join(folder, "hamilton-coffee-co", "truth", "transactions.jsonl"), "{oops\n"), /transactions\.jsonl line 1: not JSON/],
  ])("refuses %s, before anything is booked", async (_case, change, message) => {
    const folder = await tampered(change);
    await expect(openDataFolder(folder)).rejects.toThrow(message);
  });
});
