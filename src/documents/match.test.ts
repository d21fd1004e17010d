import { describe, expect, it } from "vitest";
import { dateWindowDays, defaultMatchPolicy, evidence, matchReceipts, type ChargeToMatch, type MatchOutcome, type Pairing, type ReceiptToMatch } from "./match.ts";

const receipt = (fields: Partial<ReceiptToMatch> & { id: string }): ReceiptToMatch => ({
  date: "2025-03-14",
  totalMinor: 1290,
  currency: "USD",
  cardLast4: null,
  vendor: "Blue Heron Coffee Roasters",
  tipMinor: null,
  tipLeftOut: false,
  paidInCash: false,
  ...fields,
});

const charge = (fields: Partial<ChargeToMatch> & { id: string }): ChargeToMatch => ({
  postedOn: "2025-03-14",
  amountMinor: -1290,
  currency: "USD",
  description: "SQ *BLUE HERON COFFEE",
  vendor: "Blue Heron Coffee",
  accountLast4: null,
  ...fields,
});

/** Every pairing the outcome offers for a receipt, matched or suggested. */
const pairingsOf = (outcome: MatchOutcome, receiptId: string): Pairing[] => [
  ...outcome.matches.filter((pairing) => pairing.receiptId === receiptId),
  ...(outcome.suggestions.get(receiptId) ?? []),
];

const matchOf = (outcome: MatchOutcome, receiptId: string): string | undefined => outcome.matches.find((pairing) => pairing.receiptId === receiptId)?.transactionId;

