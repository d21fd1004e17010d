import { describe, expect, it } from "vitest";
import type { BookedTransaction, CompanyObservation } from "./book.ts";
import type { PilotCompany, TruthTransaction } from "./company.ts";
import { companyMetrics, percentile, totalsOf } from "./metrics.ts";
import type { StoredDocument } from "./receipts.ts";

let truthIds = 0;
const truthRow = (bankAccount: string, postedOn: string, amountMinor: number, description: string, accountCode: string, transferPairId: string | null = null): TruthTransaction => ({
  id: `t${++truthIds}`,
  bankAccount,
  postedOn,
  amountMinor,
  description,
  accountCode,
  transferPairId,
});

// The truth says the card's side of a transfer goes to checking (1010) and checking's to the card (2100).
const company: PilotCompany = {
  slug: "shop",
  name: "Shop",
  industry: "retail",
  bankAccounts: [],
  overlapRows: 2,
  // The rent's slip, the first sale's, the second sale's, and a coffee paid in cash.
  receipts: [
    { id: "r1", filename: "r1.txt", mediaType: "text/plain", date: "2025-01-02", transactionId: "t1", bytes: () => new Uint8Array() },
    { id: "r2", filename: "r2.pdf", mediaType: "application/pdf", date: "2025-01-05", transactionId: "t4", bytes: () => new Uint8Array() },
    { id: "r3", filename: "r3.png", mediaType: "image/png", date: "2025-01-05", transactionId: "t5", bytes: () => new Uint8Array() },
    { id: "r4", filename: "r4.txt", mediaType: "text/plain", date: "2025-01-04", transactionId: null, bytes: () => new Uint8Array() },
  ],
  truth: [
    truthRow("checking", "2025-01-02", -1000, "RENT", "6100"),
    truthRow("checking", "2025-01-03", -500, "PAYMENT TO CARD", "2100", "p1"),
    truthRow("card", "2025-01-03", 500, "PAYMENT THANK YOU", "1010", "p1"),
    truthRow("checking", "2025-01-05", 2000, "SALE", "4000"),
    truthRow("checking", "2025-01-05", 2000, "SALE", "4000"),
  ],
};

const booked = (
  id: string,
  bankAccountId: string,
  postedOn: string,
  amountMinor: number,
  description: string,
  decision: { code: string; source: NonNullable<BookedTransaction["category"]>["source"] } | "review",
  transferTransactionId: string | null = null,
): BookedTransaction => ({
  id,
  bankAccountId,
  postedOn,
  amountMinor,
  description,
  category: decision === "review" ? { accountCode: "6999", source: "none", confidence: 0 } : { accountCode: decision.code, source: decision.source, confidence: 0.9 },
  suggestion: null,
  status: decision === "review" ? "review" : "categorized",
  transferTransactionId,
});

const storedDocument = (status: StoredDocument["status"], match: StoredDocument["match"], suggested: string[] = []): StoredDocument => ({
  id: `d-${status}-${match?.transactionId ?? "none"}`,
  mediaType: "text/plain",
  status,
  match,
  // Listed lowest score first, so that a reader has to find the best one.
  suggestions: suggested.map((transactionId, index) => ({ transactionId, score: 0.3 + index / 10, reasons: [`close to ${transactionId}`] })),
});

