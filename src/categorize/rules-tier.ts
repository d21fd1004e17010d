/**
 * The first tier: the company's own rules, then its industry's default pack,
 * in the order the company keeps them. Pure matching lives in rules.ts; this
 * is the tier's adapter, reading the rules through the company's history.
 */
import type { Tier } from "./pipeline.ts";
import { decideByRules } from "./rules.ts";

export const rulesTier: Tier = {
  source: "rule",
  // Matching is local and memoized per distinct description: large batches cost nothing extra.
  batchItemsMax: 100_000,
  deadlineMs: 10_000,
  async decide({ items, context }) {
    // A rule whose account is this bank account's own would post a transaction against itself.
    const rules = (await context.history.rules()).filter((rule) => rule.accountId !== context.bankAccount.ledgerAccountId);
    return decideByRules(rules, items);
  },
};
