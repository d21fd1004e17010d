/**
 * A company's figures, for a bookkeeper's dashboard and the notebooks: who
 * decides its transactions, how much without a person and how much of that
 * people changed, what waits for review, its receipts, imports and LLM work.
 * The counting is SQL's (src/db/queries/metrics.ts); this only adds shares.
 */
import type { Database } from "../db/database.ts";
import { shareOf } from "../shared/ratio.ts";
import { countCompanies } from "../db/queries/companies.ts";
import { documentsByStatus, importTotals, llmTotals, reviewQueue, transactionsByMonth, type MetricsScope } from "../db/queries/metrics.ts";
import type { DocumentStatus } from "../shared/vocabulary.ts";

export interface TransactionCounts {
  imported: number;
  decidedBy: { rule: number; learned: number; llm: number; transfer: number; person: number; review: number };
  /** Decided by a person now (or sent back to review by one, as an undone pairing is), after a tier or the pairing had decided first. */
  personAfterTier: number;
  /** Of those, the ones a person moved to another account (not back where the tier had it). */
  changedByPeople: number;
}

export interface TransactionFigures extends TransactionCounts {
  /** Shares of `imported`, 0 to 1, four places. */
  shares: TransactionCounts["decidedBy"];
  /** The share first decided without a person: by a tier or the pairing, whether or not a person changed it later. */
  automation: number | null;
  /** Of those automatic decisions, the share no person changed. */
  accuracy: number | null;
}

export interface Metrics {
  from: string | null;
  to: string | null;
  granularity: "month";
  transactions: TransactionFigures;
  byMonth: (TransactionFigures & { month: string })[];
  reviewQueue: { size: number; oldestCreatedAt: string | null; oldestAgeDays: number | null };
  receipts: { documents: number; matched: number; suggested: number; unmatched: number; unreadable: number; matchRate: number | null };
  imports: { imports: number; rows: number; inserted: number; duplicates: number; rejected: number; skipped: number };
  llm: { calls: number; requests: number; promptTokens: number; completionTokens: number; latencyMsMean: number; latencyMsMax: number };
}


function figures(counts: TransactionCounts): TransactionFigures {
  const { imported, decidedBy } = counts;
  const automatic = decidedBy.rule + decidedBy.learned + decidedBy.llm + decidedBy.transfer + counts.personAfterTier;
  const shares = Object.fromEntries(Object.entries(decidedBy).map(([source, n]) => [source, shareOf(n, imported) ?? 0])) as TransactionCounts["decidedBy"];
  return { ...counts, shares, automation: shareOf(automatic, imported), accuracy: shareOf(automatic - counts.changedByPeople, automatic) };
}

const emptyCounts = (): TransactionCounts => ({ imported: 0, decidedBy: { rule: 0, learned: 0, llm: 0, transfer: 0, person: 0, review: 0 }, personAfterTier: 0, changedByPeople: 0 });

function added(total: TransactionCounts, month: TransactionCounts): TransactionCounts {
  const decidedBy = { ...total.decidedBy };
  for (const source of Object.keys(decidedBy) as (keyof TransactionCounts["decidedBy"])[]) decidedBy[source] += month.decidedBy[source];
  return { imported: total.imported + month.imported, decidedBy, personAfterTier: total.personAfterTier + month.personAfterTier, changedByPeople: total.changedByPeople + month.changedByPeople };
}

export async function metricsOf(db: Database, scope: MetricsScope, now: Date): Promise<Metrics> {
  const [months, queue, documents, importFigures, llm] = await Promise.all([transactionsByMonth(db.orm, scope), reviewQueue(db.orm, scope), documentsByStatus(db.orm, scope), importTotals(db.orm, scope), llmTotals(db.orm, scope)]);
  const counted = months.map(({ month, imported, personAfterTier, changedByPeople, ...decidedBy }) => ({ month, counts: { imported, decidedBy, personAfterTier, changedByPeople } }));
  const byMonth = counted.map(({ month, counts }) => ({ month, ...figures(counts) }));
  const total = counted.reduce((sum, { counts }) => added(sum, counts), emptyCounts());
  const byStatus = (status: DocumentStatus): number => documents.find((row) => row.status === status)?.documents ?? 0;
  const documentCount = documents.reduce((sum, row) => sum + row.documents, 0);
  const oldestAgeDays = queue.oldestCreatedAt === null ? null : Math.floor((now.getTime() - Date.parse(queue.oldestCreatedAt)) / 86_400_000);
  return {
    from: scope.from ?? null,
    to: scope.to ?? null,
    granularity: "month",
    transactions: figures(total),
    byMonth,
    reviewQueue: { ...queue, oldestAgeDays },
    receipts: { documents: documentCount, matched: byStatus("matched"), suggested: byStatus("suggested"), unmatched: byStatus("unmatched"), unreadable: byStatus("unreadable"), matchRate: shareOf(byStatus("matched"), documentCount) },
    imports: importFigures,
    llm,
  };
}

/** The operator's view: the same figures over every company, and how many there are. */
export async function everyCompanyMetrics(db: Database, period: Pick<MetricsScope, "from" | "to">, now: Date): Promise<Metrics & { companies: number }> {
  const [metrics, companies] = await Promise.all([metricsOf(db, { companyId: undefined, ...period }, now), countCompanies(db.orm)]);
  return { ...metrics, companies };
}
