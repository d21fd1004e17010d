/** The pilot's metrics as the table it prints: one row per company and a totals row. */
import { formatTable } from "../seed/terminal.ts";
import type { CompanyMetrics, TotalsMetrics } from "./metrics.ts";
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

export function metricsTable(report: PilotReport): string {
  const rows = report.companies.map((company: CompanyMetrics) => row(company.name, company));
  rows.push(row("total", report.totals));
  return formatTable(header, rows, (column) => column > 0);
}
