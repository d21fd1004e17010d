/**
 * Running the pipeline for one company: its chart, its history and its
 * threshold around the tiers the host injected. The tiers' failures are
 * logged here, once per tier and run, and cost nothing else.
 */
import type { Database } from "../db/database.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { loadRules } from "../rules/service.ts";
import type { TierSource } from "../shared/vocabulary.ts";
import { categorize, type Categorizable, type Categorized, type ChartEntry, type CompanyContext, type CompanyHistory, type Tier } from "./pipeline.ts";
import type { Rule } from "./rules.ts";

/** Reads each part of the company's history when a tier first asks, once per run. */
export function companyHistory(db: Database, companyId: string): CompanyHistory {
  let rules: Promise<readonly Rule[]> | undefined;
  return {
    rules: () => (rules ??= loadRules(db, companyId)),
  };
}

export interface CategorizeRequest {
  db: Database;
  tiers: readonly Tier[];
  company: Pick<CompanyRow, "id" | "industry" | "confidenceThreshold">;
  bankAccount: CompanyContext["bankAccount"];
  /** The company's chart of accounts, as the caller read it. */
  chart: readonly ChartEntry[];
  now: Date;
  signal?: AbortSignal | undefined;
}

/** Counts each tier's failures in a run and logs them once, with the first error's message. */
function failureLog(companyId: string): { record: (source: TierSource, error: unknown) => void; flush: () => void } {
  const failures = new Map<TierSource, { count: number; first: string }>();
  return {
    record(source, error) {
      const seen = failures.get(source);
      if (seen === undefined) failures.set(source, { count: 1, first: error instanceof Error ? error.message : String(error) });
      else seen.count += 1;
    },
    flush() {
      for (const [tier, { count, first }] of failures) {
        console.warn(JSON.stringify({ level: "warn", message: "a categorization tier could not answer; its items passed on", companyId, tier, failures: count, first }));
      }
    },
  };
}

export async function categorizeTransactions(request: CategorizeRequest, items: readonly Categorizable[]): Promise<Categorized[]> {
  const { db, company } = request;
  if (items.length === 0) return [];
  const context: CompanyContext = {
    companyId: company.id,
    industry: company.industry,
    chart: request.chart,
    bankAccount: request.bankAccount,
    now: request.now,
    history: companyHistory(db, company.id),
  };
  const log = failureLog(company.id);
  try {
    return await categorize(items, request.tiers, context, { confidenceThreshold: company.confidenceThreshold, signal: request.signal, onTierFailure: log.record });
  } finally {
    log.flush();
  }
}
