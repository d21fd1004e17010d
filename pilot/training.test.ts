import { describe, expect, it } from "vitest";
import type { TrainingLine } from "../src/training/dataset.ts";
import { labelCounts, learnedConfusion, trainingFigures, trainingLines } from "./training.ts";

const line = (id: string, split: TrainingLine["split"], label: [string, string], source: TrainingLine["source"], previous: TrainingLine["previous"] = null): TrainingLine => ({
  split,
  id,
  date: "2025-01-02",
  description: "CARD PURCHASE",
  vendor: "Vendor",
  amountMinor: -100,
  currency: "USD",
  direction: "out",
  bankAccountKind: "checking",
  label: { accountCode: label[0], accountName: label[1], accountType: "expense" },
  source,
  ruleId: null,
  model: source === "learned" ? "learned-5" : null,
  corrected: previous !== null,
  previous,
});

const lines = [
  line("a", "test", ["6100", "Rent"], "learned"),
  line("b", "test", ["6100", "Rent"], "learned"),
  // The learned tier said Supplies; the bookkeeper moved it to Rent.
  line("c", "test", ["6100", "Rent"], "person", { accountCode: "6600", source: "learned" }),
  // A rule's mistake is not the learned tier's.
  line("d", "test", ["6100", "Rent"], "person", { accountCode: "6600", source: "rule" }),
  line("e", "train", ["6600", "Supplies"], "learned"),
  line("f", "test", ["6600", "Supplies"], "rule"),
];

describe("the training export, read back", () => {
  it("parses JSON Lines, skipping the last newline", () => {
    const jsonl = lines.map((l) => `${JSON.stringify(l)}\n`).join("");
    expect(trainingLines(jsonl)).toEqual(lines);
    expect(trainingFigures(jsonl)).toEqual({ lines: 6, splits: { train: 1, validation: 0, test: 5 }, labels: ["6100", "6600"] });
  });

  it("counts labels by account name, split and who chose them", () => {
    expect(labelCounts(lines)).toEqual([
      { account: "Rent", accountType: "expense", split: "test", source: "learned", lines: 2 },
      { account: "Rent", accountType: "expense", split: "test", source: "person", lines: 2 },
      { account: "Supplies", accountType: "expense", split: "train", source: "learned", lines: 1 },
      { account: "Supplies", accountType: "expense", split: "test", source: "rule", lines: 1 },
    ]);
  });

  it("sets the learned tier's answers against the labels: kept ones on the diagonal, corrected ones off it", () => {
    expect(learnedConfusion(lines, { split: "test" })).toEqual([
      { actual: "Rent", predicted: "Rent", lines: 2 },
      // 6600 is named from a train line: the names come from every line.
      { actual: "Rent", predicted: "Supplies", lines: 1 },
    ]);
    expect(learnedConfusion(lines).reduce((sum, cell) => sum + cell.lines, 0)).toBe(4);
    expect(learnedConfusion([line("x", "test", ["4000", "Sales"], "person", { accountCode: "4999", source: "learned" })])).toEqual([{ actual: "Sales", predicted: "4999", lines: 1 }]);
  });
});
