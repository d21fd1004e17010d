import type { RequestIdVariables } from "hono/request-id";
import type { Database } from "../db/database.ts";
import type { LlmSettings } from "../categorize/llm/config.ts";
import type { Tier } from "../categorize/pipeline.ts";
import type { Ocr } from "../documents/read.ts";
import type { Principal } from "../companies/principal.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import type { UploadBudget } from "./upload-budget.ts";
import type { Limits } from "./limits.ts";
import type { RateLimiter } from "./rate-limit.ts";


export interface AppConfig {
  /** Unset means admin routes are closed; the 401 then says how to open them. */
  readonly adminToken: string | undefined;
  /** The largest bank file one import takes, in bytes. */
  readonly importBytesMax: number;
  /** The largest document (receipt, PDF, photo) one upload takes, in bytes. */
  readonly documentBytesMax: number;
  /** The most upload bytes the host holds at once across requests (per Node process or Worker isolate); past it, 429. */
  readonly uploadsInFlightBytesMax: number;
  /** Per-company caps and the per-key request rate (src/http/limits.ts). */
  readonly limits: Limits;
}

/** 10 MiB (10,485,760 bytes), unless IMPORT_MAX_BYTES (or DOCUMENT_MAX_BYTES) says otherwise. */
export const defaultImportBytesMax = 10 * 1024 * 1024;
export const defaultDocumentBytesMax = 10 * 1024 * 1024;

/**
 * A setting as the host gives it: text from an environment, or a number
 * where wrangler passes a TOML number from [vars]. Unset or blank is unset.
 */
export type SettingValue = string | number | undefined;

/** The setting as written, trimmed; undefined when unset or blank. */
export function settingText(value: SettingValue): string | undefined {
  const text = typeof value === "number" ? String(value) : value?.trim();
  return text === undefined || text === "" ? undefined : text;
}

/** Reads a size limit: unset or empty keeps the default; anything but a positive whole number, written in digits, is refused at startup. */
export function bytesLimitFrom(name: string, value: SettingValue, fallback: number, what = "positive whole number of bytes"): number {
  const text = settingText(value);
  if (text === undefined) return fallback;
  const bytes = Number(text);
  // Digits only: Number() would also take 1e3, 0x10 and +5, which nobody writes for a limit on purpose.
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(bytes) || bytes < 1) throw new Error(`${name} must be a ${what}, not "${text}"`);
  return bytes;
}

export const importBytesMaxFrom = (value: SettingValue): number => bytesLimitFrom("IMPORT_MAX_BYTES", value, defaultImportBytesMax);
export const documentBytesMaxFrom = (value: SettingValue): number => bytesLimitFrom("DOCUMENT_MAX_BYTES", value, defaultDocumentBytesMax);

/** 64 MiB: six full-size files at once, well inside a Worker isolate's 128 MB; UPLOADS_IN_FLIGHT_MAX_BYTES says otherwise. */
export const defaultUploadsInFlightBytesMax = 64 * 1024 * 1024;
export const uploadsInFlightBytesMaxFrom = (value: SettingValue): number => bytesLimitFrom("UPLOADS_IN_FLIGHT_MAX_BYTES", value, defaultUploadsInFlightBytesMax);

/** What every request handler can read from `c.var`, whichever host serves it. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    db: Database;
    config: AppConfig;
    /** The host's one budget of upload bytes held at once (src/http/upload-budget.ts). */
    uploads: UploadBudget;
    /** Requests per key per minute, as the host counts them; undefined: no limit. */
    rateLimiter: RateLimiter | undefined;
    /** The categorization tiers, in order, as the host assembled them. */
    tiers: readonly Tier[];
    /** The LLM tier, which answers after an import (provider null: off). */
    llm: LlmSettings;
    /** Reads the text in a photo, where the host can (the Node host); undefined on Workers. */
    ocr: Ocr | undefined;
    /** Runs work after the answer is sent, as the host allows (waitUntil on Workers); resolves once it is handed over. */
    defer: (task: () => Promise<void>) => Promise<void>;
    principal: Principal;
    company: CompanyRow;
  };
}
