/**
 * Peers' approaches to learning from a company's own books, as tiers behind
 * the same rules, so the bench measures them in the same run, on the same
 * data, with the same bookkeeper:
 *
 * - exact-vendor memory: a vendor goes where it went most often before (what
 *   most bank feeds do: "remember this payee");
 * - Actual Budget's rule of thumb: when 3 of a payee's last 5 transactions
 *   share a category, that category (Actual then writes a rule for it).
 *
 * Both are certain when they answer (confidence 1), as their originals are.
 */
import type { ChartEntry, Suggestion, Tier } from "../src/categorize/pipeline.ts";

const codeOf = (chart: readonly ChartEntry[], accountId: string): ChartEntry | undefined => chart.find((account) => account.id === accountId);
/** Pairing posts transfers; a remembered bank account would post one side twice. */
const placeable = (account: ChartEntry | undefined): account is ChartEntry => account !== undefined && !["bank", "credit_card", "suspense"].includes(account.subtype);

function answer(name: string, account: ChartEntry, reason: string): Suggestion {
  return { accountCode: account.code, source: "learned", confidence: 1, reason, evidence: { baseline: name } };
}

export const exactVendorTier: Tier = {
  name: "exact-vendor",
  source: "learned",
  batchItemsMax: 5_000,
  deadlineMs: 10_000,
  async decide({ items, context }) {
    const recent = await context.history.recentAccounts([...new Set(items.map((item) => item.vendor))], 1_000);
    return items.map((item) => {
      const counts = new Map<string, number>();
      for (const accountId of recent.get(item.vendor) ?? []) counts.set(accountId, (counts.get(accountId) ?? 0) + 1);
      const top = [...counts].sort((a, b) => b[1] - a[1])[0];
      const account = top === undefined ? undefined : codeOf(context.chart, top[0]);
      return placeable(account) ? answer("exact-vendor", account, `${item.vendor} went to ${account.code} most often`) : undefined;
    });
  },
};

export const threeOfFiveTier: Tier = {
  name: "actual-3-of-5",
  source: "learned",
  batchItemsMax: 5_000,
  deadlineMs: 10_000,
  async decide({ items, context }) {
    const recent = await context.history.recentAccounts([...new Set(items.map((item) => item.vendor))], 5);
    return items.map((item) => {
      const counts = new Map<string, number>();
      for (const accountId of recent.get(item.vendor) ?? []) counts.set(accountId, (counts.get(accountId) ?? 0) + 1);
      const agreed = [...counts].find(([, count]) => count >= 3);
      const account = agreed === undefined ? undefined : codeOf(context.chart, agreed[0]);
      return placeable(account) ? answer("actual-3-of-5", account, `3 of ${item.vendor}'s last 5 went to ${account.code}`) : undefined;
    });
  },
};
