/**
 * The training dataset: one line per settled transaction (decided by a tier
 * or a person), its features, its label and where the label came from, and
 * a split (train, validation, test) fixed by its id, so that two downloads,
 * or two hosts, agree line for line. Pure: rows in, lines out.
 */
import { csvText, safeCell } from "../shared/csv-out.ts";
import type { Evidence } from "../shared/vocabulary.ts";

export type Split = "train" | "validation" | "test";
/** Percentages of train and validation; test takes the rest. */
export interface SplitShares {
  train: number;
  validation: number;
}
export const defaultSplit: SplitShares = { train: 80, validation: 10 };

/** "80/10/10" (train/validation/test, summing to 100) as shares; undefined when it is not that. */
export function parseSplit(text: string): SplitShares | undefined {
  const parts = text.split("/").map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  if (parts.length !== 3 || parts.some((part) => Number.isNaN(part)) || parts.reduce((sum, part) => sum + part, 0) !== 100) return undefined;
  return { train: parts[0] as number, validation: parts[1] as number };
}

/** FNV-1a over the id's UTF-16 units: stable across hosts and versions, and spread well enough for a split. */
function bucketOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100;
}

export function splitOf(id: string, shares: SplitShares): Split {
  const bucket = bucketOf(id);
  return bucket < shares.train ? "train" : bucket < shares.train + shares.validation ? "validation" : "test";
}

/** What a source is called in the dataset: a person's decision is "person". */
export type LabelSource = "rule" | "learned" | "llm" | "transfer" | "person";

export interface TrainingRow {
  id: string;
  postedOn: string;
  description: string;
  vendor: string;
  amountMinor: number;
  currency: string;
  bankAccountKind: string;
  accountCode: string;
  accountName: string;
  accountType: string;
  source: string;
  evidence: Evidence | null;
  /** The automatic decision a person changed, if one did: the first such correction. */
  correctedFrom: { accountCode: string; source: string } | null;
}

export interface TrainingLine {
  split: Split;
  /** Set only in the operator's export across companies: a pseudonym, never the company's id. */
  company?: string;
  id: string;
  date: string;
  description: string;
  vendor: string;
  amountMinor: number;
  currency: string;
  direction: "in" | "out";
  bankAccountKind: string;
  label: { accountCode: string; accountName: string; accountType: string };
  source: LabelSource;
  ruleId: string | null;
  model: string | null;
  corrected: boolean;
  previous: { accountCode: string; source: LabelSource } | null;
}

const labelSource = (source: string): LabelSource => (source === "manual" ? "person" : (source as LabelSource));
const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The learned tier's version ("learned-5"), or the LLM's provider and model ("openai:gpt-4o-mini"); null for the rest. */
function modelOf(evidence: Evidence | null): string | null {
  const model = text(evidence?.model);
  if (model === null) return null;
  return evidence?.tier === "llm" ? `${String(evidence.provider)}:${model}` : model;
}

export function trainingLine(row: TrainingRow, shares: SplitShares, company?: string): TrainingLine {
  return {
    split: splitOf(row.id, shares),
    ...(company === undefined ? {} : { company }),
    id: row.id,
    date: row.postedOn,
    description: row.description,
    vendor: row.vendor,
    amountMinor: row.amountMinor,
    currency: row.currency,
    direction: row.amountMinor > 0 ? "in" : "out",
    bankAccountKind: row.bankAccountKind,
    label: { accountCode: row.accountCode, accountName: row.accountName, accountType: row.accountType },
    source: labelSource(row.source),
    ruleId: text(row.evidence?.ruleId),
    model: modelOf(row.evidence),
    corrected: row.correctedFrom !== null,
    previous: row.correctedFrom === null ? null : { accountCode: row.correctedFrom.accountCode, source: labelSource(row.correctedFrom.source) },
  };
}

export const csvHeader = ["split", "company", "id", "date", "description", "vendor", "amountMinor", "currency", "direction", "bankAccountKind", "accountCode", "accountName", "accountType", "source", "ruleId", "model", "corrected", "previousAccountCode", "previousSource"] as const;

/** One CSV line (CRLF): text cells neutralized against formulas; the amount is a bare integer, which no spreadsheet runs. */
export function csvLine(line: TrainingLine): string {
  const cells = [line.split, line.company ?? "", line.id, line.date, line.description, line.vendor].map(safeCell);
  const rest = [line.currency, line.direction, line.bankAccountKind, line.label.accountCode, line.label.accountName, line.label.accountType, line.source, line.ruleId ?? "", line.model ?? "", String(line.corrected), line.previous?.accountCode ?? "", line.previous?.source ?? ""].map(safeCell);
  return csvText([[...cells, String(line.amountMinor), ...rest]]);
}