/** The books as a correct host would keep them, except that SALE #1 went to the wrong revenue account. */
function observation(overrides: Partial<CompanyObservation> = {}): CompanyObservation {
  return {
    companyId: "c1",
    apiKey: "bk_test",
    // The books gave the card the ledger code 2101, not the seeded 2100: expected codes must follow the books.
    bankAccounts: [
      { slug: "checking", id: "b1", ledgerCode: "1010" },
      { slug: "card", id: "b2", ledgerCode: "2101" },
    ],
    imports: [
      { bankAccount: "checking", month: "2025-01", latencyMs: 12, rows: { total: 6, inserted: 4, duplicate: 2, rejected: 0 }, rejections: [], replayed: false, id: "i", llmSettleMs: null },
      { bankAccount: "card", month: "2025-01", latencyMs: 30, rows: { total: 1, inserted: 1, duplicate: 0, rejected: 0 }, rejections: [], replayed: false, id: "i", llmSettleMs: null },
    ],
    transactions: [
      booked("x1", "b1", "2025-01-02", -1000, "RENT", { code: "6100", source: "rule" }),
      booked("x2", "b1", "2025-01-03", -500, "PAYMENT TO CARD", { code: "2101", source: "transfer" }, "x3"),
      booked("x3", "b2", "2025-01-03", 500, "PAYMENT THANK YOU", { code: "1010", source: "transfer" }, "x2"),
      booked("x4", "b1", "2025-01-05", 2000, "SALE", { code: "4010", source: "rule" }),
      booked("x5", "b1", "2025-01-05", 2000, "SALE", "review"),
    ],
    reviewQueue: 1,
    reports: {
      trialBalance: {
        accounts: [
          { code: "1010", debitMinor: 4000, creditMinor: 1500 },
          { code: "2101", debitMinor: 500, creditMinor: 0 },
          { code: "6100", debitMinor: 1000, creditMinor: 0 },
          { code: "4010", debitMinor: 0, creditMinor: 2000 },
          { code: "6999", debitMinor: 0, creditMinor: 2000 },
        ],
        totals: { debitMinor: 5500, creditMinor: 5500 },
        balanced: true,
      },
      balanceSheet: { totals: { assetsMinor: 2500, liabilitiesAndEquityMinor: 2500 }, retainedEarningsMinor: 0, currentYearEarningsMinor: 3000, balanced: true },
      profitAndLoss: { netIncomeMinor: 3000 },
    },
    months: [],
    bookkeeper: false,
    llmUsage: null,
    receipts: [
      { receiptId: "r1", mediaType: "text/plain", document: storedDocument("matched", { transactionId: "x1", score: 0.97, reasons: [], source: "auto" }) },
      // The two sales are the same amount on the same day: the matcher swapped them (x4 is the truth's second sale, t5).
      { receiptId: "r2", mediaType: "application/pdf", document: storedDocument("matched", { transactionId: "x4", score: 0.5, reasons: [], source: "auto" }) },
      { receiptId: "r3", mediaType: "image/png", document: storedDocument("unreadable", null) },
      { receiptId: "r4", mediaType: "text/plain", document: storedDocument("unmatched", null, ["x4"]) },
    ],
    // The export of the four settled transactions (SALE #2 waits for review).
    training: [
      { split: "train", label: { accountCode: "6100" } },
      { split: "train", label: { accountCode: "2101" } },
      { split: "test", label: { accountCode: "1010" } },
      { split: "validation", label: { accountCode: "4010" } },
    ]
      .map((line) => `${JSON.stringify(line)}\n`)
      .join(""),
    wallMs: 100,
    ...overrides,
  };
}

