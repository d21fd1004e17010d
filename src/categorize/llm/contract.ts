/**
 * The LLM tier's wire contract, which other tools depend on: what one
 * request asks (a batch of distinct vendors, each an opaque `ref`, with the
 * company's chart), the one tool the model must call, and how its answer is
 * read and checked. Pure: the drivers (openai.ts, anthropic.ts,
 * workers-ai.ts) put this on the wire; the mock answers it in memory.
 */
import { z } from "zod";
import type { AccountSubtype, AccountType } from "../../shared/vocabulary.ts";

/** Bump when the instructions or the shape change: answers are remembered per prompt version. */
export const promptVersion = "llm-2";
export const toolName = "categorize_transactions";
/** About this many items per request keeps answers reliable and a request small. */
export const itemsPerRequestMax = 50;

export interface LlmItem {
  /** Opaque: i1, i2, … in this request; never a database id. */
  ref: string;
  description: string;
  vendor: string;
  amountMinor: number;
  postedOn: string;
  direction: "in" | "out";
}

export interface LlmChartAccount {
  code: string;
  name: string;
  type: AccountType;
}

export interface LlmRequest {
  items: readonly LlmItem[];
  chart: readonly LlmChartAccount[];
}

export const systemPrompt = [
  "You are a careful bookkeeper for a small business.",
  "For each bank transaction in `items`, choose the account in `chart` it should be posted to, by its code.",
  "`amountMinor` is in the currency's minor units (cents for USD); `direction` out is money the business paid, in is money it received.",
  "Give a confidence from 0 to 1 that a bookkeeper would agree, and a short reason.",
  "If you cannot tell, give your best guess with a low confidence. Answer by calling the tool once, with one decision per item.",
].join(" ");

/** The tool's parameters as JSON Schema: what every provider is told the answer must be. */
export const toolParameters = {
  type: "object",
  properties: {
    decisions: {
      type: "array",
      items: {
        type: "object",
        properties: {
          ref: { type: "string", description: "The item's ref, as given" },
          accountCode: { type: "string", description: "A code from the chart" },
          confidence: { type: "number", minimum: 0, maximum: 1 },
          reason: { type: "string", description: "Why, in a sentence" },
        },
        required: ["ref", "accountCode", "confidence", "reason"],
      },
    },
  },
  required: ["decisions"],
} as const;

export const toolDescription = "Record the account chosen for each transaction, with a confidence and a reason.";

/** The last user message's content: the items and the chart, as one JSON document. */
export const userContent = (request: LlmRequest): string => JSON.stringify({ items: request.items, chart: request.chart });

/** Accounts the model may choose: the chart but for bank and card accounts (pairing posts transfers) and suspense (that is review). */
export function chartForModel<Account extends LlmChartAccount & { subtype: AccountSubtype }>(chart: readonly Account[]): Account[] {
  return chart.filter((account) => account.subtype !== "bank" && account.subtype !== "credit_card" && account.subtype !== "suspense");
}

const decisionSchema = z.object({
  ref: z.string().max(200),
  accountCode: z.string().max(20),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
});
const argumentsSchema = z.object({ decisions: z.array(z.unknown()).max(1_000) });

export type LlmDecision = z.infer<typeof decisionSchema>;

/**
 * The tool call's arguments, as the provider sent them: a JSON string (the
 * Chat Completions way) or an object (some servers, and Anthropic's input).
 * A decision of the wrong shape is dropped alone; arguments that are not the
 * tool's at all are garbage, and say why.
 */
export function readArguments(raw: unknown): { decisions: LlmDecision[] } | { garbage: string } {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return { garbage: "the tool call's arguments are not JSON" };
    }
  }
  const parsed = argumentsSchema.safeParse(value);
  if (!parsed.success) return { garbage: "the tool call's arguments have no decisions list" };
  const decisions: LlmDecision[] = [];
  for (const candidate of parsed.data.decisions) {
    const decision = decisionSchema.safeParse(candidate);
    if (decision.success) decisions.push(decision.data);
  }
  return { decisions };
}

/** Why a decision cannot be used at all (it stays in review with no suggestion), or undefined when it can. */
export function unusable(decision: LlmDecision, asked: ReadonlySet<string>, chart: ReadonlyMap<string, unknown>): string | undefined {
  if (!asked.has(decision.ref)) return `ref ${JSON.stringify(decision.ref.slice(0, 40))} was not asked about`;
  if (!chart.has(decision.accountCode)) return `account ${JSON.stringify(decision.accountCode)} is not in the chart offered`;
  return undefined;
}
