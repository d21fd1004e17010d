/**
 * The first tier: the company's rules, in the order it keeps them. Pure
 * matching lives in rules.ts; this is the tier's adapter, reading the rules
 * and, for a rule of the industry's default pack, what the company's people
 * have said about the same vendor. A person's correction beats a default:
 * where people moved more of a vendor's transactions at about this amount
 * away from a pack rule's account than to it, or did so twice at any amount,
 * the rule's answer becomes a suggestion, not a posting.
 * Rules a person wrote keep precedence over everything.
 */
import { featuresOf } from "./features.ts";
import type { LabelStats } from "./learned.ts";
import type { ChartEntry, Suggestion, Tier } from "./pipeline.ts";
import { decideByRules, type Rule } from "./rules.ts";

/** People's labels on a vendor for the pack rule's account, and elsewhere. */
function peopleSaid(stats: LabelStats, vendorFeature: string, accountId: string): { agree: number; disagree: number } {
  let agree = 0;
  let disagree = 0;
  for (const [account, count] of stats.get(vendorFeature) ?? []) {
    if (account === accountId) agree += count.person;
    else disagree += count.person;
  }
  return { agree, disagree };
}

/**
 * Whether people outvoted a pack rule for this pattern: at about this amount
 * (one vendor's payroll and payroll taxes are two rules), or, for the vendor
 * at any amount, twice or more. What they said, if so.
 */
function outvoted(stats: LabelStats, vendor: string, vendorBand: string, accountId: string): { agree: number; disagree: number } | undefined {
  const atThisAmount = peopleSaid(stats, vendorBand, accountId);
  if (atThisAmount.disagree > atThisAmount.agree) return atThisAmount;
  const atAnyAmount = peopleSaid(stats, vendor, accountId);
  return atAnyAmount.disagree >= 2 && atAnyAmount.disagree > atAnyAmount.agree ? atAnyAmount : undefined;
}

function demoted(suggestion: Suggestion, rule: Rule, said: { agree: number; disagree: number }, chart: readonly ChartEntry[]): Suggestion {
  const account = chart.find((candidate) => candidate.code === rule.accountCode);
  return {
    ...suggestion,
    confidence: said.agree / (said.agree + said.disagree),
    reason: `${suggestion.reason}, but people moved ${said.disagree} of this vendor's transactions out of ${rule.accountCode}${account ? ` ${account.name}` : ""} (and ${said.agree} to it): the company's own labels beat a default rule`,
  };
}

export const rulesTier: Tier = {
  name: "rules",
  source: "rule",
  // Matching is local and memoized per distinct description: large batches cost nothing extra.
  batchItemsMax: 100_000,
  deadlineMs: 10_000,
  async decide({ items, context }) {
    // A rule whose account is this bank account's own would post a transaction against itself.
    const rules = (await context.history.rules()).filter((rule) => rule.accountId !== context.bankAccount.ledgerAccountId);
    const answers = decideByRules(rules, items);
    const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
    const packed = answers.flatMap((answer, index) => {
      const rule = answer === undefined ? undefined : ruleById.get(String(answer.evidence.ruleId));
      return rule?.origin === "pack" ? [{ index, rule, features: featuresOf(items[index] as (typeof items)[number]) }] : [];
    });
    if (packed.length === 0) return answers;
    const { stats } = await context.history.learned([...new Set(packed.flatMap((match) => [match.features.vendor, match.features.vendorBand]))]);
    for (const { index, rule, features } of packed) {
      const said = outvoted(stats, features.vendor, features.vendorBand, rule.accountId);
      if (said !== undefined) answers[index] = demoted(answers[index] as Suggestion, rule, said, context.chart);
    }
    return answers;
  },
};
