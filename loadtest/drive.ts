/**
 * One scenario through autocannon: an instance per family of requests
 * (uploads at a constant arrival rate, browsing and reviewing in closed
 * loops), all at once, each request's latency recorded in an HDR histogram
 * by its kind, since autocannon keeps no 95th percentile of its own.
 */
import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";
import type { PreparedTenant, Target } from "./setup.ts";
import { insertedBy } from "./setup.ts";
import { browseRequests, correctionBody, correctionsPath, importPath, reviewQueuePath, scenarioShape, statementCsv, type LoadSettings, type RequestKind, type ScenarioName } from "./scenarios.ts";
import type { KindFigures } from "./summary.ts";

interface Tally {
  histogram: hdr.Histogram;
  failed: number;
  checks: { passed: number; failed: number };
}

/** What a request carries from its setup to its answer: autocannon keeps one such context per connection and cycle. */
interface Context {
  tenant?: PreparedTenant;
  kind?: RequestKind;
  sentAt?: number;
  queued?: string[];
}

type Setup = (request: autocannon.Request, context: Context) => autocannon.Request;

export interface RunState {
  tenants: readonly PreparedTenant[];
  /** Uploads sent so far in this run, across scenarios: each gets the next file, so none is a replay. */
  uploads: number;
  /** Rows each company's uploads inserted during the run. */
  inserted: Map<string, number>;
  turn: number;
}

export class ScenarioRun {
  private readonly tallies = new Map<RequestKind, Tally>();
  private readonly target: Target;
  private readonly state: RunState;
  private readonly settings: LoadSettings;

  constructor(target: Target, state: RunState, settings: LoadSettings) {
    this.target = target;
    this.state = state;
    this.settings = settings;
  }

