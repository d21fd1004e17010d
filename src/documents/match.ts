/**
 * Which bank charge each receipt is the slip of. Pure: receipts and charges
 * in, matches and suggestions out.
 *
 * - **Candidates**: a charge in the receipt's currency, the receipt's total
 *   exactly (or, where the receipt left the tip to be written in, the total
 *   plus a tip of 5% to 35% from a vendor that reads alike), posted from a day
 *   before the receipt's date to a week after (a charge posts after the
 *   swipe).
 * - **Evidence** for each, as log-odds: the amount, the days between, how
 *   alike the printed vendor and the bank's description read, the card's
 *   last four digits against the bank account's.
 * - **One receipt, one charge, decided together**: the pairs that make the
 *   most likely whole (a maximum-weight matching over log-odds, per
 *   connected group), so two same-amount coffees on neighbouring days go to
 *   the right charges.
 * - **Scores are probabilities** that account for the rivals left over: a
 *   pair's odds against one plus the odds of every alternative still open to
 *   either side (the receipt matching nothing, as for cash, is the "one").
 */

export interface ReceiptToMatch {
  id: string;
  /** ISO date; a receipt without one is not matched automatically. */
  date: string | null;
  totalMinor: number | null;
  currency: string | null;
  cardLast4: string | null;
  vendor: string | null;
  tipMinor: number | null;
  tipLeftOut: boolean;
  paidInCash: boolean;
}

export interface ChargeToMatch {
  id: string;
  postedOn: string;
  /** Negative: money out. */
  amountMinor: number;
  currency: string;
  description: string;
  vendor: string;
  /** The last four digits of the bank account it is on, when known. */
  accountLast4: string | null;
}

export interface Pairing {
  receiptId: string;
  transactionId: string;
  /** The probability this charge is this receipt's, 0 to 1. */
  score: number;
  /** "amount exact", "date +1 day", "vendor 0.82", "tip 18%", "card 4242". */
  reasons: string[];
}

export interface MatchOutcome {
  matches: Pairing[];
  /** Per receipt not matched, its plausible charges, best first. */
  suggestions: Map<string, Pairing[]>;
}

export interface MatchPolicy {
  /** A pair at or above this is matched; below it, kept as a suggestion. */
  autoMatchScore: number;
  /** Pairs below this are not worth showing. */
  suggestionScoreMin: number;
  suggestionsPerReceiptMax: number;
}

export const defaultMatchPolicy: MatchPolicy = { autoMatchScore: 0.8, suggestionScoreMin: 0.2, suggestionsPerReceiptMax: 3 };

const dayMs = 86_400_000;
const dayNumbers = new Map<string, number>();
/** Days since 1970; remembered, since a batch asks about the same few hundred dates millions of times. */
function dayNumber(iso: string): number {
  let day = dayNumbers.get(iso);
  if (day === undefined) {
    day = Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
    if (dayNumbers.size < 100_000) dayNumbers.set(iso, day);
  }
  return day;
}

/** Charges post from a day before the receipt's date (a time zone) to a week after. */
export const dateWindowDays = { before: 1, after: 7 } as const;

const tipShare = { min: 0.05, max: 0.35 } as const;

/**
 * How likely a card charge posts this many days after the slip's date,
 * against any day of the window alike, as log-odds: most post the same day
 * or the next, some two or three business days on, few later, and a day
 * early only across a time zone. Not linear, so that swapping two charges a
 * day apart between two receipts is not free.
 */
const postingLag: ReadonlyMap<number, number> = new Map([
  [-1, -1.7],
  [0, 1],
  [1, 1.15],
  [2, 0.3],
  [3, -0.1],
  [4, -1.7],
  [5, -1.7],
  [6, -1.7],
  [7, -1.7],
]);

