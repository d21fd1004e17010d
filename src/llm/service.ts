/**
 * The LLM tier, which answers after the import does: what the rules and the
 * learned tier left in review is asked about once per vendor, direction and
 * band of amounts (an answer is remembered per company by the same), in
 * requests of at most 50, within the import's and the company's budgets of
 * calls. A vendor a person has labelled is not asked about: the learned tier
 * weighs those labels, and a model's guess never overrides them. What the
 * model is sure of is posted as a reversal and a new entry (source llm); the
 * rest stays in review with the answer as a suggestion. A provider that is
 * down, slow or talks nonsense costs nothing but its answers: those
 * transactions stay in review, and the import says so.
 */
import { chartForModel, itemsPerRequestMax, promptVersion, readArguments, unusable, type LlmChartAccount, type LlmItem } from "../categorize/llm/contract.ts";
import type { LlmSettings } from "../categorize/llm/config.ts";
import { callProvider, type LlmProvider } from "../categorize/llm/provider.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import type { Database } from "../db/database.ts";
import { listAccounts } from "../db/queries/accounts.ts";
import { readCounts } from "../db/queries/learned.ts";
import { featuresOf } from "../categorize/features.ts";
import { callsSince, readLlmAnswers, requestsSince, reserveLlmCall, reviewTransactionsOfImport, saveLlmAnswers, setImportLlm, settleLlmCall, type LlmAnswerRow, type LlmCallRow } from "../db/queries/llm.ts";
import { insertSuggestions, type NewSuggestion } from "../db/queries/transactions.ts";
import type { Attribution } from "../ledger/entries.ts";
import { newId } from "../shared/ids.ts";
import type { Evidence, LlmStatus } from "../shared/vocabulary.ts";
import { postTierDecisions, type TierDecision } from "../transactions/service.ts";

export interface LlmRun {
  db: Database;
  settings: LlmSettings;
  company: Pick<CompanyRow, "id" | "confidenceThreshold">;
  importId: string;
  now: () => Date;
}

type ReviewRow = Awaited<ReturnType<typeof reviewTransactionsOfImport>>[number];

/** One vendor in one direction and one band of amounts, and the import's transactions from it: asked about once. */
interface VendorGroup {
  direction: "in" | "out";
  /** The vendor's key and the amount band: what an answer is remembered by. */
  vendorKey: string;
  /** The learned tier's feature for the vendor: where the labels people gave it are counted. */
  vendorFeature: string;
  sample: ReviewRow;
  transactionIds: string[];
}

interface Answer {
  accountId: string;
  confidence: number;
  reason: string;
  remembered: boolean;
}

const reasonCharsMax = 500;
/**
 * An import's LLM work asks no more after this long: Workers lets work run
 * 30 s after the answer (waitUntil), and what is not asked by then stays in
 * review, the import saying budget_spent.
 */
export const askingMsMax = 20_000;

/**
 * Groups by vendor, direction and amount band, as the learned tier counts: a
 * shop's $4 coffee and its $900 espresso machine are asked about apart.
 */
function groupByVendor(rows: readonly ReviewRow[]): VendorGroup[] {
  const groups = new Map<string, VendorGroup>();
  for (const row of rows) {
    const features = featuresOf(row);
    const id = features.vendorBand;
    const group = groups.get(id);
    if (group !== undefined) group.transactionIds.push(row.id);
    else groups.set(id, { direction: features.direction, vendorKey: id.slice(`a|${features.direction}|`.length), vendorFeature: features.vendor, sample: row, transactionIds: [row.id] });
  }
  return [...groups.values()];
}

/** Vendors a person has labelled: the learned tier weighs those labels, and no model's answer may override them. */
async function taughtByPeople(run: LlmRun, groups: readonly VendorGroup[]): Promise<Set<string>> {
  const counts = await readCounts(run.db.orm, run.company.id, [...new Set(groups.map((group) => group.vendorFeature))]);
  return new Set(counts.filter((count) => count.person > 0).map((count) => count.feature));
}

const groupId = (group: Pick<VendorGroup, "direction" | "vendorKey">): string => `${group.direction}\u0000${group.vendorKey}`;

