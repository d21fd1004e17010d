/**
 * The pilot run: every company booked over HTTP in turn, then judged against
 * its truth. Runs wherever fetch does (Node, workerd); the CLI adds the host,
 * the files and the terminal.
 */
import { bookCompany } from "./book.ts";
import type { ApiTarget } from "../client/http.ts";
import type { PilotCompany } from "./company.ts";
import { companyMetrics, totalsOf, type CompanyMetrics, type TotalsMetrics } from "./metrics.ts";

/** The shape of simulation_metrics.json, for the notebooks and any other reader. */
export interface PilotReport {
  /** The generator's seed; null when the data came from a folder that does not say. */
  seed: number | null;
  /** Whether a simulated bookkeeper reviewed and corrected each month through the API. */
  bookkeeper: boolean;
  startedAt: string;
  host: string;
  companies: CompanyMetrics[];
  totals: TotalsMetrics;
}

export interface PilotProgress {
  company: string;
  companiesDone: number;
  companiesTotal: number;
  uploadsDone: number;
  uploadsTotal: number;
  /** Of the whole run, 0 to 1. */
  share: number;
  /** Set once a company is booked and judged. */
  finished?: CompanyMetrics;
}

export interface PilotOptions {
  target: ApiTarget;
  /** Each loads one company when its turn comes, so only one is in memory at a time. */
  companies: readonly (() => PilotCompany | Promise<PilotCompany>)[];
  seed: number | null;
  /** A bookkeeper reviews and corrects each month (the default); false only watches, as before there was one. */
  bookkeeper?: boolean;
  now?: () => Date;
  onProgress?: (progress: PilotProgress) => void;
  /** Each company's training dataset, as the API exported it, when the company is done. */
  onTrainingExport?: (slug: string, jsonl: string) => Promise<void> | void;
}

export async function runPilot(options: PilotOptions): Promise<PilotReport> {
  const { target, companies } = options;
  const onProgress = options.onProgress ?? (() => undefined);
  const startedAt = (options.now ?? (() => new Date()))().toISOString();
  const started = performance.now();
  const judged: ReturnType<typeof companyMetrics>[] = [];
  for (const [index, load] of companies.entries()) {
    const company = await load();
    const observed = await bookCompany(target, company, {
      bookkeeper: options.bookkeeper ?? true,
      onProgress: (booking) => {
        const within = booking.uploadsTotal === 0 ? 0 : booking.uploadsDone / booking.uploadsTotal;
        onProgress({ ...booking, companiesDone: index, companiesTotal: companies.length, share: (index + within) / companies.length });
      },
    });
    const result = companyMetrics(company, observed);
    await options.onTrainingExport?.(company.slug, observed.training);
    judged.push(result);
    const uploads = observed.imports.length;
    onProgress({
      company: company.name,
      companiesDone: index + 1,
      companiesTotal: companies.length,
      uploadsDone: uploads,
      uploadsTotal: uploads,
      share: (index + 1) / companies.length,
      finished: result.metrics,
    });
  }
  return {
    seed: options.seed,
    bookkeeper: options.bookkeeper ?? true,
    startedAt,
    host: target.name,
    companies: judged.map(({ metrics }) => metrics),
    totals: totalsOf(judged, performance.now() - started),
  };
}

/** Whether the run may exit zero: every company's invariants held and its counts agreed with the truth. */
export const pilotPassed = (report: PilotReport): boolean => report.totals.failures.length === 0;
