import { llmSettingsFrom, type LlmSettings } from "../categorize/llm/config.ts";
import { documentBytesMaxFrom, importBytesMaxFrom, uploadsInFlightBytesMaxFrom } from "../http/env.ts";

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
  /** The LLM tier: LLM_PROVIDER (mock unless set), LLM_BASE_URL, LLM_API_KEY, LLM_MODEL and its limits. */
  llm: LlmSettings;
}

export const defaultDatabaseUrl = "file:.data/bookkeeper.db";
export const defaultPort = 3000;
export const defaultHostname = "127.0.0.1";

/** An empty variable is an unset one: `PORT= npm run serve` must not mean "any port". */
const setting = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

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
    llm: llmSettingsFrom(env, { fetch: (input, init) => fetch(input, init) }),
  };
}
