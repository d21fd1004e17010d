/**
 * Receipt matching at scale: 100,000 receipts against 1,000,000 bank
 * transactions of 100 companies, made up here from a seeded stream (names of
 * syllables, not the generator's vendors), decided company by company as the
 * product does by the product's matcher (src/documents/match.ts, the pure
 * part of what an upload or an import runs), beside a
 * peer that does what expense tools describe: the same amount within the
 * date window, the nearest date first, first come first served. Both are
 * timed and judged against the truth the data was made with.
 */
import { createRng, type Rng } from "../seed/rng.ts";
import { dateWindowDays, matchReceipts, type ChargeToMatch, type ReceiptToMatch } from "../src/documents/match.ts";

export interface MatchingBench {
  companies: number;
  receipts: number;
  charges: number;
  ms: number;
  precision: number;
  recall: number;
  cashMatched: number;
  peer: { ms: number; precision: number; recall: number; cashMatched: number };
}

interface Vendor {
  printed: string;
  bank: string;
  /** Its usual prices, in cents: a café's few, repeated. */
  prices: number[];
  restaurant: boolean;
}

const syllables = ["al", "ber", "cor", "dan", "el", "fen", "gar", "hol", "is", "jun", "kel", "lor", "mar", "nor", "os", "pel", "quin", "ros", "sal", "tor", "ul", "ven", "wil", "yar", "zen"];
const kinds = ["Cafe", "Supply Co", "Hardware", "Market", "Print Shop", "Bistro", "Garage", "Books", "Florist", "Electric"];
const cards = ["4821", "7752", "9902", "3310"];
const day0 = Date.UTC(2025, 0, 1) / 86_400_000;
const isoDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

function vendorOf(rng: Rng): Vendor {
  const word = (): string => Array.from({ length: rng.int(2, 3) }, () => rng.pick(syllables)).join("");
  const name = `${word()} ${rng.chance(0.5) ? word() : ""}`.trim();
  const kind = rng.pick(kinds);
  const printed = `${name.replace(/\b\w/g, (letter) => letter.toUpperCase())} ${kind}`;
  const bank = `${`${name} ${kind}`.toUpperCase().slice(0, rng.int(12, 22))} #${rng.int(100, 9999)}`;
  return { printed, bank, prices: Array.from({ length: rng.int(1, 6) }, () => rng.int(300, 90_000)), restaurant: kind === "Bistro" || kind === "Cafe" };
}

/** The charges, a tenth of them with a receipt (a tip left out on some meals), and cash receipts with no charge. */
function madeUp(company: number, receiptCount: number, chargeCount: number): { receipts: ReceiptToMatch[]; charges: ChargeToMatch[]; truth: Map<string, string | null> } {
  const rng = createRng(20_261_201, "bench", "matching", company);
  const vendors = Array.from({ length: 400 }, () => vendorOf(rng));
  const charges: ChargeToMatch[] = [];
  const receipts: ReceiptToMatch[] = [];
  const truth = new Map<string, string | null>();
  const receiptShare = (receiptCount * 0.97) / chargeCount;
  for (let index = 0; index < chargeCount; index++) {
    const vendor = rng.pick(vendors);
    const boughtOn = day0 + rng.int(0, 364);
    const postedOn = boughtOn + rng.weighted([0, 1, 2, 3, 4, 5], (lag) => [30, 40, 15, 8, 4, 3][lag] ?? 1);
    const totalMinor = rng.chance(0.7) ? rng.pick(vendor.prices) : rng.int(300, 90_000);
    const tipLeftOut = vendor.restaurant && rng.chance(0.3);
    const tipMinor = tipLeftOut ? Math.round(totalMinor * (rng.int(10, 25) / 100)) : 0;
    const card = rng.pick(cards);
    const id = `c${company}t${index}`;
    charges.push({ id, postedOn: isoDay(postedOn), amountMinor: -(totalMinor + tipMinor), currency: "USD", description: `${vendor.bank} ${card}`, vendor: vendor.bank, accountLast4: card });
    if (!rng.chance(receiptShare)) continue;
    const receiptId = `c${company}r${receipts.length}`;
    receipts.push({ id: receiptId, date: isoDay(boughtOn), totalMinor, currency: "USD", cardLast4: rng.chance(0.8) ? card : null, vendor: vendor.printed, tipMinor: null, tipLeftOut, paidInCash: false });
    truth.set(receiptId, id);
  }
  while (receipts.length < receiptCount) {
    const vendor = rng.pick(vendors);
    const receiptId = `c${company}r${receipts.length}`;
    receipts.push({ id: receiptId, date: isoDay(day0 + rng.int(0, 364)), totalMinor: rng.pick(vendor.prices), currency: "USD", cardLast4: null, vendor: vendor.printed, tipMinor: null, tipLeftOut: false, paidInCash: true });
    truth.set(receiptId, null);
  }
  return { receipts, charges, truth };
}