// Log-odds, set from what each signal means, not fitted to any data set: an exact amount is rare
// among a week's charges, a vendor that reads alike is telling, a different card is nearly decisive.
const weights = {
  prior: -3,
  amountExact: 4,
  amountWithTip: 1.5,
  typicalTip: 0.5,
  vendorSlope: 4,
  vendorPivot: 0.3,
  sameCard: 2,
  otherCard: -5,
} as const;

/** Lower case letters and digits, single spaces, without the processors' and banks' wrapping. */
function normalized(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(?:sq|tst|pos|ach|debit|purchase|card|visa|checkcard|recurring|pmt|payment|llc|inc|co)\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

function trigrams(text: string): Set<string> {
  const padded = `  ${normalized(text)} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** How alike two names read, 0 to 1 (Dice over letter triples: robust to OCR's misread letters and banks' truncations). */
export function similarity(a: string, b: string, gramsOf: (text: string) => Set<string> = trigrams): number {
  const left = gramsOf(a);
  const right = gramsOf(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared += 1;
  return (2 * shared) / (left.size + right.size);
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const plural = (count: number, unit: string): string => `${count} ${unit}${Math.abs(count) === 1 ? "" : "s"}`;

/** The evidence a charge is a receipt's, as log-odds with its reasons; undefined when it cannot be. */
export function evidence(receipt: ReceiptToMatch, charge: ChargeToMatch, gramsOf: (text: string) => Set<string> = trigrams): { logOdds: number; reasons: string[] } | undefined {
  if (receipt.totalMinor === null || receipt.totalMinor <= 0 || receipt.date === null || receipt.paidInCash) return undefined;
  if (receipt.currency !== null && receipt.currency !== charge.currency) return undefined;
  const days = dayNumber(charge.postedOn) - dayNumber(receipt.date);
  if (days < -dateWindowDays.before || days > dateWindowDays.after) return undefined;
  const paid = -charge.amountMinor;
  const vendor = round2(similarity(receipt.vendor ?? "", `${charge.vendor} ${charge.description}`, gramsOf));
  const reasons: string[] = [];
  let logOdds = weights.prior;
  const knownTip = receipt.tipMinor ?? 0;
  if (paid === receipt.totalMinor || (knownTip > 0 && paid === receipt.totalMinor + knownTip)) {
    logOdds += weights.amountExact;
    reasons.push(paid === receipt.totalMinor ? "amount exact" : `amount exact with the tip`);
  } else {
    const tip = (paid - receipt.totalMinor) / receipt.totalMinor;
    // A tip written in by hand: only from a vendor that reads alike, or the same card, or every meal would be a candidate.
    const alike = vendor >= 0.25 || (receipt.cardLast4 !== null && receipt.cardLast4 === charge.accountLast4);
    if (!receipt.tipLeftOut || !alike || tip < tipShare.min || tip > tipShare.max) return undefined;
    logOdds += weights.amountWithTip + (tip >= 0.12 && tip <= 0.25 ? weights.typicalTip : 0);
    reasons.push(`tip ${Math.round(tip * 100)}%`);
  }
  logOdds += postingLag.get(days) ?? -1.7;
  reasons.push(days === 0 ? "date same day" : `date ${days > 0 ? "+" : "-"}${plural(Math.abs(days), "day")}`);
  logOdds += weights.vendorSlope * (vendor - weights.vendorPivot);
  reasons.push(`vendor ${vendor.toFixed(2)}`);
  if (receipt.cardLast4 !== null && charge.accountLast4 !== null) {
    const same = receipt.cardLast4 === charge.accountLast4;
    logOdds += same ? weights.sameCard : weights.otherCard;
    reasons.push(same ? `card ${receipt.cardLast4}` : `card ${receipt.cardLast4} is not this account's ${charge.accountLast4}`);
  }
  return { logOdds, reasons };
}

interface Edge {
  receipt: number;
  charge: number;
  logOdds: number;
  reasons: string[];
}