const isoDay = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe("matchReceipts: one receipt, one charge", () => {
  it("auto-matches an exact amount on the same day from a vendor that reads alike, and says why", () => {
    const outcome = matchReceipts([receipt({ id: "r", cardLast4: "1234" })], [charge({ id: "c", accountLast4: "1234" })]);
    expect(outcome.suggestions.size).toBe(0);
    expect(outcome.matches).toHaveLength(1);
    const [match] = outcome.matches;
    expect(match?.transactionId).toBe("c");
    expect(match?.score).toBeGreaterThanOrEqual(defaultMatchPolicy.autoMatchScore);
    expect(match?.reasons).toEqual(expect.arrayContaining(["amount exact", "date same day", "card 1234"]));
    const vendorReason = match?.reasons.find((reason) => reason.startsWith("vendor "));
    expect(Number(vendorReason?.slice("vendor ".length))).toBeGreaterThan(0.5);
  });

  it("counts the tip written on the slip when the total printed leaves it out", () => {
    const slip = receipt({ id: "r", totalMinor: 8046, tipMinor: 1450, vendor: "The Copper Kettle Bistro" });
    const outcome = matchReceipts([slip], [charge({ id: "c", amountMinor: -9496, description: "COPPER KETTLE BISTRO PORTLAND", vendor: "Copper Kettle Bistro" })]);
    expect(outcome.matches.map((match) => match.transactionId)).toEqual(["c"]);
    expect(outcome.matches[0]?.reasons).toContain("amount exact with the tip");
  });

  it("matches a blank-tip restaurant slip to a charge of the total plus a usual tip, naming the tip's share", () => {
    const slip = receipt({ id: "r", date: "2025-04-02", totalMinor: 2248, vendor: "LUNA TAQUERIA", cardLast4: "1234", tipLeftOut: true });
    const withTip = charge({ id: "c", postedOn: "2025-04-03", amountMinor: -2698, description: "TST* LUNA TAQUERIA SF", vendor: "Luna Taqueria", accountLast4: "1234" });
    const outcome = matchReceipts([slip], [withTip]);
    expect(outcome.matches.map((match) => match.transactionId)).toEqual(["c"]);
    expect(outcome.matches[0]?.reasons).toEqual(expect.arrayContaining(["tip 20%", "date +1 day"]));
  });

  it("does not pair a blank-tip slip with a charge 60% above its total", () => {
    const slip = receipt({ id: "r", date: "2025-04-02", totalMinor: 2248, vendor: "LUNA TAQUERIA", cardLast4: "1234", tipLeftOut: true });
    const far = charge({ id: "c", postedOn: "2025-04-03", amountMinor: -3597, description: "TST* LUNA TAQUERIA SF", vendor: "Luna Taqueria", accountLast4: "1234" });
    const outcome = matchReceipts([slip], [far]);
    expect(outcome.matches).toEqual([]);
    expect(outcome.suggestions.size).toBe(0);
  });

  it("does not read a tip into a charge above the total when the slip has no blank tip line", () => {
    const slip = receipt({ id: "r", totalMinor: 2248, vendor: "LUNA TAQUERIA", tipLeftOut: false });
    const outcome = matchReceipts([slip], [charge({ id: "c", amountMinor: -2698, description: "TST* LUNA TAQUERIA SF", vendor: "Luna Taqueria" })]);
    expect(pairingsOf(outcome, "r")).toEqual([]);
  });

  it("does not take a tip from a vendor that reads differently, on a card it cannot check", () => {
    const slip = receipt({ id: "r", totalMinor: 2248, vendor: "LUNA TAQUERIA", tipLeftOut: true });
    const outcome = matchReceipts([slip], [charge({ id: "c", amountMinor: -2698, description: "SHELL OIL 57442", vendor: "Shell" })]);
    expect(pairingsOf(outcome, "r")).toEqual([]);
  });

  it("pairs charges from a day before the slip to a week after, and none outside that window", () => {
    const inside = [-dateWindowDays.before, dateWindowDays.after];
    const outside = [-dateWindowDays.before - 1, dateWindowDays.after + 1, 30];
    for (const days of inside) {
      const outcome = matchReceipts([receipt({ id: "r" })], [charge({ id: "c", postedOn: isoDay("2025-03-14", days) })]);
      expect(pairingsOf(outcome, "r").map((pairing) => pairing.transactionId)).toEqual(["c"]);
    }
    for (const days of outside) {
      const outcome = matchReceipts([receipt({ id: "r" })], [charge({ id: "c", postedOn: isoDay("2025-03-14", days) })]);
      expect(outcome.matches).toEqual([]);
      expect(outcome.suggestions.size).toBe(0);
    }
  });

  it("scores a charge a week after the slip below one on the same day", () => {
    const late = matchReceipts([receipt({ id: "r" })], [charge({ id: "c", postedOn: "2025-03-21" })]);
    const prompt = matchReceipts([receipt({ id: "r" })], [charge({ id: "c" })]);
    expect(pairingsOf(late, "r")[0]?.reasons).toContain("date +7 days");
    expect(pairingsOf(late, "r")[0]?.score).toBeLessThan(pairingsOf(prompt, "r")[0]?.score ?? 0);
  });

  it("leaves a cash receipt unmatched even beside a card charge of the same amount, vendor and day", () => {
    const outcome = matchReceipts([receipt({ id: "r", paidInCash: true })], [charge({ id: "c" })]);
    expect(outcome.matches).toEqual([]);
    expect(outcome.suggestions.size).toBe(0);
  });

  it("scores a charge on another card's account far below one on the slip's card, and does not auto-match it", () => {
    const slip = receipt({ id: "r", cardLast4: "1234" });
    const scoreWith = (accountLast4: string | null): number => {
      const [pairing] = pairingsOf(matchReceipts([slip], [charge({ id: "c", accountLast4 })]), "r");
      return pairing?.score ?? 0;
    };
    const sameCard = scoreWith("1234");
    const unknownCard = scoreWith(null);
    const otherCard = scoreWith("9999");
    expect(sameCard).toBeGreaterThan(unknownCard);
    expect(unknownCard).toBeGreaterThan(otherCard);
    expect(otherCard).toBeLessThan(defaultMatchPolicy.autoMatchScore);
    expect(matchOf(matchReceipts([slip], [charge({ id: "c", accountLast4: "9999" })]), "r")).toBeUndefined();
    const otherEvidence = evidence(slip, charge({ id: "c", accountLast4: "9999" }));
    expect(otherEvidence?.reasons).toContain("card 1234 is not this account's 9999");
  });

  it("never pairs a receipt with a charge in another currency, but lets a receipt of unknown currency pair", () => {
    const euros = matchReceipts([receipt({ id: "r", currency: "EUR" })], [charge({ id: "c", currency: "USD" })]);
    expect(euros.matches).toEqual([]);
    expect(euros.suggestions.size).toBe(0);
    const unknown = matchReceipts([receipt({ id: "r", currency: null })], [charge({ id: "c", currency: "USD" })]);
    expect(matchOf(unknown, "r")).toBe("c");
  });

  it("pairs nothing for a receipt without a date, without a total, or with a refund's negative total", () => {
    const outcome = matchReceipts(
      [receipt({ id: "no-date", date: null }), receipt({ id: "no-total", totalMinor: null }), receipt({ id: "refund", totalMinor: -1290 })],
      [charge({ id: "c" }), charge({ id: "deposit", amountMinor: 1290 })],
    );
    expect(outcome.matches).toEqual([]);
    expect(outcome.suggestions.size).toBe(0);
  });

  it("does not pair a receipt with money coming in of the same amount", () => {
    const outcome = matchReceipts([receipt({ id: "r" })], [charge({ id: "c", amountMinor: 1290 })]);
    expect(pairingsOf(outcome, "r")).toEqual([]);
  });
});

