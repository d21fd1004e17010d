import { describe, expect, it } from "vitest";
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
