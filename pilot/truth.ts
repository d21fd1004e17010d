/**
 * Which truth transaction each booked one is, and which account the truth
 * says it belongs in, in these books' own codes. Shared by the bookkeeper (who
 * corrects against it month by month) and the metrics (which judge against
 * it). Pure.
 */
import type { PilotCompany, TruthTransaction } from "./company.ts";

const truthKey = (bankAccount: string, postedOn: string, amountMinor: number, description: string): string => `${bankAccount}|${postedOn}|${amountMinor}|${description}`;

/** What matching needs of a booked transaction. */
export interface Matchable {
  id: string;
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  description: string;
}

export interface TruthMatcher {
  /** The truth transaction this booked one is (the same one every time it is asked), or undefined for a stranger. */
  truthOf(booked: Matchable): TruthTransaction | undefined;
  /** The account the truth says it belongs in, as these books code it. */
  expectedCode(truth: TruthTransaction): string;
  /** Truth transactions no booked one has matched yet, by key. */
  unmatched(): string[];
}

/**
 * Matches each booked transaction to one truth transaction with the same
 * account, date, amount and words; two real identical rows match two truth
 * rows. A transfer's side belongs in the other side's bank account, whose
 * ledger code the books chose when the bank account was created.
 */
export function truthMatcher(company: PilotCompany, bankAccounts: readonly { slug: string; id: string; ledgerCode: string }[]): TruthMatcher {
  const slugById = new Map(bankAccounts.map((account) => [account.id, account.slug]));
  const ledgerCodeBySlug = new Map(bankAccounts.map((account) => [account.slug, account.ledgerCode]));
  const sidesByPair = new Map<string, TruthTransaction[]>();
  for (const t of company.truth) if (t.transferPairId !== null) sidesByPair.set(t.transferPairId, [...(sidesByPair.get(t.transferPairId) ?? []), t]);
  const waiting = new Map<string, TruthTransaction[]>();
  for (const t of company.truth) {
    const key = truthKey(t.bankAccount, t.postedOn, t.amountMinor, t.description);
    waiting.set(key, [...(waiting.get(key) ?? []), t]);
  }
  const matched = new Map<string, TruthTransaction | undefined>();
  return {
    truthOf(booked) {
      if (matched.has(booked.id)) return matched.get(booked.id);
      const truth = waiting.get(truthKey(slugById.get(booked.bankAccountId) ?? booked.bankAccountId, booked.postedOn, booked.amountMinor, booked.description))?.pop();
      matched.set(booked.id, truth);
      return truth;
    },
    expectedCode(truth) {
      const other = truth.transferPairId === null ? undefined : sidesByPair.get(truth.transferPairId)?.find((side) => side !== truth);
      return (other && ledgerCodeBySlug.get(other.bankAccount)) ?? truth.accountCode;
    },
    unmatched: () => [...waiting.entries()].flatMap(([key, left]) => left.map(() => key)),
  };
}

export const keyOf = (bankAccountSlug: string, booked: Matchable): string => truthKey(bankAccountSlug, booked.postedOn, booked.amountMinor, booked.description);