/** The peer: for each receipt in turn, an untaken charge of exactly its total within the window, the nearest date first. */
function amountAndDateFirstCome(receipts: readonly ReceiptToMatch[], charges: readonly ChargeToMatch[]): Map<string, string> {
  const byDayAndAmount = new Map<string, ChargeToMatch[]>();
  for (const charge of charges) {
    const key = `${charge.postedOn}|${-charge.amountMinor}`;
    const list = byDayAndAmount.get(key);
    if (list === undefined) byDayAndAmount.set(key, [charge]);
    else list.push(charge);
  }
  const taken = new Set<string>();
  const matched = new Map<string, string>();
  const offsets = Array.from({ length: dateWindowDays.after + dateWindowDays.before + 1 }, (_, index) => index - dateWindowDays.before).sort((a, b) => Math.abs(a) - Math.abs(b));
  for (const receipt of receipts) {
    if (receipt.date === null || receipt.totalMinor === null || receipt.paidInCash) continue;
    const day = Date.parse(`${receipt.date}T00:00:00Z`) / 86_400_000;
    const found = offsets.flatMap((offset) => byDayAndAmount.get(`${isoDay(day + offset)}|${receipt.totalMinor}`) ?? []).find((charge) => !taken.has(charge.id));
    if (found === undefined) continue;
    taken.add(found.id);
    matched.set(receipt.id, found.id);
  }
  return matched;
}

function judged(matched: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string | null>): { precision: number; recall: number; cashMatched: number } {
  let right = 0;
  let cashMatched = 0;
  for (const [receipt, charge] of matched) {
    const expected = truth.get(receipt);
    if (expected === null) cashMatched += 1;
    if (expected === charge) right += 1;
  }
  const withCharge = [...truth.values()].filter((charge) => charge !== null).length;
  return { precision: matched.size === 0 ? 0 : right / matched.size, recall: withCharge === 0 ? 0 : right / withCharge, cashMatched };
}

export function benchMatching(receiptCount = 100_000, chargeCount = 1_000_000, companies = 100): MatchingBench {
  const made = Array.from({ length: companies }, (_, company) => madeUp(company, Math.round(receiptCount / companies), Math.round(chargeCount / companies)));
  const truth = new Map(made.flatMap((company) => [...company.truth]));
  const ours = new Map<string, string>();
  let started = performance.now();
  for (const { receipts, charges } of made) for (const match of matchReceipts(receipts, charges).matches) ours.set(match.receiptId, match.transactionId);
  const ms = performance.now() - started;
  const peer = new Map<string, string>();
  started = performance.now();
  for (const { receipts, charges } of made) for (const [receipt, charge] of amountAndDateFirstCome(receipts, charges)) peer.set(receipt, charge);
  const peerMs = performance.now() - started;
  const count = (pick: (company: (typeof made)[number]) => unknown[]): number => made.reduce((sum, company) => sum + pick(company).length, 0);
  return { companies, receipts: count((c) => c.receipts), charges: count((c) => c.charges), ms, ...judged(ours, truth), peer: { ms: peerMs, ...judged(peer, truth) } };
}
