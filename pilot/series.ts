/**
 * The pilot's report (simulation_metrics.json) as tidy rows, one fact per
 * row, for the notebooks' charts: the learning curve, who decided, what
 * went to review, how long each import took, and each receipt's outcome.
 * Pure: the report in, rows out. Every figure is one the report holds, so a
 * chart shows what `npm run pilot` printed for the same run.
 */
import type { ReceiptOutcome } from "./receipts.ts";
import type { PilotReport } from "./run.ts";
import type { TierShares, TotalsMetrics } from "./metrics.ts";

/** The name the totals go by in rows beside the companies. */
export const allCompanies = "all companies";

export interface CurvePoint {
  company: string;
  month: string;
  measure: "automation" | "accuracy";
  /** 0 to 1. */
  value: number;
}

/** Each company's part of the report, then the totals' under `allCompanies`. */
function companiesAndTotal<Part>(report: PilotReport, pick: (metrics: TotalsMetrics) => Part): { name: string; part: Part }[] {
  return [...report.companies.map((company) => ({ name: company.name, part: pick(company) })), { name: allCompanies, part: pick(report.totals) }];
}

/** The named measures that have a value (a share of nothing is null), one row each. */
function knownMeasures<Measure extends string>(values: Record<Measure, number | null>, measures: readonly Measure[]): { measure: Measure; value: number }[] {
  return measures.flatMap((measure) => {
    const value = values[measure];
    return value === null ? [] : [{ measure, value }];
  });
}

/** Automation and accuracy by month, for each company and all of them: how the books learn. */
export function learningCurve(report: PilotReport): CurvePoint[] {
  return companiesAndTotal(report, (metrics) => metrics.byMonth).flatMap(({ name, part }) =>
    part.flatMap((month) => knownMeasures(month, ["automation", "accuracy"] as const).map((known) => ({ company: name, month: month.month, ...known }))),
  );
}

export interface TierShare {
  company: string;
  tier: keyof TierShares;
  share: number;
}

/** Who decided each company's transactions, as the pilot's table shows it. */
export function tierShares(report: PilotReport): TierShare[] {
  return companiesAndTotal(report, (metrics) => metrics.tiers).flatMap(({ name, part }) => (Object.keys(part) as (keyof TierShares)[]).map((tier) => ({ company: name, tier, share: part[tier] })));
}

export interface ReviewMonth {
  company: string;
  month: string;
  /** Transactions the tiers left for a person that month. */
  toReview: number;
  /** What the bookkeeper did that month: corrections, accepted suggestions, undone pairings. */
  fixes: number;
}

/** The review queue month by month: what arrived in it, and what the bookkeeper did. */
export function reviewByMonth(report: PilotReport): ReviewMonth[] {
  return report.companies.flatMap((company) =>
    company.byMonth.map((month) => ({ company: company.name, month: month.month, toReview: month.review, fixes: month.corrections + month.accepts + month.unpaired })),
  );
}

export interface ImportPoint {
  company: string;
  month: string;
  bankAccount: string;
  rows: number;
  latencyMs: number;
}

/** Every statement upload's latency. */
export const importLatencies = (report: PilotReport): ImportPoint[] => report.companies.flatMap((company) => company.imports.map((upload) => ({ company: company.name, ...upload })));

export interface ReceiptPoint {
  company: string;
  receiptId: string;
  mediaType: string;
  outcome: ReceiptOutcome;
  score: number | null;
  reasons: string[];
}

export const receiptPoints = (report: PilotReport): ReceiptPoint[] => report.companies.flatMap((company) => company.receiptCases.map((receipt) => ({ company: company.name, ...receipt })));

/** The outcomes a person would have to act on: a wrong match, a missed charge, a cash slip matched anyway. */
export const failedReceipts = (report: PilotReport): ReceiptPoint[] => receiptPoints(report).filter((receipt) => ["wrong", "missed", "cash-matched", "suggested"].includes(receipt.outcome));

export interface ReceiptFigure {
  company: string;
  measure: "precision" | "recall";
  value: number;
}

/** Each company's and all companies' precision and recall of the automatic matches, as the pilot prints them. */
export function receiptFigures(report: PilotReport): ReceiptFigure[] {
  return companiesAndTotal(report, (metrics) => metrics.receipts).flatMap(({ name, part }) => knownMeasures(part, ["precision", "recall"] as const).map((known) => ({ company: name, ...known })));
}
