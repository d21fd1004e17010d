import { describe, expect, it } from "vitest";
import { readMessage } from "./anthropic.ts";
import { readChatCompletion } from "./openai.ts";
import { callProvider, ProviderFailure, retryAfterMs, type LlmProvider, type ProviderAnswer } from "./provider.ts";
import { readWorkersAiAnswer } from "./workers-ai.ts";

const request = { items: [], chart: [] };
const answer: ProviderAnswer = { arguments: "{}", usage: { promptTokens: 1, completionTokens: 1 } };

/** A provider that fails as told, then answers. */
function scripted(failures: ProviderFailure[]): LlmProvider & { asked: number } {
  const provider = {
    name: "openai" as const,
    model: "scripted",
    asked: 0,
    ask: () => {
      const failure = failures[provider.asked];
      provider.asked += 1;
      return failure === undefined ? Promise.resolve(answer) : Promise.reject(failure);
    },
  };
  return provider;
}

const policy = { timeoutMs: 1_000, retriesMax: 2, retryAfterMsMax: 50 };

describe("callProvider", () => {
  it("retries a 429 and a 5xx, as often as the policy allows, after the wait the provider asked for", async () => {
    const provider = scripted([new ProviderFailure("rate_limited", "429", 0), new ProviderFailure("server_error", "503", 1)]);
    const result = await callProvider(provider, request, policy);
    expect(result).toMatchObject({ answer, attempts: 3 });
    const stubborn = scripted(Array.from({ length: 5 }, () => new ProviderFailure("server_error", "500", 0)));
    expect(await callProvider(stubborn, request, policy)).toMatchObject({ failure: { outcome: "server_error" }, attempts: 3 });
  });

  it("never retries what a retry cannot fix, nor waits longer than the policy's bound", async () => {
    const refused = scripted([new ProviderFailure("refused", "401")]);
    expect(await callProvider(refused, request, policy)).toMatchObject({ failure: { outcome: "refused" }, attempts: 1 });
    const patient = scripted([new ProviderFailure("rate_limited", "429", 60_000)]);
    expect(await callProvider(patient, request, policy)).toMatchObject({ failure: { outcome: "rate_limited" }, attempts: 1 });
  });

  it("times a hanging provider out", async () => {
    const hanging: LlmProvider = {
      name: "openai",
      model: "hang",
      ask: (_, signal) => new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new ProviderFailure("timeout", "late")))),
    };
    expect(await callProvider(hanging, request, { ...policy, timeoutMs: 20 })).toMatchObject({ failure: { outcome: "timeout" }, attempts: 1 });
    // The deadline cuts a request shorter than its own timeout would.
    const deadlined = await callProvider(hanging, request, { ...policy, timeoutMs: 60_000 }, { attemptsMax: 3, deadlineMs: Date.now() + 20 });
    expect(deadlined).toMatchObject({ failure: { outcome: "timeout" }, attempts: 1 });
  });

  it("sends no more requests than the budget's allowance, nor waits past the deadline to retry", async () => {
    const failing = () => scripted(Array.from({ length: 5 }, () => new ProviderFailure("server_error", "500", 0)));
    expect(await callProvider(failing(), request, policy, { attemptsMax: 1, deadlineMs: Infinity })).toMatchObject({ attempts: 1 });
    expect(await callProvider(failing(), request, policy, { attemptsMax: 2, deadlineMs: Infinity })).toMatchObject({ attempts: 2 });
    const slowRetry = scripted([new ProviderFailure("rate_limited", "429", 40)]);
    expect(await callProvider(slowRetry, request, policy, { attemptsMax: 3, deadlineMs: Date.now() + 10 })).toMatchObject({ failure: { outcome: "rate_limited" }, attempts: 1 });
  });
});

describe("retryAfterMs", () => {
  it("reads seconds and HTTP dates, and nothing else", () => {
    expect(retryAfterMs("2", 0)).toBe(2_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("soon", 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });
});

describe("reading each provider's answer", () => {
  it("takes our tool's call's arguments and the usage, and calls an answer without one garbage", () => {
    const invented = { function: { name: "lookup_vendor", arguments: "{}" } };
    const ours = { function: { name: "categorize_transactions", arguments: '{"decisions":[]}' } };
    expect(readChatCompletion({ choices: [{ message: { tool_calls: [invented, ours] } }], usage: { prompt_tokens: 5, completion_tokens: 2 } })).toEqual({
      arguments: '{"decisions":[]}',
      usage: { promptTokens: 5, completionTokens: 2 },
    });
    expect(() => readChatCompletion({ choices: [{ message: { tool_calls: [invented] } }] })).toThrow(ProviderFailure);
    expect(() => readChatCompletion({ choices: [] })).toThrow(ProviderFailure);
    expect(readMessage({ content: [{ type: "text" }, { type: "tool_use", name: "categorize_transactions", input: { decisions: [] } }], usage: { input_tokens: 3, output_tokens: 1 } })).toEqual({
      arguments: { decisions: [] },
      usage: { promptTokens: 3, completionTokens: 1 },
    });
    expect(() => readMessage({ content: [{ type: "text", text: "no" }] })).toThrow(/no tool_use block/);
    expect(readWorkersAiAnswer({ tool_calls: [{ name: "categorize_transactions", arguments: { decisions: [] } }] }).arguments).toEqual({ decisions: [] });
    expect(() => readWorkersAiAnswer({ response: "prose" })).toThrow(/no tool call/);
  });
});