/** One day's charges (money out), sorted by the amount paid, for finding a receipt's candidates by binary search. */
interface DayOfCharges {
  paid: number[];
  indexes: number[];
}

/** Charges by day, each day by amount: a receipt's candidates without a scan of every charge. */
function chargesByDay(charges: readonly ChargeToMatch[]): Map<number, DayOfCharges> {
  const byDay = new Map<number, number[]>();
  charges.forEach((charge, index) => {
    if (charge.amountMinor >= 0) return;
    const day = dayNumber(charge.postedOn);
    const list = byDay.get(day);
    if (list === undefined) byDay.set(day, [index]);
    else list.push(index);
  });
  const paidOf = (index: number): number => -(charges[index] as ChargeToMatch).amountMinor;
  return new Map(
    [...byDay].map(([day, indexes]) => {
      indexes.sort((a, b) => paidOf(a) - paidOf(b));
      return [day, { paid: indexes.map(paidOf), indexes }];
    }),
  );
}

/** The amounts a receipt's charge can have: its total, with a known tip, or (a tip left blank) a band above it. A cent of slack each side; evidence() decides. */
function amountBands(receipt: ReceiptToMatch & { totalMinor: number }): [number, number][] {
  const { totalMinor } = receipt;
  const bands: [number, number][] = [[totalMinor, totalMinor]];
  const knownTip = receipt.tipMinor ?? 0;
  if (knownTip > 0) bands.push([totalMinor + knownTip, totalMinor + knownTip]);
  if (receipt.tipLeftOut) bands.push([Math.floor(totalMinor * (1 + tipShare.min)) - 1, Math.ceil(totalMinor * (1 + tipShare.max)) + 1]);
  return bands;
}

/** The first position whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Trigrams remembered per text for one batch: a charge is weighed against several receipts, a receipt against several charges. */
function rememberedTrigrams(): (text: string) => Set<string> {
  const known = new Map<string, Set<string>>();
  return (text) => {
    let grams = known.get(text);
    if (grams === undefined) {
      grams = trigrams(text);
      known.set(text, grams);
    }
    return grams;
  };
}

function candidateEdges(receipts: readonly ReceiptToMatch[], charges: readonly ChargeToMatch[]): Edge[] {
  const byDay = chargesByDay(charges);
  const gramsOf = rememberedTrigrams();
  const edges: Edge[] = [];
  receipts.forEach((receipt, receiptIndex) => {
    if (receipt.date === null || receipt.totalMinor === null || receipt.totalMinor <= 0 || receipt.paidInCash) return;
    const day = dayNumber(receipt.date);
    const bands = amountBands({ ...receipt, totalMinor: receipt.totalMinor });
    const seen = new Set<number>();
    for (let offset = -dateWindowDays.before; offset <= dateWindowDays.after; offset++) {
      const charged = byDay.get(day + offset);
      if (charged === undefined) continue;
      for (const [low, high] of bands) {
        for (let position = lowerBound(charged.paid, low); position < charged.paid.length && (charged.paid[position] as number) <= high; position++) {
          const chargeIndex = charged.indexes[position] as number;
          if (seen.has(chargeIndex)) continue;
          seen.add(chargeIndex);
          const found = evidence(receipt, charges[chargeIndex] as ChargeToMatch, gramsOf);
          if (found !== undefined) edges.push({ receipt: receiptIndex, charge: chargeIndex, ...found });
        }
      }
    }
  });
  return edges;
}

