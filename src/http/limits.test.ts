import { describe, expect, it } from "vitest";
import { importBytesMaxFrom } from "./env.ts";
import { defaultLimits, limitsFrom } from "./limits.ts";

describe("limitsFrom", () => {
  it("keeps every default when nothing is set, or a variable is empty", () => {
    expect(limitsFrom({})).toEqual(defaultLimits);
    expect(limitsFrom({ RULES_PER_COMPANY_MAX: " ", RATE_LIMIT_PER_MINUTE: "" })).toEqual(defaultLimits);
  });

  it("reads each limit from its variable, and 0 turns the request rate off", () => {
    expect(limitsFrom({ RULES_PER_COMPANY_MAX: "20", API_KEYS_PER_COMPANY_MAX: "2", BANK_ACCOUNTS_PER_COMPANY_MAX: "7", RATE_LIMIT_PER_MINUTE: "0" })).toEqual({
      rulesPerCompanyMax: 20,
      apiKeysPerCompanyMax: 2,
      bankAccountsPerCompanyMax: 7,
      requestsPerKeyPerMinute: 0,
    });
  });

  it("refuses at startup what is not a positive whole number (0 only for the rate)", () => {
    for (const bad of ["0", "-1", "1.5", "lots"]) expect(() => limitsFrom({ API_KEYS_PER_COMPANY_MAX: bad })).toThrow(`API_KEYS_PER_COMPANY_MAX must be a positive whole number, not "${bad}"`);
    expect(() => limitsFrom({ RATE_LIMIT_PER_MINUTE: "-5" })).toThrow('RATE_LIMIT_PER_MINUTE must be a positive whole number, or 0 for no limit, not "-5"');
  });
});

describe("settings a Worker's [vars] give as TOML numbers", () => {
  it("are read as the numbers they are, limits and sizes alike", () => {
    expect(limitsFrom({ RULES_PER_COMPANY_MAX: 5000, RATE_LIMIT_PER_MINUTE: 0 })).toEqual({ ...defaultLimits, rulesPerCompanyMax: 5000, requestsPerKeyPerMinute: 0 });
    expect(importBytesMaxFrom(20_000_000)).toBe(20_000_000);
  });

  it("are refused, as text would be, when not a whole number", () => {
    expect(() => limitsFrom({ API_KEYS_PER_COMPANY_MAX: 1.5 })).toThrow(/API_KEYS_PER_COMPANY_MAX must be a positive whole number/);
    expect(() => importBytesMaxFrom(-1)).toThrow(/IMPORT_MAX_BYTES must be a positive whole number of bytes/);
  });
});

describe("a whole number, written out", () => {
  it.each(["1e3", "0x10", "+5", "1_000", "12abc"])("is what a limit must be: %j is refused", (value) => {
    expect(() => limitsFrom({ RULES_PER_COMPANY_MAX: value })).toThrow(/RULES_PER_COMPANY_MAX must be a positive whole number/);
    expect(() => importBytesMaxFrom(value)).toThrow(/IMPORT_MAX_BYTES/);
  });

  it("may have blanks around it", () => {
    expect(limitsFrom({ RULES_PER_COMPANY_MAX: " 7 " }).rulesPerCompanyMax).toBe(7);
  });
});