describe("a company's metrics", () => {
  it("counts who decided, how often rightly, the queue and the transfers, and finds nothing wrong with sound books", () => {
    const { metrics } = companyMetrics(company, observation());
    expect(metrics.failures).toEqual([]);
    expect(metrics.transactions).toEqual({ truth: 5, imported: 5, duplicatesSkipped: 2, rejected: 0 });
    expect(metrics.tiers).toEqual({ rule: 0.4, learned: 0, llm: 0, review: 0.2, transfer: 0.4 });
    // Decided: RENT (right), both transfer sides (right, by the books' own codes), SALE #1 (wrong).
    expect(metrics.accuracy).toBe(0.75);
    expect(metrics.reviewQueue).toBe(1);
    expect(metrics.transfers).toEqual({ truth: 1, found: 1, correct: 1 });
    expect(metrics.trialBalance).toEqual({ debitMinor: 5500, creditMinor: 5500, balanced: true });
    expect(metrics.latencyMs).toEqual({ p50: 12, p95: 30 });
  });

  it("counts the training export's lines, splits and labels, and fails a run whose export misses a settled transaction", () => {
    const { metrics } = companyMetrics(company, observation());
    expect(metrics.training).toEqual({ lines: 4, splits: { train: 2, validation: 1, test: 1 }, labels: ["1010", "2101", "4010", "6100"] });
    expect(metrics.failures).toEqual([]);
    const short = companyMetrics(company, observation({ training: '{"split":"train","label":{"accountCode":"6100"}}\n' })).metrics;
    expect(short.failures).toContain("the training export has 1 lines, the books 4 settled transactions");
  });

  it("judges each receipt's match against the truth: precision, recall, cash left alone, unreadable files", () => {
    const { metrics } = companyMetrics(company, observation());
    expect(metrics.receipts).toEqual({
      uploaded: 4,
      byMediaType: { "text/plain": 2, "application/pdf": 1, "image/png": 1 },
      unreadable: 1,
      withCharge: 3,
      cash: 1,
      matched: 2,
      correct: 1,
      precision: 0.5,
      recall: 0.3333,
      cashMatched: 0,
      suggestedRight: 0,
    });
    // A cash slip matched to a charge counts against it, and a right suggestion is counted for a person to take.
    const cashMatched = observation({
      receipts: [
        { receiptId: "r4", mediaType: "text/plain", document: storedDocument("matched", { transactionId: "x4", score: 0.9, reasons: [], source: "auto" }) },
        { receiptId: "r2", mediaType: "application/pdf", document: storedDocument("suggested", null, ["x4", "x5"]) },
      ],
    });
    expect(companyMetrics(company, cashMatched).metrics.receipts).toMatchObject({ matched: 1, correct: 0, cashMatched: 1, suggestedRight: 1, precision: 0, recall: 0 });
  });

  it("keeps each receipt's case, which the figures are counted from: its outcome, and the score and reasons behind it", () => {
    const { metrics } = companyMetrics(company, observation());
    expect(metrics.receiptCases.map(({ receiptId, outcome, score, status }) => ({ receiptId, outcome, score, status }))).toEqual([
      { receiptId: "r1", outcome: "right", score: 0.97, status: "matched" },
      { receiptId: "r2", outcome: "wrong", score: 0.5, status: "matched" },
      { receiptId: "r3", outcome: "missed", score: null, status: "unreadable" },
      { receiptId: "r4", outcome: "cash", score: 0.3, status: "unmatched" },
    ]);
    const cashMatched = observation({
      receipts: [
        { receiptId: "r4", mediaType: "text/plain", document: storedDocument("matched", { transactionId: "x4", score: 0.9, reasons: ["same amount"], source: "auto" }) },
        { receiptId: "r2", mediaType: "application/pdf", document: storedDocument("suggested", null, ["x4", "x5"]) },
      ],
    });
    expect(companyMetrics(company, cashMatched).metrics.receiptCases.map(({ outcome, reasons }) => ({ outcome, reasons }))).toEqual([
      { outcome: "cash-matched", reasons: ["same amount"] },
      { outcome: "suggested", reasons: ["close to x5"] },
    ]);
  });

  it("keeps each statement upload's latency", () => {
    const { metrics } = companyMetrics(company, observation());
    expect(metrics.imports).toEqual([
      { bankAccount: "checking", month: "2025-01", rows: 6, latencyMs: 12 },
      { bankAccount: "card", month: "2025-01", rows: 1, latencyMs: 30 },
    ]);
  });

  it("says when the books and the truth disagree, transaction by transaction", () => {
    const observed = observation();
    // One SALE lost and a transaction the truth never had, in its place.
    observed.transactions[4] = booked("x5", "b1", "2025-01-06", 2000, "SALE", "review");
    const { metrics } = companyMetrics(company, observed);
    expect(metrics.failures).toEqual([
      "1 booked transactions are not in the truth: checking|2025-01-06|2000|SALE",
      "1 truth transactions are not in the books: checking|2025-01-05|2000|SALE",
    ]);
  });

  it("checks every count against the truth: imported, duplicates, rejections, and what the books list", () => {
    const observed = observation({
      imports: [
        { bankAccount: "checking", month: "2025-01", latencyMs: 12, rows: { total: 6, inserted: 4, duplicate: 1, rejected: 1 }, rejections: [{ line: 7, reason: "unreadable date", raw: "x" }], replayed: false, id: "i", llmSettleMs: null },
      ],
    });
    const { metrics } = companyMetrics(company, observed);
    expect(metrics.transactions).toEqual({ truth: 5, imported: 4, duplicatesSkipped: 1, rejected: 1 });
    expect(metrics.failures).toEqual([
      "imported 4 transactions, the truth has 5",
      "skipped 1 rows as duplicates, the files overlap by 2",
      "rejected 1 rows, the truth has none (checking 2025-01 line 7: unreadable date)",
      "the books list 5 transactions, the imports inserted 4",
    ]);
  });

  it("counts a pair the truth does not pair as found but not correct", () => {
    // The truth says the card's side belongs to another transfer: the books' pair is well formed, and wrong.
    const otherPairs = { ...company, truth: company.truth.map((t) => (t.bankAccount === "card" ? { ...t, transferPairId: "p2" } : t)) };
    const { metrics } = companyMetrics(otherPairs, observation());
    expect(metrics.transfers).toEqual({ truth: 2, found: 1, correct: 0 });
    expect(metrics.failures).toEqual([]);
  });

  it("fails broken pairs: one side only, a side naming a partner that does not name it back, money that does not net to zero", () => {
    const oneSided = observation();
    oneSided.transactions[2] = { ...(oneSided.transactions[2] as BookedTransaction), transferTransactionId: null };
    const lopsided = observation();
    lopsided.transactions[0] = { ...(lopsided.transactions[0] as BookedTransaction), transferTransactionId: "x4" };
    lopsided.transactions[3] = { ...(lopsided.transactions[3] as BookedTransaction), transferTransactionId: "x1" };

    const first = companyMetrics(company, oneSided).metrics;
    expect(first.transfers).toEqual({ truth: 1, found: 0, correct: 0 });
    expect(first.failures).toEqual(["2 broken transfer pairs: x2 names x3 as its other side, which does not name it back; x3 is posted as a transfer with no other side"]);
    const second = companyMetrics(company, lopsided).metrics;
    expect(second.transfers).toEqual({ truth: 1, found: 1, correct: 1 });
    expect(second.failures).toEqual(["1 broken transfer pairs: x1 and x4 are paired but are not a transfer between two accounts (-1000 and 2000)"]);
  });

  it("counts a file the host had already (answered with its earlier report) as all duplicates, and checks the review filter", () => {
    const observed = observation();
    const first = observed.imports[0];
    if (first === undefined) throw new Error("an import is missing");
    observed.imports.push({ ...first, replayed: true });
    observed.reviewQueue = 0;
    const { metrics } = companyMetrics(company, observed);
    expect(metrics.transactions).toEqual({ truth: 5, imported: 5, duplicatesSkipped: 8, rejected: 0 });
    expect(metrics.failures).toEqual(["skipped 8 rows as duplicates, the files overlap by 2", "the review filter lists 0 transactions, 1 are in review"]);
  });

  it("fails books that do not balance, whose earnings disagree, or whose bank accounts do not hold what the bank says", () => {
    const sound = observation();
    const reports = sound.reports;
    if (reports === null) throw new Error("the observation has reports");
    const { metrics } = companyMetrics(
      company,
      observation({
        reports: {
          trialBalance: {
            ...reports.trialBalance,
            accounts: reports.trialBalance.accounts.map((row) => (row.code === "2101" ? { ...row, debitMinor: 400 } : row)),
            totals: { debitMinor: 5400, creditMinor: 5500 },
            balanced: false,
          },
          balanceSheet: { ...reports.balanceSheet, totals: { assetsMinor: 2500, liabilitiesAndEquityMinor: 2600 }, balanced: false },
          profitAndLoss: { netIncomeMinor: 2900 },
        },
      }),
    );
    expect(metrics.trialBalance).toEqual({ debitMinor: 5400, creditMinor: 5500, balanced: false });
    expect(metrics.failures).toEqual([
      "the trial balance does not balance: debits 5400, credits 5500",
      "the balance sheet does not balance: assets 2500, liabilities and equity 2600",
      "net income over the whole period is 2900, the balance sheet's earnings are 3000",
      "ledger account 2101 (card) holds 400, the bank's transactions sum to 500",
    ]);
  });

  it("has no accuracy when nothing was decided, and fails books that hold nothing of a non-empty truth", () => {
    const { metrics } = companyMetrics(company, observation({ transactions: [], imports: [], reports: null }));
    expect(metrics.accuracy).toBeNull();
    expect(metrics.tiers).toEqual({ rule: 0, learned: 0, llm: 0, review: 0, transfer: 0 });
    expect(metrics.failures).toContain("the books hold no transactions, so there are no reports to check");
  });
});