/** Groups of edges that share a receipt or a charge, each decided on its own. */
function components(edges: readonly Edge[], receiptCount: number): Edge[][] {
  // Union-find over receipts (0 … receiptCount-1) and charges (after them), halving paths as it goes.
  const parent = new Map<number, number>();
  const find = (node: number): number => {
    let current = node;
    for (let up = parent.get(current) ?? current; up !== current; up = parent.get(current) ?? current) {
      const grand = parent.get(up) ?? up;
      parent.set(current, grand);
      current = grand;
    }
    return current;
  };
  for (const edge of edges) {
    const [a, b] = [find(edge.receipt), find(receiptCount + edge.charge)];
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<number, Edge[]>();
  for (const edge of edges) {
    const root = find(edge.receipt);
    const group = groups.get(root);
    if (group === undefined) groups.set(root, [edge]);
    else group.push(edge);
  }
  return [...groups.values()];
}

/**
 * The maximum-weight matching of one group, over positive log-odds (a pair
 * less likely than not is never worth taking). Exact for groups of up to 14
 * receipts (a search over the charges each could take, best first, pruned by
 * what the rest could add at most), unless the search passes its budget of
 * steps (many receipts alike for many charges alike prune badly); beyond
 * that, best edge first.
 */
const searchStepsMax = 50_000;

function bestMatching(group: readonly Edge[]): Edge[] {
  const worthy = group.filter((edge) => edge.logOdds > 0).sort((a, b) => b.logOdds - a.logOdds);
  const receipts = [...new Set(worthy.map((edge) => edge.receipt))];
  if (receipts.length > 14) return greedy(worthy);
  return exactMatching(worthy, receipts) ?? greedy(worthy);
}

/** The exact search, or undefined when it would take more than its budget of steps. */
function exactMatching(worthy: readonly Edge[], receipts: readonly number[]): Edge[] | undefined {
  const byReceipt = receipts.map((receipt) => worthy.filter((edge) => edge.receipt === receipt));
  const bestAfter = byReceipt.map((edges) => edges[0]?.logOdds ?? 0);
  for (let i = bestAfter.length - 2; i >= 0; i--) bestAfter[i] = (bestAfter[i] ?? 0) + (bestAfter[i + 1] ?? 0);
  let best: { weight: number; edges: Edge[] } = { weight: 0, edges: [] };
  const taken = new Set<number>();
  const chosen: Edge[] = [];
  let steps = 0;
  const search = (index: number, weight: number): void => {
    if (++steps > searchStepsMax || weight + (bestAfter[index] ?? 0) <= best.weight) return;
    if (index === byReceipt.length) {
      best = { weight, edges: [...chosen] };
      return;
    }
    for (const edge of byReceipt[index] ?? []) {
      if (taken.has(edge.charge)) continue;
      taken.add(edge.charge);
      chosen.push(edge);
      search(index + 1, weight + edge.logOdds);
      chosen.pop();
      taken.delete(edge.charge);
    }
    search(index + 1, weight);
  };
  search(0, 0);
  return steps > searchStepsMax ? undefined : best.edges;
}

function greedy(sorted: readonly Edge[]): Edge[] {
  const receipts = new Set<number>();
  const charges = new Set<number>();
  const chosen: Edge[] = [];
  for (const edge of sorted) {
    if (receipts.has(edge.receipt) || charges.has(edge.charge)) continue;
    receipts.add(edge.receipt);
    charges.add(edge.charge);
    chosen.push(edge);
  }
  return chosen;
}

/**
 * A pair's probability, given its rivals: its odds against one (nothing
 * else) plus each alternative's odds. An alternative is another charge its
 * receipt could take, or another receipt its charge could be; where that
 * rival is itself matched, the alternative is the swap of the two pairs,
 * weighed by how much less likely the swapped whole is (two receipts alike
 * in every way, for two charges alike in every way, are a coin toss, and say
 * so).
 */
function probability(edge: Edge, group: GroupIndex, chosen: Chosen): number {
  const odds = Math.exp(edge.logOdds);
  let rivals = 0;
  // A swap with one matched pair is one alternative, whether reached from the receipt's side or the charge's.
  const swapped = new Set<Edge>();
  for (const other of [...(group.byReceipt.get(edge.receipt) ?? []), ...(group.byCharge.get(edge.charge) ?? [])]) {
    if (other === edge) continue;
    // The receipt's other charge, held by another receipt; or the charge's other receipt, holding another charge.
    const holder = other.receipt === edge.receipt ? chosen.byCharge.get(other.charge) : chosen.byReceipt.get(other.receipt);
    if (holder === undefined || holder === edge) {
      rivals += Math.exp(other.logOdds);
      continue;
    }
    const crossed = other.receipt === edge.receipt ? group.pair(holder.receipt, edge.charge) : group.pair(edge.receipt, holder.charge);
    if (crossed === undefined || swapped.has(holder)) continue;
    swapped.add(holder);
    const loss = edge.logOdds + holder.logOdds - (other.logOdds + crossed.logOdds);
    rivals += odds * Math.exp(-Math.max(0, loss));
  }
  return odds / (1 + odds + rivals);
}

/** A group's edges by receipt, by charge and by pair: probability() looks only at a pair's neighbours. */
interface GroupIndex {
  byReceipt: Map<number, Edge[]>;
  byCharge: Map<number, Edge[]>;
  pair(receipt: number, charge: number): Edge | undefined;
}

/** The pairs a matching chose, by charge and by receipt. */
interface Chosen {
  byCharge: Map<number, Edge>;
  byReceipt: Map<number, Edge>;
}

const chosenOf = (edges: readonly Edge[]): Chosen => ({ byCharge: new Map(edges.map((edge) => [edge.charge, edge])), byReceipt: new Map(edges.map((edge) => [edge.receipt, edge])) });

function indexGroup(group: readonly Edge[]): GroupIndex {
  const byReceipt = new Map<number, Edge[]>();
  const byCharge = new Map<number, Edge[]>();
  const pairs = new Map<string, Edge>();
  const add = (map: Map<number, Edge[]>, key: number, edge: Edge): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [edge]);
    else list.push(edge);
  };
  for (const edge of group) {
    add(byReceipt, edge.receipt, edge);
    add(byCharge, edge.charge, edge);
    pairs.set(`${edge.receipt}|${edge.charge}`, edge);
  }
  return { byReceipt, byCharge, pair: (receipt, charge) => pairs.get(`${receipt}|${charge}`) };
}

