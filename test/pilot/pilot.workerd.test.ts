/**
 * The pilot against the Worker inside workerd, on a real local D1: the same
 * run as `npm run pilot`, speaking HTTP to the Worker's fetch handler instead
 * of a TCP port. Two companies over two months.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { defaultSeedOptions, generateDataset } from "../../seed/dataset.ts";
import type { ApiTarget } from "../../client/http.ts";
import { pilotCompanyFromGenerated } from "../../pilot/company.ts";
import { pilotPassed, runPilot } from "../../pilot/run.ts";

const workerTarget: ApiTarget = {
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => exports.default.fetch(new Request(`https://bookkeeper.test${path}`, init)),
};

describe("the pilot on Workers + D1", () => {
  it("books two companies over two months to exactly their truth, and the books hold", async () => {
    const { plans, generate } = generateDataset({ ...defaultSeedOptions, companies: 2, months: 2 });
    // The PDFs and photos are rendered on Node (a font file, a native canvas); here the text receipts go up.
    const companies = plans.map((plan) => pilotCompanyFromGenerated(generate(plan))).map((company) => ({ ...company, receipts: company.receipts.filter((receipt) => receipt.mediaType === "text/plain") }));
    const report = await runPilot({ target: workerTarget, companies: companies.map((company) => () => company), seed: defaultSeedOptions.seed });

    expect(report.totals.failures).toEqual([]);
    expect(pilotPassed(report)).toBe(true);
    expect(report.host).toBe("workerd");
    expect(report.companies.map((c) => c.slug)).toEqual(companies.map((c) => c.slug));
    for (const [index, metrics] of report.companies.entries()) {
      const company = companies[index];
      if (company === undefined) throw new Error("a company is missing");
      expect(metrics.transactions).toEqual({ truth: company.truth.length, imported: company.truth.length, duplicatesSkipped: company.overlapRows, rejected: 0 });
      expect(metrics.transactions.truth).toBeGreaterThan(20);
      expect(metrics.transfers.found).toBe(metrics.transfers.truth);
      expect(metrics.trialBalance.balanced).toBe(true);
      expect(metrics.trialBalance.debitMinor).toBe(metrics.trialBalance.creditMinor);
      expect(metrics.trialBalance.debitMinor).toBeGreaterThan(0);
      // Every upload answered, so there is a latency for each file.
      expect(metrics.latencyMs.p95).toBeGreaterThanOrEqual(metrics.latencyMs.p50);
    }
    expect(report.totals.transfers.truth).toBeGreaterThan(0);
    // The receipts went up half before and half after their statements, and matched in both orders.
    const receipts = report.totals.receipts;
    expect(receipts.uploaded).toBe(companies.reduce((sum, c) => sum + c.receipts.length, 0));
    expect(receipts.uploaded).toBeGreaterThan(10);
    expect(receipts.cashMatched).toBe(0);
    expect(receipts.precision).toBeGreaterThanOrEqual(0.95);
    expect(receipts.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.totals.transactions.imported).toBe(companies.reduce((sum, c) => sum + c.truth.length, 0));
  });
});
