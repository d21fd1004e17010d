/**
 * The rules tier: a company's ordered rules, the first whose conditions all
 * hold deciding a transaction's account. Pure: rules and transactions in,
 * decisions out.
 */
import type { RuleOrigin } from "../shared/vocabulary.ts";
import { checkPattern } from "./pattern-safety.ts";
import type { Categorizable, Suggestion } from "./pipeline.ts";

export const textFields = ["description", "vendor"] as const;
export type TextField = (typeof textFields)[number];
export const textOperators = ["contains", "equals", "matches"] as const;
export type TextOperator = (typeof textOperators)[number];
export const directions = ["in", "out"] as const;
export type Direction = (typeof directions)[number];

export interface TextCondition {
  operator: TextOperator;
  /** Compared case-insensitively; for "matches", a regular expression (checked by pattern-safety.ts). */
  value: string;
}

/** Every condition present must hold; a rule has at least one. */
export interface RuleConditions {
  description?: TextCondition | undefined;
  vendor?: TextCondition | undefined;
  /** Bounds on the amount's size, whatever its sign, in minor units, inclusive. */
  amount?: { minMinor?: number | undefined; maxMinor?: number | undefined } | undefined;
  direction?: Direction | undefined;
  bankAccountId?: string | undefined;
}

export interface Rule {
  id: string;
  name: string;
  conditions: RuleConditions;
  accountId: string;
  accountCode: string;
  renameVendor: string | null;
  /** A pack rule gives way where the company's own people have said otherwise; a person's rule never does. */
  origin: RuleOrigin;
}

/** A regular expression sees at most this much of a description; bank descriptions rarely reach it. */
export const regexTextLengthMax = 256;

/** Tests a text as the bank wrote it, or as `collapse` folded it (computed once per distinct text). */
type TextTest = (raw: string, collapsed: string) => boolean;

interface CompiledRule {
  rule: Rule;
  description: TextTest | undefined;
  vendor: TextTest | undefined;
  /**
   * True when no text condition mentions a digit. Such a rule cannot tell
   * one digit from another (\d, \w, \b, ".", a class without digits: all
   * treat 0-9 alike), so it gives the same answer on a description with its
   * digits folded to "0". Descriptions that differ only in reference
   * numbers, most of a statement, are then tested once.
   */
  digitBlind: boolean;
}

export interface ConditionsProblem {
  /** unsafe_pattern: a regular expression was refused; validation_failed: anything else. */
  code: "unsafe_pattern" | "validation_failed";
  message: string;
  /** The field at fault, as the request names it. */
  field: string;
}

/** Why a rule's conditions cannot be used, or undefined when they can. */
export function conditionsProblem(conditions: RuleConditions): ConditionsProblem | undefined {
  const { description, vendor, amount, direction, bankAccountId } = conditions;
  if (description === undefined && vendor === undefined && amount === undefined && direction === undefined && bankAccountId === undefined) {
    return { code: "validation_failed", message: "conditions: a rule needs at least one condition", field: "conditions" };
  }
  for (const [field, condition] of [["description", description], ["vendor", vendor]] as const) {
    // Spaces alone would fold to "", which every text contains: a rule that catches everything by accident.
    if (condition !== undefined && condition.value.trim() === "") {
      return { code: "validation_failed", message: `conditions.${field}.value: must not be only spaces`, field: `conditions.${field}.value` };
    }
    if (condition?.operator !== "matches") continue;
    const check = checkPattern(condition.value);
    if (!check.ok) return { code: "unsafe_pattern", message: `conditions.${field}.value: ${check.reason}`, field: `conditions.${field}.value` };
  }
  if (amount?.minMinor !== undefined && amount.maxMinor !== undefined && amount.minMinor > amount.maxMinor) {
    return { code: "validation_failed", message: "conditions.amount: minMinor is greater than maxMinor", field: "conditions.amount" };
  }
  return undefined;
}

const collapse = (text: string): string => text.trim().replace(/\s+/g, " ").toLowerCase();

function compileText(condition: TextCondition | undefined): TextTest | undefined {
  if (condition === undefined) return undefined;
  const needle = collapse(condition.value);
  switch (condition.operator) {
    case "contains":
      return (_raw, collapsed) => collapsed.includes(needle);
    case "equals":
      return (_raw, collapsed) => collapsed === needle;
    case "matches": {
      const check = checkPattern(condition.value);
      // A stored rule was checked when it was written; one that no longer passes (a stricter check) matches nothing.
      if (!check.ok) return () => false;
      const { regex } = check;
      // pattern-safety.ts allows two unbounded quantifiers, whose worst case grows with the cube of the text: bound the text.
      return (raw) => regex.test(raw.length > regexTextLengthMax ? raw.slice(0, regexTextLengthMax) : raw);
    }
  }
}