describe("the LLM tier's own figures", () => {
  it("judge what it posted on its own, add what the host says it cost, and time how soon its decisions landed", () => {
    const month = { month: "2025-01", imported: 5, decidedBy: { rule: 2, learned: 0, llm: 2, transfer: 0, review: 1 }, decided: 4, correct: 3, reliability: [], llmDecided: 2, llmCorrect: 1, corrections: 0, accepts: 0, unpaired: 0 };
    const settled = (ms: number | null) => ({ bankAccount: "checking", month: "2025-01", latencyMs: 5, rows: { total: 1, inserted: 1, duplicate: 0, rejected: 0 }, rejections: [], replayed: false, id: "i", llmSettleMs: ms });
    const observed = observation({ months: [month], imports: [settled(40), settled(null), settled(10)], llmUsage: { calls: 3, requests: 4, promptTokens: 900, completionTokens: 100 } });
    const { metrics, tally } = companyMetrics(company, observed);
    expect(metrics.llm).toEqual({ decided: 2, correct: 1, accuracy: 0.5, calls: 3, requests: 4, promptTokens: 900, completionTokens: 100, settleMs: { p50: 10, p95: 40 } });
    const totals = totalsOf([{ metrics, tally }, { metrics, tally }], 1);
    expect(totals.llm).toMatchObject({ decided: 4, correct: 2, calls: 6, promptTokens: 1800 });
    // A host without a usage report: the costs are unknown, not zero.
    expect(companyMetrics(company, observation({ months: [month] })).metrics.llm).toMatchObject({ calls: null, promptTokens: null, settleMs: null });
  });
});

