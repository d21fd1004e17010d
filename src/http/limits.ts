/**
 * Limits on what one company can pile up and how fast one key may call:
 * far above what a real small business needs, low enough that a runaway
 * script or a stolen key cannot grow a company without bound. Every limit is
 * read from the host's environment and refused at startup when malformed.
 */
import { bytesLimitFrom, settingText, type SettingValue } from "./env.ts";

export interface Limits {
  /** Rules per company, the industry pack's included: every import tries them all. */
  readonly rulesPerCompanyMax: number;
  /** Active (unrevoked) API keys per company. */
  readonly apiKeysPerCompanyMax: number;
  /** Bank accounts per company; each takes a ledger code of a bounded range anyway. */
  readonly bankAccountsPerCompanyMax: number;
  /** Requests per API key (and per admin token) per minute; 0: no limit. */
  readonly requestsPerKeyPerMinute: number;
}

export const defaultLimits: Limits = {
  rulesPerCompanyMax: 1_000,
  apiKeysPerCompanyMax: 50,
  bankAccountsPerCompanyMax: 100,
  requestsPerKeyPerMinute: 600,
};

/** Where a host reads each limit; the names are the same on both hosts. */
export const limitVariables = {
  rulesPerCompanyMax: "RULES_PER_COMPANY_MAX",
  apiKeysPerCompanyMax: "API_KEYS_PER_COMPANY_MAX",
  bankAccountsPerCompanyMax: "BANK_ACCOUNTS_PER_COMPANY_MAX",
  requestsPerKeyPerMinute: "RATE_LIMIT_PER_MINUTE",
} as const satisfies Record<keyof Limits, string>;

/** A count limit: unset or empty keeps the default; anything but a positive whole number is refused at startup. */
export function countLimitFrom(name: string, value: SettingValue, fallback: number): number {
  return bytesLimitFrom(name, value, fallback, "positive whole number");
}

/** As countLimitFrom, where 0 turns the limit off. */
export function countLimitOrOffFrom(name: string, value: SettingValue, fallback: number): number {
  return settingText(value) === "0" ? 0 : bytesLimitFrom(name, value, fallback, "positive whole number, or 0 for no limit");
}

/** Every limit from an environment (process.env, a Worker's bindings); what is unset keeps its default. */
export function limitsFrom(env: object, fallback: Limits = defaultLimits): Limits {
  const read = (key: keyof Limits): SettingValue => {
    const value: unknown = Reflect.get(env, limitVariables[key]);
    return typeof value === "string" || typeof value === "number" ? value : undefined;
  };
  return {
    rulesPerCompanyMax: countLimitFrom(limitVariables.rulesPerCompanyMax, read("rulesPerCompanyMax"), fallback.rulesPerCompanyMax),
    apiKeysPerCompanyMax: countLimitFrom(limitVariables.apiKeysPerCompanyMax, read("apiKeysPerCompanyMax"), fallback.apiKeysPerCompanyMax),
    bankAccountsPerCompanyMax: countLimitFrom(limitVariables.bankAccountsPerCompanyMax, read("bankAccountsPerCompanyMax"), fallback.bankAccountsPerCompanyMax),
    requestsPerKeyPerMinute: countLimitOrOffFrom(limitVariables.requestsPerKeyPerMinute, read("requestsPerKeyPerMinute"), fallback.requestsPerKeyPerMinute),
  };
}
