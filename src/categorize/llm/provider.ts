/**
 * What every LLM driver is: one `ask` per request, answering the tool call's
 * raw arguments and the tokens the provider counted, or failing with a kind
 * the caller can act on (retry a 429 or a 5xx, give up on the rest). And the
 * one place that times a request out and retries it, so each driver is only
 * its wire format.
 */
import type { LlmOutcome } from "../../shared/vocabulary.ts";
import type { LlmRequest } from "./contract.ts";

export type ProviderName = "mock" | "openai" | "anthropic" | "workers-ai";

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface ProviderAnswer {
  /** The tool call's arguments as sent: a JSON string or an object; readArguments checks them. */
  arguments: unknown;
  usage: Usage;
}

export interface LlmProvider {
  name: ProviderName;
  model: string;
  ask(request: LlmRequest, signal: AbortSignal): Promise<ProviderAnswer>;
}

/** A request that failed, by kind; `retryAfterMs` when the provider said how long to wait. */
export class ProviderFailure extends Error {
  override name = "ProviderFailure";
  readonly outcome: Exclude<LlmOutcome, "ok">;
  readonly retryAfterMs: number | undefined;

  constructor(outcome: Exclude<LlmOutcome, "ok">, message: string, retryAfterMs?: number) {
    super(message);
    this.outcome = outcome;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The `fetch` a driver uses: injected, so one adapter serves both hosts and a test can watch it. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Retry-After, in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Posts JSON and reads JSON, turning what can go wrong into a ProviderFailure:
 * 429 (rate_limited, with Retry-After), 5xx (server_error), another status
 * (refused: a wrong key or model, which a retry will not fix), a body that is
 * not JSON (garbage), and an abort (timeout). The key is never in a message.
 */
export async function postJson(fetcher: Fetch, url: string, headers: Record<string, string>, body: unknown, signal: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetcher(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), signal });
  } catch (error) {
    if (signal.aborted) throw new ProviderFailure("timeout", "the provider did not answer in time");
    throw new ProviderFailure("server_error", `the provider could not be reached (${error instanceof Error ? error.name : "network error"})`);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new ProviderFailure("rate_limited", "the provider is rate limiting (429)", retryAfterMs(response.headers.get("retry-after"), Date.now()));
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new ProviderFailure("server_error", `the provider failed (${response.status})`, retryAfterMs(response.headers.get("retry-after"), Date.now()));
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderFailure("refused", `the provider refused the request (${response.status}); check LLM_API_KEY, LLM_MODEL and LLM_BASE_URL`);
  }
  try {
    return await response.json();
  } catch {
    if (signal.aborted) throw new ProviderFailure("timeout", "the provider did not finish its answer in time");
    throw new ProviderFailure("garbage", "the provider's answer is not JSON");
  }
}

export interface CallPolicy {
  /** Each request's own limit. */
  timeoutMs: number;
  /** Retries after a 429 or a 5xx, never after anything else. */
  retriesMax: number;
  /** The longest wait a Retry-After may ask for; longer, and the call gives up. */
  retryAfterMsMax: number;
}

export interface CallResult {
  answer?: ProviderAnswer;
  failure?: ProviderFailure;
  attempts: number;
  latencyMs: number;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What one call may still spend: requests (the budgets' allowance) and time (an absolute deadline, in epoch ms). */
export interface CallLimits {
  attemptsMax: number;
  deadlineMs: number;
}

/**
 * One ask with its timeout, retried on 429 and 5xx up to the policy's bound,
 * honouring Retry-After; never more requests than the limits allow, and no
 * request or wait past the deadline.
 */
export async function callProvider(provider: LlmProvider, request: LlmRequest, policy: CallPolicy, limits: CallLimits = { attemptsMax: Infinity, deadlineMs: Infinity }): Promise<CallResult> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      const timeoutMs = Math.max(1, Math.min(policy.timeoutMs, limits.deadlineMs - Date.now()));
      const answer = await provider.ask(request, AbortSignal.timeout(timeoutMs));
      return { answer, attempts: attempt, latencyMs: Date.now() - started };
    } catch (error) {
      const failure = error instanceof ProviderFailure ? error : new ProviderFailure("garbage", "the provider's answer could not be read");
      const retryable = failure.outcome === "rate_limited" || failure.outcome === "server_error";
      const pause = failure.retryAfterMs ?? Math.min(2_000, 250 * 2 ** (attempt - 1));
      const allowed = attempt <= policy.retriesMax && attempt < limits.attemptsMax && pause <= policy.retryAfterMsMax && Date.now() + pause < limits.deadlineMs;
      if (!retryable || !allowed) return { failure, attempts: attempt, latencyMs: Date.now() - started };
      await wait(pause);
    }
  }
}
