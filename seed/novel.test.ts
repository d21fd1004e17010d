import { describe, expect, it } from "vitest";
import { normalizeVendor } from "../src/ingest/vendor.ts";
import { isoDate } from "./calendar.ts";
import { defaultSeedOptions, generateDataset } from "./dataset.ts";

const generateAll = (options: Partial<typeof defaultSeedOptions>) => {
  const { plans, generate } = generateDataset({ ...defaultSeedOptions, ...options });
  return plans.map(generate);
};

describe("the generator's hard cases", () => {
  const companies = generateAll({});

  it("brings vendors a company has never paid all year long, some of them more than once", () => {
    for (const company of companies) {
      const firstSeen = new Map<string, string>();
      const count = new Map<string, number>();
      for (const t of company.transactions) {
        if (t.transferPairId !== null) continue;
        if (!firstSeen.has(t.vendor)) firstSeen.set(t.vendor, isoDate(t.day).slice(0, 7));
        count.set(t.vendor, (count.get(t.vendor) ?? 0) + 1);
      }
      const lateComers = [...firstSeen].filter(([, month]) => month >= "2025-07").map(([vendor]) => vendor);
      expect(lateComers.length, company.name).toBeGreaterThan(0);
      expect(lateComers.some((vendor) => (count.get(vendor) ?? 0) === 1), company.name).toBe(true);
    }
  });

  it("prints some vendors differently from some month on, as banks and processors change", () => {
    const printings = companies.flatMap((company) => {
      const byVendor = new Map<string, Set<string>>();
      for (const t of company.transactions) {
        if (t.transferPairId !== null) continue;
        const seen = byVendor.get(t.vendor) ?? new Set<string>();
        seen.add(normalizeVendor(t.description, company.name));
        byVendor.set(t.vendor, seen);
      }
      return [...byVendor.values()].map((seen) => seen.size);
    });
    expect(printings.some((size) => size >= 2)).toBe(true);
  });

  it("keeps the same counts, and the same bytes for the same seed", () => {
    const again = generateAll({});
    expect(again.map((c) => c.transactions.length)).toEqual(companies.map((c) => c.transactions.length));
    expect(again.map((c) => c.transactions.map((t) => t.description).join("\n"))).toEqual(companies.map((c) => c.transactions.map((t) => t.description).join("\n")));
  });
});

describe("--new-vendors-after", () => {
  it("makes every vendor after the given month one the company never saw, and changes nothing else", () => {
    const plain = generateAll({ months: 6 });
    const renamed = generateAll({ months: 6, newVendorsAfter: 3 });
    for (const [index, company] of renamed.entries()) {
      const original = plain[index];
      if (original === undefined) throw new Error("a company is missing");
      expect(company.transactions.map((t) => [t.day, t.amountMinor, t.accountCode])).toEqual(original.transactions.map((t) => [t.day, t.amountMinor, t.accountCode]));
      const before = new Set(company.transactions.filter((t) => isoDate(t.day) < "2025-04-01" && t.transferPairId === null).map((t) => t.vendor));
      const after = company.transactions.filter((t) => isoDate(t.day) >= "2025-04-01" && t.transferPairId === null);
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((t) => before.has(t.vendor)).map((t) => t.vendor)).toEqual([]);
    }
  });
});
