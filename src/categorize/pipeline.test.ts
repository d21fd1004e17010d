import { describe, expect, it } from "vitest";
import { bestSuggestion, categorize, confidenceThresholdDefault, reasonLengthMax, type Categorizable, type ChartEntry, type CompanyContext, type Suggestion, type Tier } from "./pipeline.ts";
import type { TierSource } from "../shared/vocabulary.ts";
import type { Rule } from "./rules.ts";
import { rulesTier } from "./rules-tier.ts";

const chart: ChartEntry[] = [
  { id: "id-1010", code: "1010", name: "Checking", type: "asset", subtype: "bank" },
  { id: "id-5010", code: "5010", name: "Food", type: "expense", subtype: "cost_of_goods" },
  { id: "id-6300", code: "6300", name: "Software", type: "expense", subtype: "operating_expense" },
  { id: "id-6600", code: "6600", name: "Office", type: "expense", subtype: "operating_expense" },
  { id: "id-6999", code: "6999", name: "Uncategorized", type: "expense", subtype: "suspense" },
];

const item = (description: string): Categorizable => ({ bankAccountId: "checking", postedOn: "2025-03-01", amountMinor: -1_000, description, vendor: description });
const items = [item("KROGER 417"), item("MYSTERY 1"), item("SHELL OIL"), item("MYSTERY 2")];

function context(rules: Rule[] = []): CompanyContext {
  return {
    companyId: "company",
    industry: "retail",
    currency: "USD",
    chart,
    bankAccount: { id: "checking", kind: "checking", ledgerAccountId: "id-1010" },
    now: new Date("2025-04-01T00:00:00Z"),
    history: { rules: () => Promise.resolve(rules), learned: () => Promise.resolve({ stats: new Map(), calibration: new Map() }), recentAccounts: () => Promise.resolve(new Map()) },
  };
}

const rule = (id: string, value: string, accountCode: string): Rule => ({
  id,
  name: id,
  conditions: { description: { operator: "contains", value } },
  accountId: `id-${accountCode}`,
  accountCode,
  renameVendor: null,
  origin: "person",
});
const rules = [rule("kroger", "kroger", "5010"), rule("shell", "shell", "6600")];

/** A tier that answers every item with one account and confidence, and records the batches it was asked. */
function fixedTier(source: TierSource, confidence: number, accountCode: string, asked: string[][] = [], batchItemsMax = 100): Tier {
  return {
    name: `fixed-${source}`,
    source,
    batchItemsMax,
    deadlineMs: 1_000,
    decide({ items: batch }) {
      asked.push(batch.map((one) => one.description));
      return Promise.resolve(batch.map((): Suggestion => ({ accountCode, source, confidence, reason: `fixed at ${confidence}`, evidence: { model: "fixed-1" } })));
    },
  };
}

const options = { confidenceThreshold: confidenceThresholdDefault };