/** What the text tests need of one distinct (description, vendor) pair, and their results so far. */
interface TextMemo {
  description: string;
  vendor: string;
  collapsedDescription: string;
  collapsedVendor: string;
  /** Per rule: 0 not yet tested, 1 holds, 2 does not. */
  results: Uint8Array;
}

const foldDigits = (text: string): string => text.replace(/[0-9]/g, "0");
const mentionsDigit = (condition: TextCondition | undefined): boolean => condition !== undefined && /[0-9]/.test(condition.value);

function textHolds(compiled: CompiledRule, index: number, memo: TextMemo): boolean {
  let result = memo.results[index];
  if (result === 0) {
    const holds =
      (compiled.description?.(memo.description, memo.collapsedDescription) ?? true) && (compiled.vendor?.(memo.vendor, memo.collapsedVendor) ?? true);
    result = holds ? 1 : 2;
    memo.results[index] = result;
  }
  return result === 1;
}

function holds(compiled: CompiledRule, index: number, item: Categorizable, memo: (digitBlind: boolean) => TextMemo): boolean {
  const { conditions } = compiled.rule;
  if (conditions.bankAccountId !== undefined && conditions.bankAccountId !== item.bankAccountId) return false;
  if (conditions.direction !== undefined && (conditions.direction === "in") !== item.amountMinor > 0) return false;
  const size = Math.abs(item.amountMinor);
  if (conditions.amount?.minMinor !== undefined && size < conditions.amount.minMinor) return false;
  if (conditions.amount?.maxMinor !== undefined && size > conditions.amount.maxMinor) return false;
  if (compiled.description === undefined && compiled.vendor === undefined) return true;
  return textHolds(compiled, index, memo(compiled.digitBlind));
}

function describe(rule: Rule): string {
  return `rule "${rule.name}"`;
}

/**
 * The rules' answers: for each item, the first rule whose conditions all hold
 * (certain, confidence 1), or undefined to pass the item on.
 */
export function decideByRules(rules: readonly Rule[], items: readonly Categorizable[]): (Suggestion | undefined)[] {
  const compiled: CompiledRule[] = rules.map((rule) => ({
    rule,
    description: compileText(rule.conditions.description),
    vendor: compileText(rule.conditions.vendor),
    digitBlind: !mentionsDigit(rule.conditions.description) && !mentionsDigit(rule.conditions.vendor),
  }));
  // One answer per rule, shared by every item it decides: the rows it decides store the same thing.
  const suggestions = new Map<number, Suggestion>();
  const suggestionOf = (index: number): Suggestion => {
    let suggestion = suggestions.get(index);
    if (suggestion === undefined) {
      const { rule } = compiled[index] as CompiledRule;
      suggestion = {
        accountCode: rule.accountCode,
        source: "rule",
        confidence: 1,
        reason: `${describe(rule)} sent it to ${rule.accountCode}`,
        evidence: { ruleId: rule.id },
        vendor: rule.renameVendor ?? undefined,
      };
      suggestions.set(index, suggestion);
    }
    return suggestion;
  };
  // A statement repeats its descriptions: each rule's text test runs once per distinct description and vendor.
  const exactMemos = new Map<string, TextMemo>();
  const foldedMemos = new Map<string, TextMemo>();
  const memoOf = (memos: Map<string, TextMemo>, description: string, vendor: string): TextMemo => {
    const key = `${description}\u0000${vendor}`;
    let memo = memos.get(key);
    if (memo === undefined) {
      memo = { description, vendor, collapsedDescription: collapse(description), collapsedVendor: collapse(vendor), results: new Uint8Array(compiled.length) };
      memos.set(key, memo);
    }
    return memo;
  };
  return items.map((item): Suggestion | undefined => {
    let exact: TextMemo | undefined;
    let folded: TextMemo | undefined;
    const memoOfItem = (digitBlind: boolean): TextMemo =>
      digitBlind ? (folded ??= memoOf(foldedMemos, foldDigits(item.description), foldDigits(item.vendor))) : (exact ??= memoOf(exactMemos, item.description, item.vendor));
    const index = compiled.findIndex((candidate, i) => holds(candidate, i, item, memoOfItem));
    return index === -1 ? undefined : suggestionOf(index);
  });
}
