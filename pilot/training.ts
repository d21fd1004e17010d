/**
 * The training dataset as the pilot takes it: the company's export, read
 * through the API like any client's download, and what it holds (lines,
 * splits, labels) for the report and the notebooks. Pure but for the one request.
 */
import type { LabelSource, Split, TrainingLine } from "../src/training/dataset.ts";
import { sendForText, type ApiTarget } from "../client/http.ts";

export interface TrainingFigures {
  lines: number;
  splits: { train: number; validation: number; test: number };
  /** Distinct account codes among the labels. */
  labels: string[];
}

export async function downloadTraining(target: ApiTarget, companyId: string, token: string): Promise<string> {
  return (await sendForText(target, "GET", `/v1/companies/${companyId}/export/training.jsonl`, { token })).text;
}

export function trainingFigures(jsonl: string): TrainingFigures {
  const figures: TrainingFigures = { lines: 0, splits: { train: 0, validation: 0, test: 0 }, labels: [] };
  const labels = new Set<string>();
  for (const line of jsonl.split("\n")) {
    if (line === "") continue;
    const parsed = JSON.parse(line) as { split: keyof TrainingFigures["splits"]; label: { accountCode: string } };
    figures.lines += 1;
    figures.splits[parsed.split] += 1;
    labels.add(parsed.label.accountCode);
  }
  return { ...figures, labels: [...labels].sort() };
}

export function summedTraining(all: readonly TrainingFigures[]): TrainingFigures {
  const splits = { train: 0, validation: 0, test: 0 };
  for (const figures of all) for (const split of Object.keys(splits) as (keyof typeof splits)[]) splits[split] += figures.splits[split];
  return { lines: all.reduce((sum, figures) => sum + figures.lines, 0), splits, labels: [...new Set(all.flatMap((figures) => figures.labels))].sort() };
}

/** The export's lines, parsed. */
export const trainingLines = (jsonl: string): TrainingLine[] =>
  jsonl
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as TrainingLine);

export interface LabelCount {
  account: string;
  accountType: string;
  split: Split;
  /** Who chose the label: a tier, the transfer pairing or a person. */
  source: LabelSource;
  lines: number;
}

/** Lines counted by label (by account name: codes are each company's own), split and source. */
export function labelCounts(lines: readonly TrainingLine[]): LabelCount[] {
  const counts = new Map<string, LabelCount>();
  for (const line of lines) {
    const key = `${line.label.accountName}|${line.split}|${line.source}`;
    const count = counts.get(key) ?? { account: line.label.accountName, accountType: line.label.accountType, split: line.split, source: line.source, lines: 0 };
    count.lines += 1;
    counts.set(key, count);
  }
  return [...counts.values()];
}

export interface ConfusionCell {
  /** The account the books hold now: what the bookkeeper left. */
  actual: string;
  /** The account the learned tier chose. */
  predicted: string;
  lines: number;
}

/**
 * The learned tier's decisions among `lines` against the labels the books
 * keep: a decision nobody changed is its own label, a corrected one names
 * what the tier had chosen in `previous`. Call it with one company's lines:
 * codes are named from them. Accounts by name, so that several companies'
 * cells add up; a code the export never names stays a code.
 */
export function learnedConfusion(lines: readonly TrainingLine[], only?: { split: Split }): ConfusionCell[] {
  // Names from every line, so that a code chosen only in another split still reads as its name.
  const nameOf = new Map(lines.map((line) => [line.label.accountCode, line.label.accountName]));
  const cells = new Map<string, ConfusionCell>();
  for (const line of lines) {
    if (only !== undefined && line.split !== only.split) continue;
    const predictedCode = line.previous?.source === "learned" ? line.previous.accountCode : line.source === "learned" && !line.corrected ? line.label.accountCode : null;
    if (predictedCode === null) continue;
    const cell = { actual: line.label.accountName, predicted: nameOf.get(predictedCode) ?? predictedCode };
    const key = `${cell.actual}|${cell.predicted}`;
    const known = cells.get(key) ?? { ...cell, lines: 0 };
    known.lines += 1;
    cells.set(key, known);
  }
  return [...cells.values()];
}
