/**
 * The pilot run as a notebook makes it: `npm run pilot` as a process, its
 * report read back, and the rows the charts are drawn from.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pilotFlags, PilotProcessError, runPilotProcess, type PilotProcessResult } from "./process.ts";
import { allCompanies, failedReceipts, importLatencies, learningCurve, receiptFigures, receiptPoints, reviewByMonth, tierShares } from "./series.ts";
import { labelCounts, learnedConfusion, trainingLines } from "./training.ts";

const scratch = mkdtempSync(join(tmpdir(), "pilot-series-"));
let run: PilotProcessResult;
const progress: string[] = [];

beforeAll(async () => {
  run = await runPilotProcess({ out: join(scratch, "out"), seed: 11, companies: 2, months: 2, onProgress: (line) => progress.push(line) });
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the pilot as a process", () => {
  it("passes only the flags it was given", () => {
    expect(pilotFlags({ out: "/o" })).toEqual(["--out", "/o"]);
    expect(pilotFlags({ out: "/o", seed: 0, months: 3, newVendorsAfter: 1, bookkeeper: false })).toEqual(["--out", "/o", "--seed", "0", "--months", "3", "--new-vendors-after", "1", "--bookkeeper", "off"]);
  });

  it("answers what the run printed and the report it wrote, and passes its progress on line by line", () => {
    expect(run.report.seed).toBe(11);
    expect(run.report.companies).toHaveLength(2);
    expect(run.stdout).toContain("Training dataset:");
    expect(progress.filter((line) => line.startsWith("pilot: "))).toHaveLength(2);
  });

  it("says why when the run fails", async () => {
    await expect(runPilotProcess({ out: join(scratch, "bad"), months: 0 })).rejects.toThrow(PilotProcessError);
    await expect(runPilotProcess({ out: join(scratch, "bad"), months: 0 })).rejects.toThrow(/exited with 2:[\s\S]*months must be a whole number from 1 to 120/);
  });
});

describe("the report as rows for charts", () => {
  it("draws the learning curve from each month's figures, company by company and for all of them", () => {
    const curve = learningCurve(run.report);
    for (const company of run.report.companies) {
      const automation = curve.filter((point) => point.company === company.name && point.measure === "automation");
      expect(automation.map((point) => [point.month, point.value])).toEqual(company.byMonth.map((month) => [month.month, month.automation]));
    }
    expect(curve.filter((point) => point.company === allCompanies && point.measure === "accuracy").map((point) => point.value)).toEqual(run.report.totals.byMonth.map((month) => month.accuracy));
  });

  it("shares out each company's transactions among the deciders, as the table does", () => {
    const shares = tierShares(run.report);
    for (const name of [...run.report.companies.map((company) => company.name), allCompanies]) {
      expect(shares.filter((share) => share.company === name).reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 3);
    }
  });

  it("counts the review queue's intake and the bookkeeper's work month by month", () => {
    const months = reviewByMonth(run.report);
    expect(months).toHaveLength(4);
    for (const company of run.report.companies) {
      const own = months.filter((month) => month.company === company.name);
      expect(own.reduce((sum, month) => sum + month.fixes, 0)).toBe(company.work.corrections + company.work.accepts + company.work.unpaired);
      expect(own.reduce((sum, month) => sum + month.toReview, 0)).toBe(Math.round(company.tiers.review * company.transactions.imported));
    }
  });

  it("lists every upload's latency and every receipt's outcome, and the failed receipts among them", () => {
    expect(importLatencies(run.report)).toHaveLength(run.report.companies.reduce((sum, company) => sum + company.imports.length, 0));
    const receipts = receiptPoints(run.report);
    expect(receipts).toHaveLength(run.report.totals.receipts.uploaded);
    expect(receipts.filter((receipt) => receipt.outcome === "right")).toHaveLength(run.report.totals.receipts.correct);
    const failed = failedReceipts(run.report);
    expect(failed.every((receipt) => !["right", "cash"].includes(receipt.outcome))).toBe(true);
    expect(failed).toHaveLength(receipts.length - run.report.totals.receipts.correct - receipts.filter((receipt) => receipt.outcome === "cash").length);
    const recall = receiptFigures(run.report).filter((figure) => figure.measure === "recall");
    expect(recall.map((figure) => figure.value)).toEqual([...run.report.companies.map((company) => company.receipts.recall), run.report.totals.receipts.recall]);
  });

  it("reads the training export back: labels by split, and the learned tier's answers against them", async () => {
    for (const company of run.report.companies) {
      const lines = trainingLines(await readFile(join(run.trainingFolder, `${company.slug}.jsonl`), "utf8"));
      expect(lines).toHaveLength(company.training.lines);
      const counts = labelCounts(lines);
      expect(counts.filter((count) => count.split === "test").reduce((sum, count) => sum + count.lines, 0)).toBe(company.training.splits.test);
      const learned = lines.filter((line) => line.source === "learned" || line.previous?.source === "learned");
      expect(learnedConfusion(lines).reduce((sum, cell) => sum + cell.lines, 0)).toBe(learned.length);
    }
  });
});
