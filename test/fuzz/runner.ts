/**
 * A fuzz run: set up the tenants, read the app's own OpenAPI document, send
 * requests drawn from it one after another, judge every answer, then judge the
 * books and the bystander. Faults are collected, not thrown, so one run counts
 * everything it found; each comes with the exact request that caused it.
 */
import fc from "fast-check";
import { answerProblem, booksProblems, isJson, tenantChanges, type Answer } from "./checks.ts";
import { requestPlans, type OpenApiDocument, type RequestPlan } from "./operations.ts";
import { setUpTenant, snapshotTenant, type FuzzTarget } from "./tenants.ts";
import { World, type ConcreteRequest } from "./world.ts";

export interface Fault {
  reason: string;
  request: ConcreteRequest | undefined;
  status: number | undefined;
  answer: string;
}

export interface FuzzSummary {
  seed: number;
  tried: number;
  statusCounts: Record<string, number>;
  /** Statuses by operation (`POST /v1/.../rules`): what the run reached, and what only bounced. */
  byOperation: Record<string, Record<string, number>>;
  faults: Fault[];
}

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** How long one answer may take before it counts as a hang. */
  timeoutMs?: number;
  /** Requests in flight at once (default 1): more lets writes race each other, as real clients do. */
  concurrency?: number;
  onProgress?: (done: number, summary: FuzzSummary) => void;
}

/** Plans are drawn in batches, each from its own seed, so a long run never holds them all. */
const batchSize = 100;

/** A batch's seed: mixed, so runs from seeds 22 and 23 share no batches (seed + batch would shift one stream by one). */
const batchSeed = (seed: number, batch: number): number => (Math.imul(seed, 0x9e3779b1) ^ Math.imul(batch + 1, 0x85ebca6b)) | 0;

async function readDocument(target: FuzzTarget): Promise<OpenApiDocument> {
  const response = await target.fetch("/openapi.json", { method: "GET" });
  if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
  return response.json<OpenApiDocument>();
}

function initOf(world: World, target: FuzzTarget, sent: ConcreteRequest, signal: AbortSignal): RequestInit {
  const headers = new Headers(sent.headers);
  const authorization = world.authorization(sent.auth, target, sent.template);
  if (authorization !== undefined) headers.set("authorization", authorization);
  if (sent.body?.contentType !== undefined) headers.set("content-type", sent.body.contentType);
  return { method: sent.method, headers, body: sent.body?.bytes ?? null, signal };
}

async function send(world: World, target: FuzzTarget, sent: ConcreteRequest, timeoutMs: number): Promise<Answer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await target.fetch(sent.path, initOf(world, target, sent, signal));
  // Bytes, then text: workerd warns when .text() reads a body that does not say it is text (the JSON Lines export).
  const text = new TextDecoder().decode(await response.arrayBuffer());
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
}

function count(summary: FuzzSummary, sent: ConcreteRequest, status: string): void {
  summary.statusCounts[status] = (summary.statusCounts[status] ?? 0) + 1;
  // Another method than the document's is one line for all operations: its answer is routing's, not the operation's.
  const name = sent.method === sent.operationMethod ? `${sent.method} ${sent.template}` : "(any path, another method than the document's)";
  const operation = (summary.byOperation[name] ??= {});
  operation[status] = (operation[status] ?? 0) + 1;
}

const sentText = (sent: ConcreteRequest): string => sent.path + JSON.stringify(sent.headers) + (sent.body === undefined ? "" : new TextDecoder().decode(sent.body.bytes));

async function tryOne(world: World, target: FuzzTarget, sent: ConcreteRequest, timeoutMs: number, summary: FuzzSummary): Promise<void> {
  summary.tried++;
  let answer: Answer;
  try {
    answer = await send(world, target, sent, timeoutMs);
  } catch (error) {
    const reason = (error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms (a hang)` : `the request failed: ${(error as Error).message}`;
    count(summary, sent, "error");
    summary.faults.push({ reason, request: sent, status: undefined, answer: "" });
    return;
  }
  count(summary, sent, String(answer.status));
  const problem = answerProblem(answer, sentText(sent));
  if (problem !== undefined) summary.faults.push({ reason: problem, request: sent, status: answer.status, answer: answer.text.slice(0, 500) });
  else if (answer.status < 300 && isJson(answer.contentType)) world.harvest(sent, JSON.parse(answer.text));
}

/** A plan's copies, sent at once; each copy is a request tried. */
async function tryPlan(world: World, target: FuzzTarget, plan: RequestPlan, timeoutMs: number, summary: FuzzSummary): Promise<void> {
  const sent = world.concrete(plan);
  await Promise.all(Array.from({ length: plan.copies }, () => tryOne(world, target, sent, timeoutMs, summary)));
}

async function afterRun(target: FuzzTarget, world: World, before: Record<string, string>, summary: FuzzSummary): Promise<void> {
  const after = await snapshotTenant(target, world.other);
  const problems = [...(await booksProblems(target, world.own.companyId)), ...(await booksProblems(target, world.other.companyId)), ...tenantChanges(before, after, world.other)];
  for (const reason of problems) summary.faults.push({ reason, request: undefined, status: undefined, answer: "" });
}

export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzSummary> {
  const suffix = options.seed.toString(36);
  const world = new World(await setUpTenant(target, `Fuzz Co ${suffix}`), await setUpTenant(target, `Bystander Co ${suffix}`));
  const before = await snapshotTenant(target, world.other);
  const plans = requestPlans(await readDocument(target));
  const summary: FuzzSummary = { seed: options.seed, tried: 0, statusCounts: {}, byOperation: {}, faults: [] };
  // Runs count plans; a plan sent as two racing copies counts two requests tried.
  for (let batch = 0, planned = 0; planned < options.runs; batch++) {
    const size = Math.min(batchSize, options.runs - planned);
    planned += size;
    const sample = fc.sample(plans, { seed: batchSeed(options.seed, batch), numRuns: size });
    for (let start = 0; start < sample.length; start += options.concurrency ?? 1) {
      const group = sample.slice(start, start + (options.concurrency ?? 1));
      await Promise.all(group.map((plan) => tryPlan(world, target, plan, options.timeoutMs ?? 20_000, summary)));
      options.onProgress?.(summary.tried, summary);
    }
  }
  await afterRun(target, world, before, summary);
  return summary;
}