describe("categorize", () => {
  it("passes what a tier leaves undecided to the next, keeping the input's order", async () => {
    const asked: string[][] = [];
    const results = await categorize(items, [rulesTier, fixedTier("learned", 0.95, "6300", asked)], context(rules), options);
    expect(asked).toEqual([["MYSTERY 1", "MYSTERY 2"]]);
    expect(results.map((result) => [result.decision?.source, result.decision?.accountId])).toEqual([
      ["rule", "id-5010"],
      ["learned", "id-6300"],
      ["rule", "id-6600"],
      ["learned", "id-6300"],
    ]);
    expect(results[0]?.decision?.evidence).toEqual({ ruleId: "kroger", tier: "rules" });
  });

  it("keeps a suggestion under the threshold, passes its item on, and lets a later tier decide", async () => {
    const asked: string[][] = [];
    const results = await categorize(items.slice(0, 2), [fixedTier("learned", 0.79, "6600", asked), fixedTier("llm", 0.8, "6300", asked)], context(), options);
    expect(asked).toEqual([
      ["KROGER 417", "MYSTERY 1"],
      ["KROGER 417", "MYSTERY 1"],
    ]);
    for (const result of results) {
      expect(result.decision).toMatchObject({ source: "llm", accountId: "id-6300", confidence: 0.8 });
      expect(result.suggestions.map((suggestion) => [suggestion.source, suggestion.confidence])).toEqual([
        ["learned", 0.79],
        ["llm", 0.8],
      ]);
    }
  });

  it("decides by the company's threshold, not a fixed one", async () => {
    const strict = await categorize(items.slice(0, 1), [fixedTier("learned", 0.9, "6600")], context(), { confidenceThreshold: 0.95 });
    expect(strict[0]?.decision).toBeUndefined();
    expect(strict[0]?.suggestions).toHaveLength(1);
    const lenient = await categorize(items.slice(0, 1), [fixedTier("learned", 0.6, "6600")], context(), { confidenceThreshold: 0.5 });
    expect(lenient[0]?.decision?.accountId).toBe("id-6600");
  });

  it("leaves undecided, with no suggestion, what no tier answers; and nothing at all without tiers", async () => {
    const silent: Tier = { name: "llm-stub", source: "llm", batchItemsMax: 10, deadlineMs: 100, decide: ({ items: batch }) => Promise.resolve(batch.map(() => undefined)) };
    const results = await categorize(items, [rulesTier, silent], context(rules), options);
    expect(results.map((result) => result.decision?.source)).toEqual(["rule", undefined, "rule", undefined]);
    expect(results[1]).toEqual({ decision: undefined, suggestions: [] });
    expect(await categorize(items, [], context(), options)).toEqual(items.map(() => ({ decision: undefined, suggestions: [] })));
  });

  it("asks no further tier once everything is decided", async () => {
    const asked: string[][] = [];
    await categorize([item("KROGER 1"), item("SHELL 2")], [rulesTier, fixedTier("learned", 1, "6600", asked)], context(rules), options);
    expect(asked).toEqual([]);
  });

  it("gives a tier at most its batch size at a time", async () => {
    const asked: string[][] = [];
    const many = Array.from({ length: 7 }, (_, index) => item(`ROW ${index}`));
    const results = await categorize(many, [fixedTier("llm", 0.9, "6600", asked, 3)], context(), options);
    expect(asked.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(asked.flat()).toEqual(many.map((one) => one.description));
    expect(results.every((result) => result.decision?.source === "llm")).toBe(true);
  });

  it("costs a failing, late or miscounting tier only its own answers: its items pass on, and each failure is told", async () => {
    const failures: [string, string, string][] = [];
    const onTierFailure = (tier: string, kind: string, error: unknown) => failures.push([tier, kind, (error as Error).message]);
    const throwing: Tier = { name: "learned-stub", source: "learned", batchItemsMax: 10, deadlineMs: 1_000, decide: () => Promise.reject(new Error("model store is down")) };
    const hanging: Tier = { name: "hanging", source: "llm", batchItemsMax: 10, deadlineMs: 30, decide: () => new Promise(() => undefined) };
    const short: Tier = { name: "short", source: "llm", batchItemsMax: 10, deadlineMs: 1_000, decide: () => Promise.resolve([]) };
    const results = await categorize(items, [rulesTier, throwing, hanging, short, fixedTier("llm", 0.9, "6300")], context(rules), { ...options, onTierFailure });
    expect(results.map((result) => result.decision?.accountId)).toEqual(["id-5010", "id-6300", "id-6600", "id-6300"]);
    expect(failures).toEqual([
      ["learned-stub", "batch", "model store is down"],
      ["hanging", "batch", "the hanging tier gave no answer within 30 ms"],
      ["short", "batch", "the short tier answered 0 items of 2"],
    ]);
  });

  it("passes the deadline to the tier as an abort signal", async () => {
    let seen: AbortSignal | undefined;
    const patient: Tier = {
      name: "patient",
      source: "llm",
      batchItemsMax: 10,
      deadlineMs: 20,
      decide: ({ signal }) => {
        seen = signal;
        return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted by the deadline"))));
      },
    };
    const results = await categorize(items.slice(1, 2), [patient], context(), options);
    expect(seen?.aborted).toBe(true);
    expect(results[0]?.decision).toBeUndefined();
  });

  it("refuses answers it cannot post: an account outside the chart, suspense, the item's own bank account, a confidence out of range, another tier's name", async () => {
    const failures: string[] = [];
    const answers: Suggestion[] = [
      { accountCode: "9999", source: "llm", confidence: 1, reason: "made up", evidence: {} },
      { accountCode: "6999", source: "llm", confidence: 1, reason: "suspense", evidence: {} },
      { accountCode: "1010", source: "llm", confidence: 1, reason: "itself", evidence: {} },
      { accountCode: "6600", source: "llm", confidence: 1.5, reason: "too sure", evidence: {} },
    ];
    const wild: Tier = { name: "llm-stub", source: "llm", batchItemsMax: 10, deadlineMs: 1_000, decide: () => Promise.resolve(answers) };
    const impostor: Tier = { name: "learned-stub", source: "learned", batchItemsMax: 10, deadlineMs: 1_000, decide: ({ items: batch }) => Promise.resolve(batch.map(() => ({ accountCode: "6600", source: "rule" as const, confidence: 1, reason: "sure", evidence: {} }))) };
    const results = await categorize(items, [wild, impostor], context(), { ...options, onTierFailure: (_tier, _kind, error) => failures.push((error as Error).message) });
    expect(results).toEqual(items.map(() => ({ decision: undefined, suggestions: [] })));
    expect(failures.slice(0, 3)).toEqual([
      "account 9999 is not in the chart",
      "the suspense account is where undecided items wait, not a decision",
      "an item cannot be posted against its own bank account",
    ]);
    expect(failures[3]).toMatch(/^the llm-stub tier's answer is not a suggestion \(confidence: /);
    expect(failures.slice(4)).toEqual(items.map(() => "the learned-stub tier is a learned tier but answered as rule"));
  });

  it("refuses answers that are not suggestions at all, as a model might write them, without failing the batch", async () => {
    const failures: string[] = [];
    const garbage: unknown[] = [null, "6600", { accountCode: "6600", source: "llm", confidence: 0.9, evidence: {} }, { accountCode: "6600", source: "llm", confidence: 0.9, reason: "nested", evidence: { model: { name: "m" } } }];
    const wild: Tier = { name: "garbage", source: "llm", batchItemsMax: 10, deadlineMs: 1_000, decide: () => Promise.resolve(garbage as Suggestion[]) };
    const results = await categorize(items, [wild, fixedTier("llm", 0.9, "6300")], context(), { ...options, onTierFailure: (_tier, _kind, error) => failures.push((error as Error).message) });
    expect(results.map((result) => result.decision?.accountId)).toEqual(["id-6300", "id-6300", "id-6300", "id-6300"]);
    expect(failures).toHaveLength(4);
    expect(failures[2]).toContain("reason");
    expect(failures[3]).toContain("evidence.model");
  });

  it("keeps a long reason to a sentence's length, and stamps which tier answered into the evidence", async () => {
    const wordy: Tier = { name: "wordy", source: "llm", batchItemsMax: 10, deadlineMs: 1_000, decide: ({ items: batch }) => Promise.resolve(batch.map(() => ({ accountCode: "6300", source: "llm" as const, confidence: 0.95, reason: "x".repeat(3_000_000), evidence: { model: "m-1" } }))) };
    const [result] = await categorize(items.slice(0, 1), [wordy], context(), options);
    expect(result?.decision?.reason.length).toBe(reasonLengthMax);
    expect(result?.decision?.evidence).toEqual({ model: "m-1", tier: "wordy" });
  });

  it("lets a rule post to another of the company's bank accounts, but never a guessing tier: pairing posts transfers", async () => {
    const savings: ChartEntry = { id: "id-1020", code: "1020", name: "Savings", type: "asset", subtype: "bank" };
    const withSavings = { ...context([rule("sweep", "sweep", "1020")]), chart: [...chart, savings] };
    const failures: string[] = [];
    const [byRule, byGuess] = await categorize([item("SWEEP TO SAVINGS"), item("ONLINE PAYMENT")], [rulesTier, fixedTier("llm", 0.99, "1020")], withSavings, { ...options, onTierFailure: (_tier, _kind, error) => failures.push((error as Error).message) });
    expect(byRule?.decision).toMatchObject({ source: "rule", accountId: "id-1020" });
    expect(byGuess?.decision).toBeUndefined();
    expect(failures).toEqual(["1020 is a bank or card account: one side of a transfer is posted by pairing with its other side"]);
  });

  it("does not ask a tier again in the same run once it missed its deadline", async () => {
    let calls = 0;
    const slow: Tier = {
      name: "slow",
      source: "llm",
      batchItemsMax: 1,
      deadlineMs: 20,
      decide: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
    };
    const results = await categorize(items, [slow], context(), options);
    expect(calls).toBe(1);
    expect(results.every((result) => result.decision === undefined)).toBe(true);
  });

  it("stops asking when the caller gives up", async () => {
    const asked: string[][] = [];
    const results = await categorize(items, [fixedTier("llm", 0.9, "6600", asked)], context(), { ...options, signal: AbortSignal.abort() });
    expect(asked).toEqual([]);
    expect(results.every((result) => result.decision === undefined)).toBe(true);
  });
});

describe("bestSuggestion", () => {
  it("is the most confident; on a tie, the tier that runs first; undefined for none", () => {
    const a = { confidence: 0.4, source: "rule" as const };
    const b = { confidence: 0.7, source: "llm" as const };
    const c = { confidence: 0.7, source: "learned" as const };
    expect(bestSuggestion([a, b, c])).toBe(c);
    expect(bestSuggestion([a, c, b])).toBe(c);
    expect(bestSuggestion<typeof a>([])).toBeUndefined();
  });
});
