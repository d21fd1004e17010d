import { llmSettingsFrom, type LlmSettings } from "../categorize/llm/config.ts";
import { documentBytesMaxFrom, importBytesMaxFrom, uploadsInFlightBytesMaxFrom } from "../http/env.ts";
import { limitsFrom, type Limits } from "../http/limits.ts";

/** The Node host's settings, from the environment, with defaults that need no setup. */
export interface NodeConfig {
  port: number;
  hostname: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  adminToken: string | undefined;
  importBytesMax: number;
  documentBytesMax: number;
  uploadsInFlightBytesMax: number;
  /** How long SIGTERM waits for requests in flight before it cuts their connections (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** The LLM tier: LLM_PROVIDER (mock unless set), LLM_BASE_URL, LLM_API_KEY, LLM_MODEL and its limits. */
  llm: LlmSettings;
  /** Per-company caps and requests per key per minute (RULES_PER_COMPANY_MAX and friends, RATE_LIMIT_PER_MINUTE). */
  limits: Limits;
}

export const defaultDatabaseUrl = "file:.data/bookkeeper.db";
export const defaultPort = 3000;
export const defaultHostname = "127.0.0.1";
/** 10 s: a 100,000-row import finishes well within it; systemd's and Kubernetes' own kill timers are longer (90 s, 30 s). */
export const defaultShutdownGraceMs = 10_000;

/** An empty variable is an unset one: `PORT= npm run serve` must not mean "any port". */
const setting = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** The longest timer Node keeps: past it, setTimeout fires at once, which would cut every request. */
const graceMsMax = 2 ** 31 - 1;

function shutdownGraceMsFrom(value: string | undefined): number {
  if (value === undefined) return defaultShutdownGraceMs;
  const ms = Number(value);
  // Zero is allowed: cut at once, as a second Ctrl-C does.
  if (!/^\d+$/.test(value) || ms > graceMsMax) {
    throw new Error(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds from 0 to ${graceMsMax} (about 24 days), not "${value}"`);
  }
  return ms;
}

export function readNodeConfig(env: Record<string, string | undefined>): NodeConfig {
  const portText = setting(env.PORT) ?? String(defaultPort);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer from 0 to 65535, not "${portText}"`);
  }
  return {
    port,
    hostname: setting(env.HOST) ?? defaultHostname,
    databaseUrl: setting(env.DATABASE_URL) ?? defaultDatabaseUrl,
    databaseAuthToken: setting(env.DATABASE_AUTH_TOKEN),
    adminToken: setting(env.ADMIN_TOKEN),
    importBytesMax: importBytesMaxFrom(setting(env.IMPORT_MAX_BYTES)),
    documentBytesMax: documentBytesMaxFrom(setting(env.DOCUMENT_MAX_BYTES)),
    uploadsInFlightBytesMax: uploadsInFlightBytesMaxFrom(setting(env.UPLOADS_IN_FLIGHT_MAX_BYTES)),
    shutdownGraceMs: shutdownGraceMsFrom(setting(env.SHUTDOWN_GRACE_MS)),
    llm: llmSettingsFrom(env, { fetch: (input, init) => fetch(input, init) }),
    limits: limitsFrom(env),
  };
}