describe("matchReceipts: receipts decided together", () => {
  // Monday's coffee posts Monday, Tuesday's posts Tuesday. A next-day posting is the likeliest lag, so
  // the single strongest pair is Monday's slip with Tuesday's charge; taking it first would leave
  // Tuesday's slip with a charge from the day before.
  const monday = receipt({ id: "monday", date: "2025-03-10", totalMinor: 450, vendor: "Ferncliff Espresso Bar" });
  const tuesday = receipt({ id: "tuesday", date: "2025-03-11", totalMinor: 450, vendor: "Ferncliff Espresso Bar" });
  const mondayCharge = charge({ id: "charge-mon", postedOn: "2025-03-10", amountMinor: -450, description: "SQ *FERNCLIFF ESPRESSO", vendor: "Ferncliff Espresso" });
  const tuesdayCharge = charge({ id: "charge-tue", postedOn: "2025-03-11", amountMinor: -450, description: "SQ *FERNCLIFF ESPRESSO", vendor: "Ferncliff Espresso" });

  it("gives two same-amount coffees on neighbouring days each its own day's charge, where best-pair-first would cross them", () => {
    const pairs = [
      { receipt: monday, charge: mondayCharge },
      { receipt: monday, charge: tuesdayCharge },
      { receipt: tuesday, charge: mondayCharge },
      { receipt: tuesday, charge: tuesdayCharge },
    ].map((pair) => ({ ...pair, logOdds: evidence(pair.receipt, pair.charge)?.logOdds ?? Number.NEGATIVE_INFINITY }));
    const strongest = pairs.reduce((best, pair) => (pair.logOdds > best.logOdds ? pair : best));
    expect([strongest.receipt.id, strongest.charge.id]).toEqual(["monday", "charge-tue"]);

    const outcome = matchReceipts([monday, tuesday], [tuesdayCharge, mondayCharge]);
    expect(matchOf(outcome, "monday")).toBe("charge-mon");
    expect(matchOf(outcome, "tuesday")).toBe("charge-tue");
    for (const match of outcome.matches) expect(match.reasons).toContain("date same day");
  });

  it("finds the same pairs whatever order the receipts and charges come in", () => {
    const forward = matchReceipts([monday, tuesday], [mondayCharge, tuesdayCharge]);
    const backward = matchReceipts([tuesday, monday], [tuesdayCharge, mondayCharge]);
    const pairsOf = (outcome: MatchOutcome): string[] => outcome.matches.map((match) => `${match.receiptId}:${match.transactionId}`).sort();
    expect(pairsOf(backward)).toEqual(pairsOf(forward));
  });

  it("calls two interchangeable receipts for two interchangeable charges a coin toss and only suggests them", () => {
    const receipts = [receipt({ id: "a" }), receipt({ id: "b" })];
    const charges = [charge({ id: "x" }), charge({ id: "y" })];
    const outcome = matchReceipts(receipts, charges);
    expect(outcome.matches).toEqual([]);
    for (const id of ["a", "b"]) {
      const suggested = outcome.suggestions.get(id) ?? [];
      expect(suggested.map((pairing) => pairing.transactionId).sort()).toEqual(["x", "y"]);
      expect(suggested[0]?.score).toBe(suggested[1]?.score);
      expect(suggested[0]?.score).toBeLessThan(defaultMatchPolicy.autoMatchScore);
    }
    // The score the matching itself gives each pair, seen through a policy that would accept anything.
    const lenient = matchReceipts(receipts, charges, { ...defaultMatchPolicy, autoMatchScore: 0.01 });
    expect(lenient.matches).toHaveLength(2);
    for (const match of lenient.matches) expect(match.score).toBeCloseTo(0.5, 1);
  });

  it("never gives one charge to two receipts that both fit it: the one whose card agrees takes it", () => {
    const onCard = receipt({ id: "on-card", cardLast4: "1234" });
    const noCard = receipt({ id: "no-card" });
    const outcome = matchReceipts([noCard, onCard], [charge({ id: "c", accountLast4: "1234" })]);
    expect(outcome.matches.map((match) => match.transactionId)).toEqual(["c"]);
    expect(matchOf(outcome, "on-card")).toBe("c");
    expect(matchOf(outcome, "no-card")).toBeUndefined();
    for (const pairing of outcome.suggestions.get("no-card") ?? []) expect(pairing.score).toBeLessThan(defaultMatchPolicy.autoMatchScore);
  });

  it("does not auto-match either of two equally likely receipts to the one charge they could share", () => {
    const outcome = matchReceipts([receipt({ id: "a" }), receipt({ id: "b" })], [charge({ id: "c" })]);
    expect(outcome.matches).toEqual([]);
    for (const id of ["a", "b"]) expect(outcome.suggestions.get(id)?.map((pairing) => pairing.transactionId)).toEqual(["c"]);
  });

  it("does not auto-match a receipt between two equally likely charges", () => {
    const outcome = matchReceipts([receipt({ id: "r" })], [charge({ id: "x" }), charge({ id: "y" })]);
    expect(outcome.matches).toEqual([]);
    const suggested = outcome.suggestions.get("r") ?? [];
    expect(suggested.map((pairing) => pairing.transactionId).sort()).toEqual(["x", "y"]);
  });

  it("keeps at most the policy's number of suggestions, best first, none below its floor", () => {
    const charges = [0, 1, 2, 3, 4].map((days) => charge({ id: `c${days}`, postedOn: isoDay("2025-03-14", days) }));
    const suggested = matchReceipts([receipt({ id: "r" })], charges).suggestions.get("r") ?? [];
    expect(suggested.length).toBeLessThanOrEqual(defaultMatchPolicy.suggestionsPerReceiptMax);
    const scores = suggested.map((pairing) => pairing.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(defaultMatchPolicy.suggestionScoreMin);
  });
});

describe("matchReceipts on a noisy quarter of receipts and charges whose truth is known", () => {
  /** Numerical Recipes' LCG: enough randomness for a fixture, the same on every run. */
  function lcg(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state / 4_294_967_296;
    };
  }

  type Kind = "coffee" | "restaurant" | "retail" | "fuel";
  const vendors: readonly { printed: string; bank: string; kind: Kind }[] = [
    { printed: "Harbor Lights Cafe", bank: "SQ *HARBOR LIGHTS CAFE", kind: "coffee" },
    { printed: "Ferncliff Espresso Bar", bank: "FERNCLIFF ESPRESSO 0231", kind: "coffee" },
    { printed: "Little Owl Bakehouse", bank: "TST* LITTLE OWL BAKEHOU", kind: "coffee" },
    { printed: "Luna Taqueria", bank: "TST* LUNA TAQUERIA SF", kind: "restaurant" },
    { printed: "The Copper Kettle Bistro", bank: "COPPER KETTLE BISTRO", kind: "restaurant" },
    { printed: "Saffron Table Indian Kitchen", bank: "SAFFRON TABLE INDIAN", kind: "restaurant" },
    { printed: "Golden Wok Express", bank: "GOLDEN WOK EXPRESS #12", kind: "restaurant" },
    { printed: "Fresh Harvest Grocers", bank: "FRESH HARVEST GROCERS 214", kind: "retail" },
    { printed: "Ridgeline Hardware & Supply", bank: "RIDGELINE HARDWARE", kind: "retail" },
    { printed: "Northwind Outfitters", bank: "NORTHWIND OUTFITTERS ONLINE", kind: "retail" },
    { printed: "Pinecrest Office Supply", bank: "PINECREST OFFICE SUP", kind: "retail" },
    { printed: "Cornerstone Pharmacy", bank: "CORNERSTONE PHARM #0412", kind: "retail" },
    { printed: "Summit Fuel Stop", bank: "SUMMIT FUEL 0042", kind: "fuel" },
    { printed: "Prairie Gas & Go", bank: "PRAIRIE GAS N GO", kind: "fuel" },
  ];
  const misreadings: Readonly<Record<string, string>> = { O: "0", o: "0", l: "1", I: "l", S: "5", e: "c", a: "o" };
  /** Two imported accounts, one whose last four the bank file gives; and a personal card whose statement is not imported. */
  const knownAccount = "4821";
  const unknownAccount = "0067";
  const personalCard = "7730";

  interface Scenario {
    receipts: ReceiptToMatch[];
    charges: ChargeToMatch[];
    /** Each receipt's charge, or null where it has none among the charges. */
    truth: Map<string, string | null>;
  }

  function scenario(seed: number, receiptCount: number): Scenario {
    const random = lcg(seed);
    const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const iso = (day: number): string => isoDay("2025-01-01", day);
    const lag = (): number => {
      const draw = random();
      return draw < 0.4 ? 0 : draw < 0.75 ? 1 : draw < 0.9 ? 2 : draw < 0.96 ? 3 : int(4, 5);
    };
    // Coffee comes at a few prices, so same-vendor, same-amount charges on nearby days are common.
    const amountFor = (kind: Kind): number =>
      kind === "coffee" ? pick([375, 425, 450, 525, 650]) : kind === "fuel" ? int(2500, 7000) : kind === "restaurant" ? int(1500, 12_000) : int(300, 25_000);
    const receipts: ReceiptToMatch[] = [];
    const charges: ChargeToMatch[] = [];
    const truth = new Map<string, string | null>();
    const addCharge = (vendor: (typeof vendors)[number], day: number, amountMinor: number, account: string): string => {
      const id = `c${charges.length}`;
      const name = vendor.bank.replace(/^(?:SQ|TST) ?\* ?/, "").toLowerCase();
      charges.push({ id, postedOn: iso(day), amountMinor: -amountMinor, currency: "USD", description: vendor.bank, vendor: name, accountLast4: account === knownAccount ? account : null });
      return id;
    };

    for (let index = 0; index < receiptCount; index++) {
      const vendor = pick(vendors);
      const day = int(0, 119);
      const total = amountFor(vendor.kind);
      const onPersonalCard = random() < 0.05;
      const account = onPersonalCard ? personalCard : pick([knownAccount, unknownAccount]);
      let printed = vendor.printed;
      if (random() < 0.3) {
        const at = int(0, printed.length - 1);
        const misread = misreadings[printed.charAt(at)];
        if (misread !== undefined) printed = printed.slice(0, at) + misread + printed.slice(at + 1);
      }
      const cash = random() < 0.1;
      const tipLeftOut = !cash && vendor.kind === "restaurant" && random() < 0.7;
      const id = `r${index}`;
      receipts.push({
        id,
        date: random() < 0.03 ? null : iso(day),
        totalMinor: total,
        currency: random() < 0.5 ? "USD" : null,
        cardLast4: cash || random() < 0.4 ? null : account,
        vendor: printed,
        tipMinor: null,
        tipLeftOut,
        paidInCash: cash,
      });
      if (cash) {
        // Someone else bought the same at the same place by card that week.
        if (random() < 0.5) addCharge(vendor, day + int(0, 2), total, pick([knownAccount, unknownAccount]));
        truth.set(id, null);
      } else if (onPersonalCard) {
        truth.set(id, null);
      } else {
        const paid = tipLeftOut ? total + Math.round(total * (0.15 + random() * 0.1)) : total;
        truth.set(id, addCharge(vendor, day + lag(), paid, account));
      }
    }
    // Purchases no receipt was kept for, at the same vendors and prices.
    for (let index = 0; index < receiptCount / 2; index++) {
      const vendor = pick(vendors);
      addCharge(vendor, int(0, 125), amountFor(vendor.kind), pick([knownAccount, unknownAccount]));
    }
    return { receipts, charges, truth };
  }

  it.each([1, 2, 3, 4])("matches with precision of at least 0.99 and uses no charge twice (seed %i)", (seed) => {
    const { receipts, charges, truth } = scenario(seed, 300);
    const outcome = matchReceipts(receipts, charges);

    const chargesUsed = outcome.matches.map((match) => match.transactionId);
    expect(new Set(chargesUsed).size).toBe(chargesUsed.length);
    const receiptsMatched = outcome.matches.map((match) => match.receiptId);
    expect(new Set(receiptsMatched).size).toBe(receiptsMatched.length);
    const cashIds = new Set(receipts.filter((slip) => slip.paidInCash).map((slip) => slip.id));
    expect(receiptsMatched.filter((id) => cashIds.has(id))).toEqual([]);

    const correct = outcome.matches.filter((match) => truth.get(match.receiptId) === match.transactionId).length;
    const matchable = [...truth.values()].filter((chargeId) => chargeId !== null).length;
    expect(outcome.matches.length).toBeGreaterThan(0);
    expect(correct / outcome.matches.length).toBeGreaterThanOrEqual(0.99);
    // Not a target: a floor that keeps the precision above from being bought by matching almost nothing.
    expect(correct / matchable).toBeGreaterThan(0.75);
  });
});

describe("many receipts alike for many charges alike", () => {
  it("decides them in a bounded search, and never gives a charge to two receipts", () => {
    // Fourteen coffee-shop slips with tips left blank against eighty near-identical charges over nine days: the exact search's worst case.
    const charges = Array.from({ length: 80 }, (_, i) =>
      charge({ id: `c${i}`, postedOn: `2025-03-0${(i % 9) + 1}`, amountMinor: -(520 + (i % 11) * 13 + (i % 3)), description: `COFFEE SHOP ${i % 5}`, vendor: `Coffee Shop ${i % 5}` }),
    );
    const receipts = Array.from({ length: 14 }, (_, i) => receipt({ id: `r${i}`, date: `2025-03-0${(i % 7) + 1}`, totalMinor: 520 + i, vendor: `COFFEE SHOP ${i}`, tipLeftOut: true, cardLast4: null }));
    const outcome = matchReceipts(receipts, charges);
    const used = outcome.matches.map((match) => match.transactionId);
    expect(new Set(used).size).toBe(used.length);
    expect(outcome.matches.length + outcome.suggestions.size).toBeLessThanOrEqual(receipts.length);
  });
});
