/**
 * The simulated bookkeeper: after each month's statements are in, she reads
 * what the month brought, and fixes exactly what the truth says is wrong or
 * left undecided, as a person would through the API: she accepts a waiting
 * transaction's suggestion when it is right, and otherwise corrects it. One
 * side of a transfer she leaves to the pairing (its other side may be in next
 * month's file); a transfer paired wrongly she unpairs first. Pure: she
 * judges and plans; book.ts sends the requests.
 */
import type { BookedTransaction } from "./book.ts";
import type { TruthMatcher } from "./truth.ts";

export type Decider = "rule" | "learned" | "llm" | "transfer" | "review";

/** Who decided a transaction as it stands: a tier, the transfer pairing, or nobody yet (review). */
export function deciderOf(transaction: Pick<BookedTransaction, "status" | "category">): Decider {
  if (transaction.status === "review") return "review";
  switch (transaction.category?.source) {
    case "rule":
      return "rule";
    case "learned":
      return "learned";
    case "llm":
      return "llm";
    case "transfer":
      return "transfer";
    default:
      // `none` is always in review; `manual` is a person's, which a month's new transactions never are.
      return "review";
  }
}

/** Per tenth of confidence (0 is 0.0 to 0.1, 9 is 0.9 to 1.0): how many of the learned tier's answers, and how many right. */
export type Reliability = { answered: number; right: number }[];

export const emptyReliability = (): Reliability => Array.from({ length: 10 }, () => ({ answered: 0, right: 0 }));

/** Adds one tally of reliability into another, tenth by tenth. */
export function addReliability(into: Reliability, from: Reliability): void {
  from.forEach((bin, index) => {
    const total = into[index] as Reliability[number];
    total.answered += bin.answered;
    total.right += bin.right;
  });
}

/** What a month's new transactions looked like when the bookkeeper opened them: before she touched anything. */
export interface MonthJudgement {
  month: string;
  imported: number;
  decidedBy: Record<Decider, number>;
  /** Decided automatically (every decider but review). */
  decided: number;
  /** Of the decided, posted where the truth says. */
  correct: number;
  /** The learned tier's answers, posted or only suggested, judged against the truth: is a 0.9 right nine times in ten? */
  reliability: Reliability;
  /** What the LLM tier posted, and how much of it the truth agrees with: its accuracy on its own. */
  llmDecided: number;
  llmCorrect: number;
}

export interface BookkeeperPlan {
  judgement: MonthJudgement;
  /** Waiting for review with the right suggestion: one call each. */
  accept: string[];
  correct: { transactionId: string; accountCode: string }[];
  /** Paired as a transfer, wrongly: undone first, then corrected. */
  unpair: string[];
}

export function emptyTally(): Record<Decider, number> {
  return { rule: 0, learned: 0, llm: 0, transfer: 0, review: 0 };
}

export function planMonth(month: string, fresh: readonly BookedTransaction[], matcher: TruthMatcher): BookkeeperPlan {
  const plan: BookkeeperPlan = { judgement: { month, imported: fresh.length, decidedBy: emptyTally(), decided: 0, correct: 0, reliability: emptyReliability(), llmDecided: 0, llmCorrect: 0 }, accept: [], correct: [], unpair: [] };
  for (const transaction of fresh) {
    const decider = deciderOf(transaction);
    plan.judgement.decidedBy[decider] += 1;
    const truth = matcher.truthOf(transaction);
    if (truth === undefined) continue;
    const expected = matcher.expectedCode(truth);
    const right = transaction.category?.accountCode === expected;
    const learned = decider === "learned" ? transaction.category : transaction.suggestion?.source === "learned" ? transaction.suggestion : null;
    if (learned) {
      const bin = plan.judgement.reliability[Math.min(9, Math.floor(learned.confidence * 10))] as Reliability[number];
      bin.answered += 1;
      if (learned.accountCode === expected) bin.right += 1;
    }
    if (decider !== "review") {
      plan.judgement.decided += 1;
      if (right) plan.judgement.correct += 1;
    }
    if (decider === "llm") {
      plan.judgement.llmDecided += 1;
      if (right) plan.judgement.llmCorrect += 1;
    }
    if (right || truth.transferPairId !== null) continue;
    // Unpairing one side frees both: the other side, if it is this month's too, is not unpaired again.
    if (decider === "transfer" && !plan.unpair.includes(transaction.transferTransactionId ?? "")) plan.unpair.push(transaction.id);
    if (decider === "review" && transaction.suggestion?.accountCode === expected) plan.accept.push(transaction.id);
    else plan.correct.push({ transactionId: transaction.id, accountCode: expected });
  }
  return plan;
}
