/** The edge host: the app on Workers, with D1 as its database. */
import { createApp, type DeferringRequest, type Host } from "./app.ts";
import { llmSettingsFrom, type LlmEnvironment, type LlmSettings } from "./categorize/llm/config.ts";
import type { AiBinding } from "./categorize/llm/workers-ai.ts";
import type { Tier } from "./categorize/pipeline.ts";
import { defaultTiers } from "./categorize/tiers.ts";
import { d1Database } from "./db/d1.ts";
import type { DocsAssets } from "./http/docs.ts";
import { limitsFrom } from "./http/limits.ts";
import { bindingLimiter, type RateLimiter, type RateLimitBinding } from "./http/rate-limit.ts";
import { documentBytesMaxFrom, importBytesMaxFrom, uploadsInFlightBytesMaxFrom, type AppConfig, type SettingValue } from "./http/env.ts";
import { keptOrMade } from "./shared/memo.ts";
// A Worker cannot read node_modules at run time: wrangler.toml's Text rule bundles these two files into the script as strings.
import swaggerUiBundleScript from "swagger-ui-dist/swagger-ui-bundle.js";
import swaggerUiStylesheet from "swagger-ui-dist/swagger-ui.css";
import swaggerUiPackage from "swagger-ui-dist/package.json" with { type: "json" };

export interface WorkerBindings extends LlmEnvironment {
  DB: D1Database;
  ADMIN_TOKEN?: string;
  IMPORT_MAX_BYTES?: SettingValue;
  UPLOADS_IN_FLIGHT_MAX_BYTES?: SettingValue;
  DOCUMENT_MAX_BYTES?: SettingValue;
  RULES_PER_COMPANY_MAX?: SettingValue;
  API_KEYS_PER_COMPANY_MAX?: SettingValue;
  BANK_ACCOUNTS_PER_COMPANY_MAX?: SettingValue;
  /** "0" turns request limiting off; otherwise the binding's own limit applies, or this one per isolate without it. */
  RATE_LIMIT_PER_MINUTE?: SettingValue;
  /** The Rate Limiting binding (`[[ratelimits]]` in wrangler.toml): requests per key per minute, counted across isolates. */
  KEY_RATE_LIMITER?: RateLimitBinding;
  /** Workers AI, when `[ai] binding = "AI"` is declared (remote-only). */
  AI?: AiBinding;
}

/** Settings read once per isolate's bindings; wrong ones turn the tier off with one error line, never a failing request. */
const llmByBindings = new WeakMap<object, LlmSettings>();

function llmOf(bindings: WorkerBindings): LlmSettings {
  let settings = llmByBindings.get(bindings);
  if (settings === undefined) {
    const parts = { fetch: (input: string, init: RequestInit) => fetch(input, init), ai: bindings.AI, warn: (message: string) => console.warn(message) };
    try {
      settings = llmSettingsFrom(bindings, parts);
    } catch (error) {
      console.error(`The LLM tier is off: ${error instanceof Error ? error.message : String(error)}`);
      settings = { ...llmSettingsFrom({ LLM_PROVIDER: "off" }, parts) };
    }
    llmByBindings.set(bindings, settings);
  }
  return settings;
}

/** After the answer, within the request's waitUntil; a caller with no execution context (a test's app.fetch) waits for it instead. */
function deferOnWorkers(task: () => Promise<void>, request: DeferringRequest): Promise<void> {
  let executionContext: DeferringRequest["executionCtx"] | undefined;
  try {
    executionContext = request.executionCtx;
  } catch {
    executionContext = undefined;
  }
  if (executionContext === undefined) return task();
  executionContext.waitUntil(task());
  return Promise.resolve();
}

/** One wrapper per binding object, so a request does not build a new one. */
const limiterByBinding = new WeakMap<RateLimitBinding, RateLimiter>();

function rateLimiterOf(bindings: WorkerBindings): RateLimiter | undefined {
  const binding = bindings.KEY_RATE_LIMITER;
  if (binding === undefined) return undefined;
  let limiter = limiterByBinding.get(binding);
  if (limiter === undefined) {
    limiter = bindingLimiter(binding);
    limiterByBinding.set(binding, limiter);
  }
  return limiter;
}

/** Read once per isolate's bindings, not per request; settings that do not parse fail every request, saying which. */
const configByBindings = new WeakMap<WorkerBindings, AppConfig>();

const configOf = (bindings: WorkerBindings): AppConfig =>
  keptOrMade(configByBindings, bindings, () => ({
    adminToken: bindings.ADMIN_TOKEN,
    importBytesMax: importBytesMaxFrom(bindings.IMPORT_MAX_BYTES),
    documentBytesMax: documentBytesMaxFrom(bindings.DOCUMENT_MAX_BYTES),
    uploadsInFlightBytesMax: uploadsInFlightBytesMaxFrom(bindings.UPLOADS_IN_FLIGHT_MAX_BYTES),
    limits: limitsFrom(bindings),
  }));

const docsAssets: DocsAssets = { swaggerUiVersion: swaggerUiPackage.version, bundleScript: swaggerUiBundleScript, stylesheet: swaggerUiStylesheet };

/** The Worker's host; a test builds the same app with other tiers (and an LLM of its own) through it. */
export function workerHost(tiers: readonly Tier[] = defaultTiers(), llm?: (bindings: WorkerBindings) => LlmSettings): Host<WorkerBindings> {
  return {
    database: (bindings) => d1Database(bindings.DB),
    config: configOf,
    rateLimiter: rateLimiterOf,
    // Workers has no OCR: a photo is kept and said to be unreadable here.
    ocr: () => undefined,
    tiers: () => tiers,
    llm: llm ?? llmOf,
    defer: deferOnWorkers,
    docsAssets,
  };
}

const app = createApp(workerHost());

export default app satisfies ExportedHandler<WorkerBindings>;