const pairing = (edge: Edge, score: number, receipts: readonly ReceiptToMatch[], charges: readonly ChargeToMatch[]): Pairing => ({
  receiptId: (receipts[edge.receipt] as ReceiptToMatch).id,
  transactionId: (charges[edge.charge] as ChargeToMatch).id,
  score: Math.round(score * 1000) / 1000,
  reasons: edge.reasons,
});

export function matchReceipts(receipts: readonly ReceiptToMatch[], charges: readonly ChargeToMatch[], policy: MatchPolicy = defaultMatchPolicy): MatchOutcome {
  const matches: Pairing[] = [];
  const suggestions = new Map<string, Pairing[]>();
  for (const group of components(candidateEdges(receipts, charges), receipts.length)) {
    const chosen = bestMatching(group);
    const index = indexGroup(group);
    const picked = chosenOf(chosen);
    const nothingChosen = chosenOf([]);
    const matchedNow = new Set<number>();
    for (const edge of chosen) {
      const score = probability(edge, index, picked);
      if (score >= policy.autoMatchScore) {
        matches.push(pairing(edge, score, receipts, charges));
        matchedNow.add(edge.receipt);
      }
    }
    for (const [receipt, edges] of index.byReceipt) {
      if (matchedNow.has(receipt)) continue;
      const own = edges
        .map((edge) => pairing(edge, probability(edge, index, nothingChosen), receipts, charges))
        .filter((candidate) => candidate.score >= policy.suggestionScoreMin)
        .sort((a, b) => b.score - a.score)
        .slice(0, policy.suggestionsPerReceiptMax);
      if (own.length > 0) suggestions.set(own[0]?.receiptId ?? "", own);
    }
  }
  return { matches, suggestions };
}
