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

/**
 * A tier that reads each vendor's latest placed transactions (at most
 * `perVendor`) and picks an account from how often each was used, or none.
 */
function vendorMemoryTier(name: string, perVendor: number, pick: (vendor: string, counts: ReadonlyMap<string, number>) => { accountId: string; reason: string } | undefined): Tier {
  return {
    name,
    source: "learned",
    batchItemsMax: 5_000,
    deadlineMs: 10_000,
    async decide({ items, context }) {
      const recent = await context.history.recentAccounts([...new Set(items.map((item) => item.vendor))], perVendor);
      return items.map((item) => {
        const counts = new Map<string, number>();
        for (const accountId of recent.get(item.vendor) ?? []) counts.set(accountId, (counts.get(accountId) ?? 0) + 1);
        const picked = pick(item.vendor, counts);
        const account = picked === undefined ? undefined : codeOf(context.chart, picked.accountId);
        return placeable(account) && picked !== undefined ? answer(name, account, picked.reason) : undefined;
      });
    },
  };
}

/** Exact-vendor memory: the account the vendor went to most often, as a bank feed remembers a payee. */
export const exactVendorTier = vendorMemoryTier("exact-vendor", 1_000, (vendor, counts) => {
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top === undefined ? undefined : { accountId: top[0], reason: `${vendor} went to this account most often` };
});

/** Actual's rule: once 3 of a vendor's last 5 transactions share an account, it is the vendor's account. */
export const threeOfFiveTier = vendorMemoryTier("actual-3-of-5", 5, (vendor, counts) => {
  const agreed = [...counts].find(([, count]) => count >= 3);
  return agreed === undefined ? undefined : { accountId: agreed[0], reason: `3 of ${vendor}'s last 5 went to this account` };
});
