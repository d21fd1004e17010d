/**
 * The training dataset as the pilot takes it: the company's export, read
 * through the API like any client's download, and what it holds (lines,
 * splits, labels) for the report. Pure but for the one request.
 */
import { sendForText, type PilotTarget } from "./client.ts";

export interface TrainingFigures {
  lines: number;
  splits: { train: number; validation: number; test: number };
  /** Distinct account codes among the labels. */
  labels: string[];
}

export async function downloadTraining(target: PilotTarget, companyId: string, token: string): Promise<string> {
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
