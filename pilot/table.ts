/** The pilot's metrics as the table it prints: one row per company and a totals row. */
import { formatTable } from "../seed/terminal.ts";
import type { CompanyMetrics, TotalsMetrics } from "./metrics.ts";
import type { ReceiptMetrics } from "./receipts.ts";
import type { PilotReport } from "./run.ts";

const header = ["company", "imported", "dupes", "rejected", "rule", "learned", "llm", "transfer", "review", "accuracy", "auto 4+", "acc 4+", "fixes", "queue", "transfers", "balanced", "p50 ms", "p95 ms", "wall s", "checks"];

const percent = (share: number | null): string => (share === null ? "-" : `${(share * 100).toFixed(1)}%`);

function row(name: string, m: TotalsMetrics): string[] {
  return [
    name,
    `${m.transactions.imported}/${m.transactions.truth}`,
    String(m.transactions.duplicatesSkipped),
    String(m.transactions.rejected),
    percent(m.tiers.rule),
    percent(m.tiers.learned),
    percent(m.tiers.llm),
    percent(m.tiers.transfer),
    percent(m.tiers.review),
    percent(m.accuracy),
    percent(m.fromMonth4?.automation ?? null),
    percent(m.fromMonth4?.accuracy ?? null),
    String(m.work.corrections + m.work.accepts + m.work.unpaired),
    String(m.reviewQueue),
    `${m.transfers.found}/${m.transfers.truth}`,
    m.trialBalance.balanced ? "yes" : "NO",
    m.latencyMs.p50.toFixed(1),
    m.latencyMs.p95.toFixed(1),
    (m.wallMs / 1000).toFixed(2),
    m.failures.length === 0 ? "ok" : `${m.failures.length} FAILED`,
  ];
}

const count = (value: number): string => value.toLocaleString("en-US");

/**
 * The lines under the table: the LLM tier on its own (what it posted, how
 * much was right, what it cost, how soon its decisions landed) and the cold
 * start, month 1, which is what an LLM tier is for.
 */
export function llmSummary(report: PilotReport): string {
  const { llm, byMonth } = report.totals;
  const cost = llm.calls === null ? "the host reports no usage" : `${count(llm.calls)} calls (${count(llm.requests ?? 0)} requests), ${count((llm.promptTokens ?? 0) + (llm.completionTokens ?? 0))} tokens`;
  const landed = llm.settleMs === null ? "" : `; decisions landed ${llm.settleMs.p50.toFixed(0)} ms (p50) and ${llm.settleMs.p95.toFixed(0)} ms (p95) after their import answered`;
  const first = byMonth[0];
  return [
    `LLM tier: posted ${count(llm.decided)} transaction${llm.decided === 1 ? "" : "s"}, ${count(llm.correct)} right (${percent(llm.accuracy)}); ${cost}${landed}.`,
    first === undefined ? "" : `Month 1 (${first.month}, the cold start): automation ${percent(first.automation)}, accuracy ${percent(first.accuracy)}.`,
  ].join("\n");
}

export function metricsTable(report: PilotReport): string {
  const rows = report.companies.map((company: CompanyMetrics) => row(company.name, company));
  rows.push(row("total", report.totals));
  return formatTable(header, rows, (column) => column > 0);
}

const mediaTypeNames: Record<string, string> = { "text/plain": "text", "application/pdf": "PDF", "image/png": "photo", "image/jpeg": "photo" };

function receiptLine(name: string, r: ReceiptMetrics): string {
  const kinds = Object.entries(r.byMediaType)
    .map(([type, n]) => `${count(n)} ${mediaTypeNames[type] ?? type}`)
    .join(", ");
  const unreadable = r.unreadable === 0 ? "" : `, ${count(r.unreadable)} unreadable`;
  const suggested = r.suggestedRight === 0 ? "" : `; ${count(r.suggestedRight)} more have their charge among the suggestions`;
  return `${name}: ${count(r.uploaded)} receipts (${kinds})${unreadable}; matched ${count(r.matched)}, ${count(r.correct)} right: precision ${percent(r.precision)}, recall ${percent(r.recall)} of ${count(r.withCharge)} with a charge; cash ${count(r.cashMatched)} of ${count(r.cash)} matched${suggested}.`;
}

/** The receipts' lines: each company's matching against the truth, then the totals. */
export function receiptSummary(report: PilotReport): string {
  if (report.totals.receipts.uploaded === 0) return "Receipts: none sent.";
  return [...report.companies.map((company) => receiptLine(company.name, company.receipts)), receiptLine("Receipts, all companies", report.totals.receipts)].join("\n");
}

/** The training dataset's line: its size, splits and labels, and where it was written. */
export function trainingSummary(report: PilotReport, folder: string): string {
  const { lines, splits, labels } = report.totals.training;
  return `Training dataset: ${count(lines)} lines (train ${count(splits.train)}, validation ${count(splits.validation)}, test ${count(splits.test)}), ${count(labels.length)} labels (account codes), in ${folder}.`;
}
