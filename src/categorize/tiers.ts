/**
 * Where the pipeline is assembled: the tiers a host runs, in order. Adding a
 * tier is one file that implements `Tier` (see rules-tier.ts) and one line
 * here. A host may pass its own list instead (tests inject stubs this way).
 */
import { learnedTier } from "./learned-tier.ts";
import type { Tier } from "./pipeline.ts";
import { rulesTier } from "./rules-tier.ts";

export function defaultTiers(): Tier[] {
  return [rulesTier, learnedTier];
}
