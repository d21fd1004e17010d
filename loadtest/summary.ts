/**
 * A load run's figures, as k6's summary gives them: per scenario and kind of
 * request, the count, throughput, latency percentiles and failures, then
 * each threshold with a mark. Pure: figures in, text and verdicts out.
 */
import { formatTable } from "../seed/terminal.ts";
import { thresholds, type RequestKind } from "./scenarios.ts";

export interface KindFigures {
  scenario: string;
  kind: RequestKind;
  requests: number;
  /** Requests per second over the scenario's duration. */
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Answers of 400 or more, and requests with no answer. */
  failed: number;
  checks: { passed: number; failed: number };
}

export interface Verdict {
  /** As k6 names it, e.g. `http_req_duration{kind:read}`. */
  metric: string;
  rule: string;
  value: string;
  passed: boolean;
}

const ms = (value: number): string => value.toFixed(1);

export function figuresTable(rows: readonly KindFigures[]): string {
  const header = ["scenario", "kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "failed", "checks"];
  const cells = rows.map((row) => [
    row.scenario,
    row.kind,
    String(row.requests),
    row.rate.toFixed(1),
    ms(row.p50),
    ms(row.p95),
    ms(row.p99),
    ms(row.max),
    row.requests === 0 ? "-" : `${((100 * row.failed) / row.requests).toFixed(2)}%`,
    `${row.checks.passed}/${row.checks.passed + row.checks.failed}`,
  ]);
  return formatTable(header, cells, (column) => column > 1);
}

const p95Goal: Record<RequestKind, number> = { read: thresholds.readP95Ms, import: thresholds.importP95Ms, write: thresholds.writeP95Ms };

/** k6's thresholds, judged on one scenario's figures: the same rules the k6 scripts declare. */
export function verdicts(rows: readonly KindFigures[]): Verdict[] {
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const failed = rows.reduce((sum, row) => sum + row.failed, 0);
  const passed = rows.reduce((sum, row) => sum + row.checks.passed, 0);
  const checked = passed + rows.reduce((sum, row) => sum + row.checks.failed, 0);
  const failedRate = requests === 0 ? 0 : failed / requests;
  const checksRate = checked === 0 ? 1 : passed / checked;
  return [
    { metric: "http_req_failed", rule: `rate<${thresholds.failedRate}`, value: failedRate.toFixed(4), passed: failedRate < thresholds.failedRate },
    ...rows
      .filter((row) => row.requests > 0)
      .map((row) => ({ metric: `http_req_duration{scenario:${row.scenario},kind:${row.kind}}`, rule: `p(95)<=${p95Goal[row.kind]}`, value: `${ms(row.p95)} ms`, passed: row.p95 <= p95Goal[row.kind] })),
    { metric: "checks", rule: `rate>${thresholds.checksRate}`, value: checksRate.toFixed(4), passed: checksRate > thresholds.checksRate },
  ];
}

export const verdictLines = (all: readonly Verdict[]): string => all.map((verdict) => `${verdict.passed ? "✓" : "✗"} ${verdict.metric} ${verdict.rule} (${verdict.value})`).join("\n");
