/**
 * The LLM tier's settings, from environment variables on Node and from vars
 * and secrets on Workers (the same names): which provider, how long a call
 * may take, and how many calls an import and a company's day may spend.
 * Wrong settings are refused when the host starts, with the variable named;
 * the key itself is never in a message.
 */
import { anthropicBaseUrl, anthropicProvider } from "./anthropic.ts";
import { mockProvider } from "./mock.ts";
import { openAiBaseUrl, openAiProvider } from "./openai.ts";
import type { CallPolicy, Fetch, LlmProvider } from "./provider.ts";
import { workersAiDefaultModel, workersAiProvider, type AiBinding } from "./workers-ai.ts";

export interface LlmSettings {
  /** Null: the tier is off, and what the first two tiers leave stays in review. */
  provider: LlmProvider | null;
  policy: CallPolicy;
  /** Requests one import may send (retries count). */
  callsPerImportMax: number;
  /** Requests one company may send in a UTC day (retries count). */
  callsPerCompanyDayMax: number;
}

export type LlmEnvironment = Partial<Record<"LLM_PROVIDER" | "LLM_BASE_URL" | "LLM_API_KEY" | "LLM_MODEL" | "LLM_TIMEOUT_MS" | "LLM_RETRIES" | "LLM_CALLS_PER_IMPORT" | "LLM_CALLS_PER_COMPANY_DAY", string>>;

export const llmProviderNames = ["mock", "openai", "anthropic", "workers-ai", "off"] as const;

export class LlmSettingsError extends Error {
  override name = "LlmSettingsError";
}

function wholeNumber(environment: LlmEnvironment, name: keyof LlmEnvironment, fallback: number, min: number, max: number): number {
  const raw = environment[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new LlmSettingsError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  return value;
}

function required(environment: LlmEnvironment, name: "LLM_API_KEY" | "LLM_MODEL", provider: string): string {
  const value = environment[name]?.trim();
  if (value === undefined || value === "") throw new LlmSettingsError(`LLM_PROVIDER=${provider} needs ${name}`);
  return value;
}

function baseUrl(environment: LlmEnvironment, fallback: string): string {
  const raw = environment.LLM_BASE_URL?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LlmSettingsError(`LLM_BASE_URL must be an http(s) URL, not ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new LlmSettingsError(`LLM_BASE_URL must be an http(s) URL, not ${JSON.stringify(raw)}`);
  return raw;
}

export interface LlmHostParts {
  fetch: Fetch;
  /** The Workers AI binding, where the host has one. */
  ai?: AiBinding | undefined;
  /** Where the one line saying the tier is off goes. */
  warn?: (message: string) => void;
}

function providerFrom(environment: LlmEnvironment, parts: LlmHostParts): LlmProvider | null {
  const name = environment.LLM_PROVIDER?.trim() || "mock";
  switch (name) {
    case "mock":
      return mockProvider();
    case "off":
      return null;
    case "openai": {
      const url = baseUrl(environment, openAiBaseUrl);
      const apiKey = environment.LLM_API_KEY?.trim() || undefined;
      // A local server (Ollama, vLLM) takes no key; OpenAI itself always does.
      if (apiKey === undefined && new URL(url).hostname === new URL(openAiBaseUrl).hostname) throw new LlmSettingsError("LLM_PROVIDER=openai at OpenAI's own URL needs LLM_API_KEY");
      return openAiProvider({ baseUrl: url, apiKey, model: required(environment, "LLM_MODEL", name), fetch: parts.fetch });
    }
    case "anthropic":
      return anthropicProvider({ baseUrl: baseUrl(environment, anthropicBaseUrl), apiKey: required(environment, "LLM_API_KEY", name), model: required(environment, "LLM_MODEL", name), fetch: parts.fetch });
    case "workers-ai":
      if (parts.ai === undefined) {
        parts.warn?.("LLM_PROVIDER=workers-ai, but this host has no AI binding (it is remote-only: absent offline and in tests); the LLM tier is off");
        return null;
      }
      return workersAiProvider({ ai: parts.ai, model: environment.LLM_MODEL?.trim() || workersAiDefaultModel });
    default:
      throw new LlmSettingsError(`LLM_PROVIDER must be one of ${llmProviderNames.join(", ")}, not ${JSON.stringify(name)}`);
  }
}

export function llmSettingsFrom(environment: LlmEnvironment, parts: LlmHostParts): LlmSettings {
  return {
    provider: providerFrom(environment, parts),
    policy: {
      timeoutMs: wholeNumber(environment, "LLM_TIMEOUT_MS", 10_000, 100, 120_000),
      retriesMax: wholeNumber(environment, "LLM_RETRIES", 2, 0, 5),
      retryAfterMsMax: 5_000,
    },
    callsPerImportMax: wholeNumber(environment, "LLM_CALLS_PER_IMPORT", 20, 0, 10_000),
    callsPerCompanyDayMax: wholeNumber(environment, "LLM_CALLS_PER_COMPANY_DAY", 500, 0, 1_000_000),
  };
}
