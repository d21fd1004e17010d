/**
 * How a bank transaction becomes journal lines, and which transactions are
 * two sides of one transfer. Pure: the service turns these into statements.
 *
 * Lines carry debits positive and credits negative. A bank transaction's
 * amount is negative when money leaves, for every kind of account; so the
 * bank's own ledger account takes the amount as is (money in debits a bank
 * account and reduces a card's liability; a card purchase credits the card)
 * and the other account takes its negation. One rule, every kind.
 */
import { assertMinor } from "../shared/money.ts";

export interface Line {
  accountId: string;
  amountMinor: number;
}

export function transactionLines(bankLedgerAccountId: string, otherAccountId: string, amountMinor: number): [Line, Line] {
  assertMinor(amountMinor);
  if (amountMinor === 0) throw new RangeError("a zero amount posts nothing");
  return [
    { accountId: bankLedgerAccountId, amountMinor },
    { accountId: otherAccountId, amountMinor: -amountMinor },
  ];
}

/** The lines that undo an entry. */
export const reversalLines = (lines: readonly Line[]): Line[] => lines.map((line) => ({ accountId: line.accountId, amountMinor: -line.amountMinor }));

export const isBalanced = (lines: readonly Line[]): boolean =>
  lines.length >= 2 && lines.every((line) => Number.isSafeInteger(line.amountMinor) && line.amountMinor !== 0) && lines.reduce((sum, line) => sum + line.amountMinor, 0) === 0;

/** Two sides of a transfer post within this many days of each other (a card payment clears in one to three). */
export const transferWindowDays = 3;

export interface TransferSide {
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  /** On a card, only a payment (money in) can be a transfer's side; a charge is a purchase. */
  card?: boolean | undefined;
}

const canBeTransferSide = (side: TransferSide): boolean => side.amountMinor !== 0 && !(side.card === true && side.amountMinor < 0);

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
export function pairTransfers(fresh: readonly TransferSide[], candidates: readonly TransferSide[]): (number | undefined)[] {
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
      const candidate = candidates[index] as TransferSide;
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