/** The start of the current UTC day: the company's budget is per day. */
const dayStart = (now: Date): string => `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;

function logFailure(run: LlmRun, provider: LlmProvider, outcome: string, detail: string): void {
  console.warn(
    JSON.stringify({ level: "warn", message: "the LLM provider could not answer; those transactions stay in review", companyId: run.company.id, importId: run.importId, provider: provider.name, model: provider.model, outcome, detail }),
  );
}

interface Asked {
  answers: Map<string, Answer>;
  status: LlmStatus;
}

/**
 * Reserves the next call's requests in both budgets, or answers undefined
 * when either is spent: the import's (counted here) and the company's day
 * (counted in the database, so concurrent imports share it).
 */
async function reserveCall(run: LlmRun, provider: LlmProvider, items: number, importAllowance: number): Promise<LlmCallRow | undefined> {
  const { db, settings, company } = run;
  const dayLeft = settings.callsPerCompanyDayMax - (await requestsSince(db.orm, company.id, dayStart(run.now())));
  const attempts = Math.min(settings.policy.retriesMax + 1, importAllowance, dayLeft);
  if (attempts <= 0) return undefined;
  const row: LlmCallRow = {
    id: newId(),
    companyId: company.id,
    importId: run.importId,
    provider: provider.name,
    model: provider.model,
    promptVersion,
    items,
    // Until the call ends: a host that dies mid-call leaves what it sent counted.
    outcome: "timeout",
    attempts,
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 0,
    startedAt: run.now().toISOString(),
  };
  return (await reserveLlmCall(db, row, { since: dayStart(run.now()), requestsMax: settings.callsPerCompanyDayMax })) ? row : undefined;
}

/**
 * An import's calls end by this long after its LLM work starts: Workers lets
 * work run 30 s after the answer, and a call cut short by the deadline is a
 * timeout like any other.
 */
const answeringMsMax = 27_000;

/** Asks about the vendors not remembered, 50 at a time, until done, out of budget, or the provider fails. */
async function ask(run: LlmRun, provider: LlmProvider, groups: readonly VendorGroup[], chart: readonly LlmChartAccount[], accountIdOf: ReadonlyMap<string, string>): Promise<Asked> {
  const { db, settings } = run;
  const asked: Asked = { answers: new Map(), status: "done" };
  let importAllowance = settings.callsPerImportMax;
  const startedAt = run.now().getTime();
  for (let start = 0; start < groups.length; start += itemsPerRequestMax) {
    const batch = groups.slice(start, start + itemsPerRequestMax);
    const reserved = run.now().getTime() - startedAt > askingMsMax ? undefined : await reserveCall(run, provider, batch.length, importAllowance);
    if (reserved === undefined) {
      asked.status = "budget_spent";
      break;
    }
    const items: LlmItem[] = batch.map((group, index) => ({
      ref: `i${index + 1}`,
      description: group.sample.description,
      vendor: group.sample.vendor,
      amountMinor: group.sample.amountMinor,
      postedOn: group.sample.postedOn,
      direction: group.direction,
    }));
    const result = await callProvider(provider, { items, chart }, settings.policy, { attemptsMax: reserved.attempts, deadlineMs: startedAt + answeringMsMax });
    importAllowance -= result.attempts;
    const read = result.answer === undefined ? undefined : readArguments(result.answer.arguments);
    const outcome = result.failure?.outcome ?? (read !== undefined && "garbage" in read ? "garbage" : "ok");
    const usage = result.answer?.usage;
    await db.batch([settleLlmCall(db.orm, { ...reserved, outcome, attempts: result.attempts, promptTokens: usage?.promptTokens ?? 0, completionTokens: usage?.completionTokens ?? 0, latencyMs: result.latencyMs })]);
    if (read === undefined || "garbage" in read) {
      logFailure(run, provider, outcome, result.failure?.message ?? (read !== undefined && "garbage" in read ? read.garbage : "no answer"));
      asked.status = "failed";
      break;
    }
    const refs = new Map(items.map((item, index) => [item.ref, batch[index] as VendorGroup]));
    for (const decision of read.decisions) {
      const group = refs.get(decision.ref);
      const accountId = accountIdOf.get(decision.accountCode);
      if (unusable(decision, new Set(refs.keys()), accountIdOf) !== undefined || group === undefined || accountId === undefined) continue;
      asked.answers.set(groupId(group), { accountId, confidence: decision.confidence, reason: decision.reason.slice(0, reasonCharsMax), remembered: false });
    }
  }
  return asked;
}

export async function answerImportWithLlm(run: LlmRun): Promise<void> {
  const provider = run.settings.provider;
  if (provider === null) return;
  try {
    await answerImport(run, provider);
  } catch (error) {
    console.error(JSON.stringify({ level: "error", message: "the LLM tier failed after an import; its transactions stay in review", companyId: run.company.id, importId: run.importId, error: error instanceof Error ? error.message : String(error) }));
    await run.db.batch([setImportLlm(run.db.orm, run.company.id, run.importId, { status: "failed", vendors: 0, decided: 0, suggested: 0 })]).catch(() => undefined);
  }
}

async function answerImport(run: LlmRun, provider: LlmProvider): Promise<void> {
  const { db, company, importId } = run;
  const [rows, accounts] = await Promise.all([reviewTransactionsOfImport(db.orm, company.id, importId), listAccounts(db.orm, company.id)]);
  const offered = chartForModel(accounts);
  const chart = offered.map((account) => ({ code: account.code, name: account.name, type: account.type }));
  const accountIdOf = new Map(offered.map((account) => [account.code, account.id]));
  const every = groupByVendor(rows);
  const taught = await taughtByPeople(run, every);
  const groups = every.filter((group) => !taught.has(group.vendorFeature));
  const asker = { provider: provider.name, model: provider.model, promptVersion };
  const remembered = new Map(
    (await readLlmAnswers(db.orm, company.id, [...new Set(groups.map((group) => group.vendorKey))], asker)).map((row): [string, Answer] => [
      groupId(row),
      { accountId: row.accountId, confidence: row.confidence, reason: row.reason, remembered: true },
    ]),
  );
  const asked = await ask(run, provider, groups.filter((group) => !remembered.has(groupId(group))), chart, accountIdOf);
  const answers = new Map([...remembered, ...asked.answers]);
  const createdAt = run.now().toISOString();
  const evidenceOf = (answer: Answer): Evidence => ({ tier: "llm", provider: provider.name, model: provider.model, promptVersion, remembered: answer.remembered ? 1 : 0 });
  const suggestions: NewSuggestion[] = [];
  const decisions: TierDecision[] = [];
  for (const group of groups) {
    const answer = answers.get(groupId(group));
    if (answer === undefined) continue;
    const attribution: Attribution = { source: "llm", confidence: answer.confidence, reason: answer.reason, evidence: evidenceOf(answer) };
    for (const transactionId of group.transactionIds) {
      suggestions.push({ transactionId, suggestion: { source: "llm", accountId: answer.accountId, confidence: answer.confidence, reason: answer.reason, evidence: attribution.evidence } });
      if (answer.confidence >= company.confidenceThreshold) decisions.push({ transactionId, accountId: answer.accountId, attribution });
    }
  }
  const learnedNow: LlmAnswerRow[] = groups.flatMap((group) => {
    const answer = asked.answers.get(groupId(group));
    return answer === undefined ? [] : [{ companyId: company.id, direction: group.direction, vendorKey: group.vendorKey, ...asker, accountId: answer.accountId, confidence: answer.confidence, reason: answer.reason, createdAt }];
  });
  const vendors = groups.filter((group) => answers.has(groupId(group))).length;
  await postTierDecisions(
    db,
    company.id,
    decisions,
    (changed) => [
      ...insertSuggestions(db.orm, company.id, createdAt, suggestions),
      ...saveLlmAnswers(db.orm, learnedNow),
      // Suggested: left in review with the answer beside it. One sure enough to post that a person decided meanwhile is neither.
      setImportLlm(db.orm, company.id, importId, { status: asked.status, vendors, decided: changed.length, suggested: suggestions.length - decisions.length }),
    ],
    run.now(),
  );
}

/** What the LLM tier cost a company since a day: for its metrics, and for working out what a provider would charge. */
export interface LlmUsage {
  /** As configured now: the calls counted may have gone to another, before a change of settings. */
  provider: string | null;
  model: string | null;
  since: string;
  /** Asks (one per batch of up to 50 vendors); requests counts retries too. */
  calls: number;
  requests: number;
  vendorsAsked: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: { p50: number; p95: number; max: number } | null;
  outcomes: Partial<Record<LlmCallRow["outcome"], number>>;
}

const percentile = (sorted: readonly number[], share: number): number => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;

export async function llmUsage(db: Database, settings: LlmSettings, companyId: string, since: string): Promise<LlmUsage> {
  const calls = await callsSince(db.orm, companyId, `${since}T00:00:00.000Z`);
  const latencies = calls.map((call) => call.latencyMs).sort((a, b) => a - b);
  const outcomes: LlmUsage["outcomes"] = {};
  for (const call of calls) outcomes[call.outcome] = (outcomes[call.outcome] ?? 0) + 1;
  const sum = (pick: (call: LlmCallRow) => number): number => calls.reduce((total, call) => total + pick(call), 0);
  return {
    provider: settings.provider?.name ?? null,
    model: settings.provider?.model ?? null,
    since,
    calls: calls.length,
    requests: sum((call) => call.attempts),
    vendorsAsked: sum((call) => call.items),
    promptTokens: sum((call) => call.promptTokens),
    completionTokens: sum((call) => call.completionTokens),
    latencyMs: latencies.length === 0 ? null : { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies.at(-1) ?? 0 },
    outcomes,
  };
}
