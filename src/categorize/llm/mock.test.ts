import { describe, expect, it } from "vitest";
import type { LlmChartAccount } from "./contract.ts";
import { mockDecision, mockProvider } from "./mock.ts";

const chart: LlmChartAccount[] = [
  { code: "2300", name: "Sales Tax Payable", type: "liability" },
  { code: "4000", name: "Tuition Revenue", type: "revenue" },
  { code: "4900", name: "Interest & Other Income", type: "revenue" },
  { code: "5000", name: "Cost of Goods Sold - Coffee & Tea", type: "expense" },
  { code: "6010", name: "Payroll Taxes", type: "expense" },
  { code: "6200", name: "Utilities", type: "expense" },
  { code: "6250", name: "Repairs & Maintenance", type: "expense" },
  { code: "6900", name: "Meals", type: "expense" },
  { code: "6910", name: "Travel", type: "expense" },
];
const item = (vendor: string, amountMinor = -2_500, description = vendor.toUpperCase()) => ({ ref: "i1", description, vendor, amountMinor, postedOn: "2025-03-01", direction: amountMinor > 0 ? ("in" as const) : ("out" as const) });

describe("the mock", () => {
  it("reads what common words say was bought", () => {
    expect(mockDecision(item("Juniper Street Grill"), chart)).toMatchObject({ accountCode: "6900", confidence: 0.82 });
    expect(mockDecision(item("Northside Plumbing"), chart)).toMatchObject({ accountCode: "6250" });
    expect(mockDecision(item("Lakeview Hotel"), chart)).toMatchObject({ accountCode: "6910" });
    expect(mockDecision(item("Bank Interest", 120), chart)).toMatchObject({ accountCode: "4900" });
  });

  it("matches the chart's own account names, and among a concept's accounts the one whose name the line shares", () => {
    expect(mockDecision(item("Blue Oak Coffee Roasters"), chart)).toMatchObject({ accountCode: "5000", confidence: 0.85 });
    expect(mockDecision(item("Ohio Sales Tax"), chart)).toMatchObject({ accountCode: "2300" });
  });

  it("reads the vendor, not the rest of the line, which can carry the company's own name", () => {
    const payout = item("Copper Associates Payout", 90_000, "COPPER ASSOCIATES PAYOUT 250107 4664184089 BRIGHT TUITION CENTER");
    expect(mockDecision(payout, chart)).toBeUndefined();
  });

  it("does not guess where no word says anything, and is unsure where words disagree", () => {
    expect(mockDecision(item("Kestrel Works"), chart)).toBeUndefined();
    expect(mockDecision(item("Coffee Hotel"), chart)).toMatchObject({ accountCode: "5000", confidence: 0.5 });
  });

  it("answers through the contract: the tool's arguments as JSON, one decision per item it knows, with estimated tokens", async () => {
    const answer = await mockProvider().ask({ items: [item("Juniper Street Grill"), { ...item("Kestrel Works"), ref: "i2" }], chart }, new AbortController().signal);
    expect(JSON.parse(answer.arguments as string)).toEqual({ decisions: [expect.objectContaining({ ref: "i1", accountCode: "6900" })] });
    expect(answer.usage.promptTokens).toBeGreaterThan(0);
    expect(answer.usage.completionTokens).toBeGreaterThan(0);
  });
});
