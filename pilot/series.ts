/**
 * The pilot's report (simulation_metrics.json) as tidy rows, one fact per
 * row, for the notebooks' charts: the learning curve, who decided, what
 * went to review, how long each import took, and each receipt's outcome.
 * Pure: the report in, rows out. Every figure is one the report holds, so a
 * chart shows what `npm run pilot` printed for the same run.
 */
import type { ReceiptOutcome } from "./receipts.ts";
import type { PilotReport } from "./run.ts";
import type { TierShares } from "./metrics.ts";

/** The name the totals go by in rows beside the companies. */
export const allCompanies = "all companies";

export interface CurvePoint {
  company: string;
  month: string;
  measure: "automation" | "accuracy";
  /** 0 to 1. */
  value: number;
}

/** Automation and accuracy by month, for each company and all of them: how the books learn. */
export function learningCurve(report: PilotReport): CurvePoint[] {
  const named = [...report.companies.map((company) => ({ name: company.name, months: company.byMonth })), { name: allCompanies, months: report.totals.byMonth }];
  return named.flatMap(({ name, months }) =>
    months.flatMap((month) =>
      (["automation", "accuracy"] as const).flatMap((measure) => {
        const value = month[measure];
        return value === null ? [] : [{ company: name, month: month.month, measure, value }];
      }),
    ),
  );
}

export interface TierShare {
  company: string;
  tier: keyof TierShares;
  share: number;
}

/** Who decided each company's transactions, as the pilot's table shows it. */
export function tierShares(report: PilotReport): TierShare[] {
  const named = [...report.companies.map((company) => ({ name: company.name, tiers: company.tiers })), { name: allCompanies, tiers: report.totals.tiers }];
  return named.flatMap(({ name, tiers }) => (Object.keys(tiers) as (keyof TierShares)[]).map((tier) => ({ company: name, tier, share: tiers[tier] })));
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
  const named = [...report.companies.map((company) => ({ name: company.name, receipts: company.receipts })), { name: allCompanies, receipts: report.totals.receipts }];
  return named.flatMap(({ name, receipts }) =>
    (["precision", "recall"] as const).flatMap((measure) => {
      const value = receipts[measure];
      return value === null ? [] : [{ company: name, measure, value }];
    }),
  );
}