describe("the totals row", () => {
  it("weighs companies by their size, sums the counts, and takes latency over every import", () => {
    const big = companyMetrics(company, observation());
    const smallObserved = observation({
      imports: [{ bankAccount: "checking", month: "2025-01", latencyMs: 50, rows: { total: 1, inserted: 1, duplicate: 0, rejected: 0 }, rejections: [], replayed: false, id: "i", llmSettleMs: null }],
      transactions: [booked("y1", "b1", "2025-01-02", -1000, "RENT", "review")],
    });
    const small = companyMetrics({ ...company, name: "Tiny", truth: company.truth.slice(0, 1), overlapRows: 0 }, smallObserved);
    const totals = totalsOf([big, small], 250);
    // Six transactions: two by rules, two by transfer, two in review.
    expect(totals.tiers).toEqual({ rule: 0.3333, learned: 0, llm: 0, review: 0.3333, transfer: 0.3333 });
    expect(totals.accuracy).toBe(0.75);
    expect(totals.reviewQueue).toBe(2);
    expect(totals.transactions).toEqual({ truth: 6, imported: 6, duplicatesSkipped: 2, rejected: 0 });
    expect(totals.latencyMs).toEqual({ p50: 30, p95: 50 });
    expect(totals.wallMs).toBe(250);
    expect(totals.failures).toEqual(small.metrics.failures.map((failure) => `Tiny: ${failure}`));
  });
});

describe("percentile", () => {
  it("is the nearest rank, and 0 for nothing", () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.95)).toBe(10);
    expect(percentile(values, 0.1)).toBe(1);
    expect(percentile([42], 0.95)).toBe(42);
    expect(percentile([], 0.5)).toBe(0);
  });
});
