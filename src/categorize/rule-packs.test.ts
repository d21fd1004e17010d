import { describe, expect, it } from "vitest";
import { type Industry, chartOfAccounts, industries, seededBankAccountCodes, suspenseAccountCode } from "../ledger/chart-of-accounts.ts";
import { rulePack } from "./rule-packs.ts";
import type { Categorizable } from "./pipeline.ts";
import { type Rule, conditionsProblem, decideByRules } from "./rules.ts";

const packRules = (industry: Industry): Rule[] =>
  rulePack(industry).map((packRule, index) => ({
    id: `pack-${index}`,
    name: packRule.name,
    conditions: packRule.conditions,
    accountId: `id-${packRule.accountCode}`,
    accountCode: packRule.accountCode,
    renameVendor: packRule.renameVendor ?? null,
    origin: "pack",
  }));

/** The account code the industry's pack sends a bank line to, or undefined. */
function landsIn(industry: Industry, description: string, amountMinor: number): string | undefined {
  const item: Categorizable = { bankAccountId: "checking", postedOn: "2025-03-14", amountMinor, description, vendor: "" };
  const [decision] = decideByRules(packRules(industry), [item]);
  return decision?.accountCode;
}

const ledgerCodes: readonly string[] = Object.values(seededBankAccountCodes);

describe("rulePack", () => {
  it.each(industries)("sends every %s rule to a real account of the industry's chart, never suspense or a bank ledger", (industry) => {
    const codes = new Set(chartOfAccounts(industry).map((account) => account.code));
    const pack = rulePack(industry);
    expect(pack.length).toBeGreaterThan(0);
    for (const packRule of pack) {
      expect(codes.has(packRule.accountCode), `${packRule.name} -> ${packRule.accountCode}`).toBe(true);
      expect(packRule.accountCode).not.toBe(suspenseAccountCode);
      expect(ledgerCodes).not.toContain(packRule.accountCode);
    }
  });

  it.each(industries)("gives %s rules whose conditions all pass the check", (industry) => {
    for (const packRule of rulePack(industry)) expect(conditionsProblem(packRule.conditions), packRule.name).toBeUndefined();
  });

  it.each(industries)("names the %s rules uniquely", (industry) => {
    const names = rulePack(industry).map((packRule) => packRule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("returns a fresh list each time", () => {
    const first = rulePack("retail");
    first.pop();
    expect(rulePack("retail")).toHaveLength(first.length + 1);
  });
});

describe("rulePack on real bank descriptions", () => {
  it.each([
    ["GUSTO DES:TAX 8812 ID:7ABC123XYZ INDN:BLUE OAK COFFEE CO CO ID:9000123456 CCD", -182_340, "6010"],
    ["GUSTO DES:NET 8812 ID:7ABC123XYZ INDN:BLUE OAK COFFEE CO CO ID:9000123456 CCD", -912_000, "6000"],
    ["DUKE ENERGY OH KY UTILITY PMT", -23_456, "6200"],
    ["INTEREST PAYMENT", 312, "4900"],
    ["SERVICE FEE MONTHLY MAINTENANCE", -1_500, "6500"],
    ["SQUARE INC DES:SQ250314 ID:T3A8 INDN:BLUE OAK COFFEE", 245_000, "4000"],
    ["SYSCO CINCINNATI 0412", -88_000, "5010"],
    ["OHIO DEPT TAXATION SALES TAX 0314", -120_000, "2300"],
    ["VERIZON WIRELESS PAYMENTS", -9_000, "6200"],
    ["STARBUCKS STORE 12345 CINCINNATI OH", -650, "6900"],
    ["IRS USATAXPYMT 2025", -500_000, "3100"],
  ])("retail: %j (%i) lands in %s", (description, amount, code) => {
    expect(landsIn("retail", description, amount)).toBe(code);
  });

  it("leaves money in or out alone when a rule is for the other direction", () => {
    // A card's interest charge is money out: no income.
    expect(landsIn("retail", "INTEREST CHARGE ON PURCHASES", -2_300)).toBeUndefined();
    // Money back from the payroll provider is not a wage paid.
    expect(landsIn("retail", "GUSTO DES:REVERSAL 8812", 2_300)).toBeUndefined();
    // A vendor no rule knows is left for the later tiers.
    expect(landsIn("retail", "ACME WIDGETS INVOICE 1043", -2_300)).toBeUndefined();
  });

  it("sends fuel to vehicle costs for real estate, but not for services", () => {
    expect(landsIn("real_estate", "SPEEDWAY 0412 CINCINNATI OH", -4_500)).toBe("6920");
    expect(landsIn("services", "SPEEDWAY 0412 CINCINNATI OH", -4_500)).not.toBe("6920");
    expect(landsIn("real_estate", "SHELL OIL 57442 CINCINNATI OH", -4_500)).toBe("6920");
    expect(landsIn("services", "SHELL OIL 57442 CINCINNATI OH", -4_500)).toBe("6910");
  });

  it.each([
    ["services", "AMAZON WEB SERVICES AWS.AMAZON.CO WA", -12_000, "5010"],
    ["services", "STRIPE TRANSFER ST-A1B2C3", 480_000, "4000"],
    ["childcare", "BRIGHTWHEEL PAYOUT 0314", 1_250_000, "4000"],
    ["childcare", "BRIGHTWHEEL REFUND 0314", -65_000, "4000"],
    ["childcare", "BRIGHTWHEEL SUBSCRIPTION", -9_900, "6300"],
    ["real_estate", "FIRST AMERICAN TITLE COMM 2291", 900_000, "4000"],
    ["professional", "CPACHARGE DEPOSIT", 150_000, "4000"],
  ] as const)("%s: %j (%i) lands in %s", (industry, description, amount, code) => {
    expect(landsIn(industry, description, amount)).toBe(code);
  });
});
