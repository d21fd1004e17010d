import { describe, expect, it } from "vitest";
import { csvLine, defaultSplit, parseSplit, splitOf, trainingLine, type TrainingRow } from "./dataset.ts";

const row: TrainingRow = {
  id: "01a2-0001",
  postedOn: "2025-03-03",
  description: "=cmd|' /C calc'!A0",
  vendor: "@Vendor",
  amountMinor: -4250,
  currency: "USD",
  bankAccountKind: "credit_card",
  accountCode: "6600",
  accountName: "Office Supplies",
  accountType: "expense",
  source: "manual",
  evidence: null,
  correctedFrom: { accountCode: "6900", source: "learned" },
};

describe("the training dataset's lines", () => {
  it("splits by id alone: the same id always lands in the same split, and ids spread about as asked", () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `01a23${index.toString(16).padStart(8, "0")}-7${index % 977}`);
    const counts = { train: 0, validation: 0, test: 0 };
    for (const id of ids) counts[splitOf(id, defaultSplit)] += 1;
    expect(counts.train / ids.length).toBeCloseTo(0.8, 1);
    expect(counts.validation / ids.length).toBeCloseTo(0.1, 1);
    expect(counts.test / ids.length).toBeCloseTo(0.1, 1);
    for (const id of ids.slice(0, 100)) expect(splitOf(id, defaultSplit)).toBe(splitOf(id, { ...defaultSplit }));
  });

  it("reads a split as three whole percentages summing to 100, and nothing else", () => {
    expect(parseSplit("70/15/15")).toEqual({ train: 70, validation: 15 });
    expect(parseSplit("100/0/0")).toEqual({ train: 100, validation: 0 });
    for (const bad of ["80/10", "80/10/11", "80.5/9.5/10", "-10/60/50", "a/b/c", "", "80/10/10/0"]) expect(parseSplit(bad)).toBeUndefined();
  });

  it("names a person's decision as such, with what a tier had decided before", () => {
    const line = trainingLine(row, defaultSplit);
    expect(line).toMatchObject({ source: "person", corrected: true, previous: { accountCode: "6900", source: "learned" }, direction: "out", label: { accountCode: "6600", accountType: "expense" } });
    expect(line.company).toBeUndefined();
    expect(trainingLine({ ...row, source: "llm", correctedFrom: null, evidence: { tier: "llm", provider: "openai", model: "gpt-4o-mini" } }, defaultSplit)).toMatchObject({ source: "llm", model: "openai:gpt-4o-mini", corrected: false, previous: null });
    expect(trainingLine({ ...row, source: "rule", evidence: { ruleId: "r-1" } }, defaultSplit, "c_abc")).toMatchObject({ ruleId: "r-1", model: null, company: "c_abc" });
  });

  it("writes CSV a spreadsheet will not run: text that starts a formula is quoted, the amount stays a number", () => {
    const cells = csvLine(trainingLine(row, defaultSplit));
    expect(cells).toContain(`'=cmd|' /C calc'!A0`);
    expect(cells).toContain(",'@Vendor,");
    expect(cells).toContain(",-4250,");
    expect(cells.endsWith("\r\n")).toBe(true);
  });

  it("quotes a cell holding a list separator, so a spreadsheet whose separator is ; cannot split ;=x into a formula", () => {
    const line = csvLine(trainingLine({ ...row, description: ";=x", vendor: "a,=b" }, defaultSplit));
    expect(line).toContain(',";=x",');
    expect(line).toContain(',"a,=b",');
  });
});