  private tally(kind: RequestKind): Tally {
    let tally = this.tallies.get(kind);
    if (tally === undefined) {
      tally = { histogram: hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 }), failed: 0, checks: { passed: 0, failed: 0 } };
      this.tallies.set(kind, tally);
    }
    return tally;
  }

  private nextTenant(): PreparedTenant {
    const tenant = this.state.tenants[this.state.turn++ % this.state.tenants.length];
    if (tenant === undefined) throw new Error("a load run needs at least one tenant");
    return tenant;
  }

  /** Marks the request's kind and when it went out; the answer's handler reads both. */
  private stamp(context: Context, kind: RequestKind, request: autocannon.Request): autocannon.Request {
    context.kind = kind;
    context.sentAt = performance.now();
    return request;
  }

  private headers(tenant: PreparedTenant, contentType?: string): Record<string, string> {
    return { authorization: `Bearer ${tenant.apiKey}`, ...(contentType === undefined ? {} : { "content-type": contentType }) };
  }

  private answer(status: number, body: string, context: Context): void {
    const kind = context.kind ?? "read";
    const tally = this.tally(kind);
    tally.histogram.recordValue(Math.max(1, Math.round((performance.now() - (context.sentAt ?? performance.now())) * 1000)));
    if (status >= 400) tally.failed += 1;
    let held = kind === "import" ? status === 201 || status === 200 : status === 200;
    if (held && kind === "import" && context.tenant !== undefined) {
      try {
        const inserted = insertedBy(JSON.parse(body) as Parameters<typeof insertedBy>[0]);
        this.state.inserted.set(context.tenant.companyId, (this.state.inserted.get(context.tenant.companyId) ?? 0) + inserted);
      } catch {
        held = false;
      }
    }
    tally.checks[held ? "passed" : "failed"] += 1;
  }

  private ingestRequests(): autocannon.Request[] {
    const setup: Setup = (request, context) => {
      const upload = this.state.uploads++;
      const index = upload % this.state.tenants.length;
      const tenant = this.state.tenants[index] as PreparedTenant;
      context.tenant = tenant;
      const body = statementCsv(index, 1 + Math.floor(upload / this.state.tenants.length), this.settings.rowsPerImport);
      return this.stamp(context, "import", { ...request, method: "POST", path: `${importPath(tenant)}?filename=load-${upload}.csv`, headers: this.headers(tenant, "text/csv"), body });
    };
    return [{ setupRequest: setup, onResponse: (status, body, context) => this.answer(status, body, context) }];
  }

  private browseRequests(): autocannon.Request[] {
    const count = browseRequests({ companyId: "", apiKey: "", bankAccountId: "" }).length;
    return Array.from({ length: count }, (_, index) => {
      const setup: Setup = (request, context) => {
        // A cycle reads one tenant's screens; the next cycle, the next tenant's.
        context.tenant ??= this.nextTenant();
        const planned = browseRequests(context.tenant)[index];
        return this.stamp(context, "read", { ...request, method: "GET", path: planned?.path ?? "/health", headers: this.headers(context.tenant) });
      };
      return { setupRequest: setup, onResponse: (status: number, body: string, context: object) => this.answer(status, body, context) };
    });
  }

  private reviewRequests(): autocannon.Request[] {
    const open: Setup = (request, context) => {
      context.tenant = this.nextTenant();
      return this.stamp(context, "read", { ...request, method: "GET", path: reviewQueuePath(context.tenant), headers: this.headers(context.tenant) });
    };
    const correct: Setup = (request, context) => {
      const tenant = context.tenant ?? this.nextTenant();
      const ids = context.queued ?? [];
      // An empty queue leaves nothing to correct: the bookkeeper reads the queue again instead.
      if (ids.length === 0) return this.stamp(context, "read", { ...request, method: "GET", path: reviewQueuePath(tenant), headers: this.headers(tenant) });
      return this.stamp(context, "write", { ...request, method: "POST", path: correctionsPath(tenant), headers: this.headers(tenant, "application/json"), body: correctionBody(ids, this.state.turn++) });
    };
    const onQueue = (status: number, body: string, context: object): void => {
      const own = context as Context;
      this.answer(status, body, own);
      own.queued = status === 200 ? ((JSON.parse(body) as { data: { id: string }[] }).data.map((item) => item.id)) : [];
    };
    return [
      { setupRequest: open, onResponse: onQueue },
      { setupRequest: correct, onResponse: (status, body, context) => this.answer(status, body, context) },
    ];
  }

  private async instance(options: Partial<autocannon.Options> & { requests: autocannon.Request[]; connections: number }, kind: RequestKind): Promise<void> {
    const result = await autocannon({ url: this.target.url, duration: this.settings.durationSeconds, timeout: 30, ...options });
    // Requests that got no answer at all (refused, reset, timed out) never reached onResponse.
    this.tally(kind).failed += result.errors + result.timeouts;
  }

  async run(name: ScenarioName): Promise<KindFigures[]> {
    const shape = scenarioShape(name, this.settings);
    const started = performance.now();
    const instances: Promise<void>[] = [];
    if (shape.ingestRate > 0) instances.push(this.instance({ requests: this.ingestRequests(), connections: Math.max(2, Math.ceil(shape.ingestRate)), overallRate: shape.ingestRate }, "import"));
    if (shape.browseClients > 0) instances.push(this.instance({ requests: this.browseRequests(), connections: shape.browseClients }, "read"));
    if (shape.reviewClients > 0) instances.push(this.instance({ requests: this.reviewRequests(), connections: shape.reviewClients }, "write"));
    await Promise.all(instances);
    const seconds = (performance.now() - started) / 1000;
    return [...this.tallies].map(([kind, tally]) => {
      const at = (percentile: number): number => tally.histogram.getValueAtPercentile(percentile) / 1000;
      const requests = tally.histogram.totalCount;
      return { scenario: name, kind, requests, rate: requests / seconds, p50: at(50), p95: at(95), p99: at(99), max: tally.histogram.maxValue / 1000, failed: tally.failed, checks: tally.checks };
    });
  }
}
