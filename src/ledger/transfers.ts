/**
 * Which transactions are two sides of one transfer between the company's own
 * accounts: the same amount with the opposite sign, within a few days, on two
 * different accounts. Pure: entries.ts posts what this pairs.
 */
/** Two sides of a transfer post within this many days of each other (a card payment clears in one to three). */
export const transferWindowDays = 3;

export interface PairableSide {
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  /** On a card, only a payment (money in) can be a transfer's side; a charge is a purchase. */
  card?: boolean | undefined;
}

const canBeTransferSide = (side: PairableSide): boolean => side.amountMinor !== 0 && !(side.card === true && side.amountMinor < 0);

const dayNumber = (isoDate: string): number => Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / 86_400_000;

/** ISO dates `days` before and after a date. */
export function dayShift(isoDate: string, days: number): string {
  return new Date((dayNumber(isoDate) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Pairs each new transaction with at most one candidate from another of the
 * company's accounts: the same amount with the opposite sign, posted within
 * the window, never a card's charge. The nearest date wins, then the earlier candidate; each
 * candidate pairs once. Returns, per new transaction, the candidate's index
 * or undefined.
 */
export function pairTransfers(fresh: readonly PairableSide[], candidates: readonly PairableSide[]): (number | undefined)[] {
  const byAmount = new Map<number, number[]>();
  candidates.forEach((candidate, index) => {
    const list = byAmount.get(candidate.amountMinor) ?? [];
    list.push(index);
    byAmount.set(candidate.amountMinor, list);
  });
  const taken = new Set<number>();
  return fresh.map((side) => {
    if (!canBeTransferSide(side)) return undefined;
    const day = dayNumber(side.postedOn);
    let best: { index: number; distance: number; day: number } | undefined;
    for (const index of byAmount.get(-side.amountMinor) ?? []) {
      const candidate = candidates[index] as PairableSide;
      if (taken.has(index) || candidate.bankAccountId === side.bankAccountId || !canBeTransferSide(candidate)) continue;
      const candidateDay = dayNumber(candidate.postedOn);
      const distance = Math.abs(candidateDay - day);
      if (distance > transferWindowDays) continue;
      if (best === undefined || distance < best.distance || (distance === best.distance && candidateDay < best.day)) {
        best = { index, distance, day: candidateDay };
      }
    }
    if (best === undefined) return undefined;
    taken.add(best.index);
    return best.index;
  });
}
