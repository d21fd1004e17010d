/**
 * Running the pipeline for one company: its chart, its history and its
 * threshold around the tiers the host injected. The tiers' failures are
 * logged here, once per tier and run, and cost nothing else.
 */
import type { Database } from "../db/database.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { addCounts, clearLearned, modelVersion, readCalibration, readCounts, setModelVersion } from "../db/queries/learned.ts";
import { labelledTransactions, recentCategories } from "../db/queries/transactions.ts";
import { loadRules } from "../rules/service.ts";
import { learnedModelVersion, type Calibration, type LabelCount } from "./learned.ts";
import { countTally, labelWeightOf } from "./learning.ts";
import { categorize, type Categorizable, type Categorized, type ChartEntry, type CompanyContext, type CompanyHistory, type Tier } from "./pipeline.ts";
import type { Rule } from "./rules.ts";

/**
 * Reads each part of the company's history when a tier first asks, once per
 * run: the rules, and the learned counts of each feature key (a second tier
 * asking about keys the first already read reads only the new ones).
 */
export function companyHistory(db: Database, companyId: string): CompanyHistory {
  let rules: Promise<readonly Rule[]> | undefined;
  let calibration: Promise<Calibration> | undefined;
  const stats = new Map<string, Map<string, LabelCount>>();
  const read = new Set<string>();
  return {
    rules: () => (rules ??= loadRules(db, companyId)),
    recentAccounts: (vendors, perVendor) => recentCategories(db.orm, companyId, vendors, perVendor),
    async learned(keys) {
      calibration ??= readCalibration(db.orm, companyId).then((rows) => new Map(rows.map((row) => [row.bin, { suggested: row.suggested, right: row.right }])));
      const missing = keys.filter((key) => !read.has(key));
      for (const key of missing) read.add(key);
      for (const row of await readCounts(db.orm, companyId, missing)) {
        let byAccount = stats.get(row.feature);
        if (byAccount === undefined) {
          byAccount = new Map();
          stats.set(row.feature, byAccount);
        }
        byAccount.set(row.accountId, { auto: row.auto, person: row.person });
      }
      return { stats, calibration: await calibration };
    },
  };
}

/** Companies whose learned counts are known to be the current model's, in this process: checked once each. */
const currentModels = new Set<string>();
const rebuildPageSize = 2_000;

/**
 * Builds the company's learned counts from its transactions, as the current
 * model counts them, in one batch: the counts are replaced whole, never half.
 * Calibration starts again too, since it judged another model's answers.
 */
export async function rebuildLearnedCounts(db: Database, companyId: string, now: Date): Promise<void> {
  // Summed as they are read: the counts are as many as the distinct features, however many transactions there are.
  const tally = countTally();
  for (let after = ""; ; ) {
    const page = await labelledTransactions(db.orm, companyId, after, rebuildPageSize);
    for (const row of page) {
      const weight = labelWeightOf(row.categorySource);
      if (weight !== undefined && row.categoryAccountId !== null) tally.add(row, row.categoryAccountId, weight, 1);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < rebuildPageSize) break;
    after = last.id;
  }
  await db.batch([...clearLearned(db.orm, companyId), ...addCounts(db.orm, companyId, tally.deltas()), setModelVersion(db.orm, companyId, learnedModelVersion, now.toISOString())]);
}

/**
 * Makes sure the company's learned counts are those of the current model,
 * rebuilding them when they were built by another version (or before the
 * learned tier existed).
 */
export async function ensureLearnedModel(db: Database, companyId: string, now: Date): Promise<void> {
  if (currentModels.has(companyId)) return;
  if ((await modelVersion(db.orm, companyId)) !== learnedModelVersion) await rebuildLearnedCounts(db, companyId, now);
  currentModels.add(companyId);
}

export interface CategorizeRequest {
  db: Database;
  tiers: readonly Tier[];
  company: Pick<CompanyRow, "id" | "industry" | "currency" | "confidenceThreshold">;
  bankAccount: CompanyContext["bankAccount"];
  /** The company's chart of accounts, as the caller read it. */
  chart: readonly ChartEntry[];
  now: Date;
  signal?: AbortSignal | undefined;
}

/** Counts each tier's failures in a run, batches and single answers apart, and logs them once, with the first error's message. */
function failureLog(companyId: string): { record: (tier: string, kind: "batch" | "answer", error: unknown) => void; flush: () => void } {
  const failures = new Map<string, { tier: string; kind: string; count: number; first: string }>();
  return {
    record(tier, kind, error) {
      const key = `${tier}\u0000${kind}`;
      const seen = failures.get(key);
      if (seen === undefined) failures.set(key, { tier, kind, count: 1, first: error instanceof Error ? error.message : String(error) });
      else seen.count += 1;
    },
    flush() {
      for (const { tier, kind, count, first } of failures.values()) {
        const message = kind === "batch" ? "a categorization tier could not answer a batch; its items passed on" : "a categorization tier gave answers that cannot be used; their items passed on";
        console.warn(JSON.stringify({ level: "warn", message, companyId, tier, [kind === "batch" ? "batches" : "answers"]: count, first }));
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
    currency: company.currency,
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
