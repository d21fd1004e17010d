import { describe, expect, it } from "vitest";
import { chartForModel, readArguments, unusable, userContent } from "./contract.ts";

describe("readArguments", () => {
  const decision = { ref: "i1", accountCode: "6300", confidence: 0.9, reason: "software" };

  it("reads the arguments as a JSON string or as an object", () => {
    expect(readArguments(JSON.stringify({ decisions: [decision] }))).toEqual({ decisions: [decision] });
    expect(readArguments({ decisions: [decision] })).toEqual({ decisions: [decision] });
  });

  it("calls arguments that are not the tool's garbage, and says why", () => {
    expect(readArguments('{"decisions": [')).toEqual({ garbage: "the tool call's arguments are not JSON" });
    expect(readArguments({ answer: "6300" })).toEqual({ garbage: "the tool call's arguments have no decisions list" });
    expect(readArguments(42)).toHaveProperty("garbage");
  });

  it("drops a decision of the wrong shape alone, keeping the rest", () => {
    const read = readArguments({ decisions: [decision, { ref: "i2", accountCode: "6300", confidence: 7, reason: "x" }, { ref: "i3" }, "nonsense"] });
    expect(read).toEqual({ decisions: [decision] });
  });
});

describe("unusable", () => {
  const chart = new Map([["6300", "id-6300"]]);
  it("refuses a ref that was not asked about and a code outside the chart offered", () => {
    const asked = new Set(["i1"]);
    expect(unusable({ ref: "i1", accountCode: "6300", confidence: 1, reason: "" }, asked, chart)).toBeUndefined();
    expect(unusable({ ref: "i9", accountCode: "6300", confidence: 1, reason: "" }, asked, chart)).toMatch(/was not asked about/);
    expect(unusable({ ref: "i1", accountCode: "1010", confidence: 1, reason: "" }, asked, chart)).toMatch(/not in the chart offered/);
  });
});

describe("what a request holds", () => {
  it("offers the chart without bank, card and suspense accounts, and sends the items and the chart as one JSON document", () => {
    const chart = [
      { code: "1010", name: "Checking", type: "asset", subtype: "bank" },
      { code: "2100", name: "Card", type: "liability", subtype: "credit_card" },
      { code: "6999", name: "Uncategorized", type: "expense", subtype: "suspense" },
      { code: "6300", name: "Software", type: "expense", subtype: "operating_expense" },
    ] as const;
    expect(chartForModel(chart).map((account) => account.code)).toEqual(["6300"]);
    const item = { ref: "i1", description: "GITHUB", vendor: "Github", amountMinor: -400, postedOn: "2025-01-02", direction: "out" as const };
    expect(JSON.parse(userContent({ items: [item], chart: [{ code: "6300", name: "Software", type: "expense" }] }))).toEqual({ items: [item], chart: [{ code: "6300", name: "Software", type: "expense" }] });
  });
});
