/**
 * Generates one simulated company: its bank transactions on every account,
 * the statements its banks export, its receipts, and the truth about each.
 * Pure: everything comes from the options and the seed, nothing from the
 * clock or the disk, so the same seed gives the same bytes.
 */
import { novelName, novelVendor, reprintedVendor } from "./novel.ts";
import { seededBankAccountCodes, type Industry } from "../src/ledger/chart-of-accounts.ts";
import { isBusinessDay, monthSpans, nextBusinessDay, weekdayOf, type Day, type MonthSpan } from "./calendar.ts";
import { describe, titleCase } from "./descriptions.ts";
import { dialects, type Dialect } from "./dialects.ts";
import type { Channel, CodeChoice, GeneratedReceipt, GeneratedTransaction, Location, ReceiptBasis, ReceiptFormat, Vendor } from "./model.ts";
import type { AccountProfile, CompanyProfile, Recurring, Via } from "./profiles.ts";
import type { Stream } from "./vendors.ts";
import { receiptFormat, salesTaxPerMille } from "./receipts.ts";
import { apportion, createRng, type Rng } from "./rng.ts";
import { renderStatement } from "./statements.ts";

export interface PeriodOptions {
  seed: number;
  startYear: number;
  startMonth: number;
  months: number;
  scale: number;
  /** After this many months, every vendor the company pays or is paid by is one it never saw before; null keeps them. */
  newVendorsAfter: number | null;
}

/** The share of everyday purchases made with a vendor new to the company that year (some then come back). */
const novelPurchaseShare = 0.06;
/** The share of vendors whose bank line reads differently from some month on. */
const reprintedVendorShare = 0.15;

/** One company to generate: a profile, its place in the run, and how big it is. */
export interface CompanyPlan {
  index: number;
  slug: string;
  name: string;
  profile: CompanyProfile;
  /** 1 for the five named companies; extra companies vary around their industry's size. */
  volumeFactor: number;
}

export interface GeneratedAccount {
  slug: string;
  name: string;
  kind: AccountProfile["kind"];
  dialect: Dialect;
  last4: string;
  ledgerCode: string;
  /** What receipts print for its card. */
  network: string;
  openingBalanceMinor: number;
  transactions: GeneratedTransaction[];
}

export interface StatementFile {
  account: string;
  month: string;
  /** Relative to the company's folder. */
  path: string;
  bytes: Uint8Array;
  rows: number;
  /** Rows that also appear in the previous month's file. */
  overlapRows: number;
}

export interface GeneratedCompany {
  slug: string;
  name: string;
  industry: Industry;
  trade: string;
  currency: "USD";
  accounts: GeneratedAccount[];
  /** Every distinct bank transaction, in id order (chronological). */
  transactions: GeneratedTransaction[];
  receipts: GeneratedReceipt[];
  statements: StatementFile[];
  transferPairs: number;
}

/** The bank transactions and receipts a plan calls for over the period. */
export function targetCounts(plan: CompanyPlan, options: PeriodOptions): { transactions: number; receipts: number } {
  const factor = plan.volumeFactor * options.scale * (options.months / 12);
  return {
    transactions: Math.round(plan.profile.transactionsPerYear * factor),
    receipts: Math.round(plan.profile.receiptsPerYear * factor),
  };
}

// ---------------------------------------------------------------------------
// Drafts: transactions before ids, balances and bank formatting.

const inflowChannels: ReadonlySet<Channel> = new Set(["ach_credit", "deposit", "interest", "transfer_in", "card_payment_in", "refund"]);
/** Channels that move only on business days. */
const bankingDayChannels: ReadonlySet<Channel> = new Set(["ach_debit", "ach_credit", "check", "deposit", "transfer_out", "transfer_in", "card_payment_out"]);

/**
 * A transaction while it is being built. It becomes the GeneratedTransaction
 * itself (one object per row, not two: at a million rows the garbage
 * collector notices), with the generator's bookkeeping fields alongside,
 * kept few: every field is a million more. (Its ACH entry description is
 * its vendor's, so is read from vendorSpec.)
 */
interface Draft extends GeneratedTransaction {
  via: Via;
  achCompany: string;
  location: Location;
  /** A second identical row: shares the first one's description. */
  twinOf: Draft | null;
  /** Only on the two sides of a transfer between the company's accounts. */
  transfer: TransferSide | null;
}

interface TransferSide {
  /** The other account. */
  counterpart: Via;
  /** The other side of the pair. */
  pair: Draft | null;
  /** Card payments are sized once the card's balance is known. */
  sizeLater: boolean;
}

interface Context {
  plan: CompanyPlan;
  options: PeriodOptions;
  months: MonthSpan[];
  periodFirst: Day;
  periodLast: Day;
  rng: Rng;
  drafts: Draft[];
  ids: RowIds;
}

/**
 * Row ids by position: every company numbers its rows t00001, t00002, ...
 * and its receipts r0001, ..., so the companies of a run share the strings
 * rather than each making its own (a million-row run keeps them all, and
 * the garbage collector moves every one it is given). So too the receipts'
 * file names, which follow from their ids.
 */
export class RowIds {
  private readonly lists = new Map<string, string[]>();
  private readonly files = new Map<readonly string[], Map<ReceiptFormat, string[]>>();

  /** The first `count` ids with this prefix, numbered from 1 and zero-padded to `width` digits. */
  first(prefix: string, width: number, count: number): readonly string[] {
    const key = `${prefix}${width}`;
    let ids = this.lists.get(key);
    if (ids === undefined) {
      ids = [];
      this.lists.set(key, ids);
    }
    for (let number = ids.length + 1; number <= count; number++) ids.push(`${prefix}${String(number).padStart(width, "0")}`);
    return ids;
  }

  /** receipts/<id>.<format>, for the id at `index` of a list this gave. */
  receiptFile(ids: readonly string[], index: number, format: ReceiptFormat): string {
    let byFormat = this.files.get(ids);
    if (byFormat === undefined) {
      byFormat = new Map();
      this.files.set(ids, byFormat);
    }
    let files = byFormat.get(format);
    if (files === undefined) {
      files = [];
      byFormat.set(format, files);
    }
    let file = files[index];
    if (file === undefined) {
      // Joined, not a template: a template's result is kept as its pieces, three objects more than one string.
      file = ["receipts/", ids[index] ?? "", ".", format].join("");
      files[index] = file;
    }
    return file;
  }
}

/** One function for every weighted draw, rather than a new closure per transaction. */
const weightOf = (item: { weight: number }): number => item.weight;

function drawMinor(choice: CodeChoice, rng: Rng): number {
  if (choice.maxMinor <= choice.minMinor) return choice.minMinor;
  // The mean of two uniforms: most amounts near the middle, a few at the edges.
  const u = (rng.next() + rng.next()) / 2;
  return choice.minMinor + Math.floor(u * (choice.maxMinor - choice.minMinor + 1));
}

/** Sizes a purchase the way its receipt will show it: items, tax, and a tip the bank sees but the paper does not. */
function purchase(vendor: Vendor, choice: CodeChoice, rng: Rng, location: Location, factor: number): { amountMinor: number; basis: ReceiptBasis | null } {
  const drawn = Math.max(1, Math.round(drawMinor(choice, rng) * factor));
  const style = vendor.receipt;
  if (style === null) return { amountMinor: drawn, basis: null };
  const basis: ReceiptBasis = { style, subtotalMinor: drawn, taxMinor: 0, tipMinor: 0, location, gallonsMilli: 0, priceMilli: 0 };
  if (style === "retail" || style === "restaurant") {
    basis.subtotalMinor = Math.max(1, Math.round((drawn * 1000) / (1000 + salesTaxPerMille)));
    basis.taxMinor = Math.round((basis.subtotalMinor * salesTaxPerMille) / 1000);
    if (style === "restaurant" && rng.chance(0.85)) {
      const percent = rng.pick([15, 18, 18, 20, 20, 22, 25]);
      basis.tipMinor = Math.round(((basis.subtotalMinor + basis.taxMinor) * percent) / 100);
    }
  } else if (style === "fuel") {
    basis.priceMilli = rng.int(2899, 3699);
    basis.gallonsMilli = Math.max(1000, Math.round((drawn * 10_000) / basis.priceMilli));
    basis.subtotalMinor = Math.round((basis.gallonsMilli * basis.priceMilli) / 10_000);
  }
  return { amountMinor: basis.subtotalMinor + basis.taxMinor + basis.tipMinor, basis };
}

function clampDay(ctx: Context, day: Day): Day {
  return Math.min(ctx.periodLast, Math.max(ctx.periodFirst, day));
}

/** Business-day channels move past weekends, but never out of the period. */
function postingDay(ctx: Context, day: Day, channel: Channel): Day {
  if (!bankingDayChannels.has(channel)) return clampDay(ctx, day);
  const next = nextBusinessDay(day);
  if (next <= ctx.periodLast) return next;
  let previous = Math.min(day, ctx.periodLast);
  while (!isBusinessDay(previous) && previous > ctx.periodFirst) previous--;
  return previous;
}

function pickLocation(vendor: Vendor, rng: Rng): Location {
  return vendor.locations.length === 1 ? (vendor.locations[0] as Location) : rng.pick(vendor.locations);
}

type DraftInit = Pick<Draft, "via" | "day" | "amountMinor" | "vendorSpec" | "vendor" | "achCompany" | "accountCode" | "channel" | "location" | "receiptBasis"> &
  Partial<Pick<Draft, "transactionDay" | "twinOf" | "transfer" | "transferPairId">>;

function addDraft(ctx: Context, init: DraftInit): Draft {
  const draft: Draft = {
    id: "",
    account: "",
    day: init.day,
    amountMinor: init.amountMinor,
    description: "",
    vendor: init.vendor,
    accountCode: init.accountCode,
    transferPairId: init.transferPairId ?? null,
    vendorSpec: init.vendorSpec,
    receiptBasis: init.receiptBasis,
    // Known once the account's balances are run. NaN until then, not 0: a million-row run's balances
    // outgrow V8's small integers, and a field that starts as one makes it re-lay out every draft then.
    balanceMinor: Number.NaN,
    channel: init.channel,
    transactionDay: init.transactionDay ?? init.day,
    checkNumber: null,
    via: init.via,
    achCompany: init.achCompany,
    location: init.location,
    twinOf: init.twinOf ?? null,
    transfer: init.transfer ?? null,
  };
  ctx.drafts.push(draft);
  return draft;
}

function vendorDraft(ctx: Context, vendor: Vendor, via: Via, day: Day, channel: Channel, amountFactor: number, rng: Rng): Draft {
  const choice = rng.weighted(vendor.codes, weightOf);
  const location = pickLocation(vendor, rng);
  const { amountMinor, basis } = purchase(vendor, choice, rng, location, amountFactor);
  let magnitude = amountMinor;
  let achCompany = vendor.achCompany;
  let vendorName = vendor.name;
  if (achCompany.includes("{client}")) {
    const client = rng.pick(ctx.plan.profile.clients.length > 0 ? ctx.plan.profile.clients : ["CLIENT"]);
    achCompany = client;
    vendorName = titleCase(client);
    // Clients pay invoices in whole dollars.
    magnitude = Math.max(100, Math.round(magnitude / 100) * 100);
  }
  const inflow = inflowChannels.has(channel);
  const posted = postingDay(ctx, day, channel);
  return addDraft(ctx, {
    via,
    day: posted,
    transactionDay: channel === "card" ? posted - rng.int(0, 2) : posted,
    amountMinor: inflow ? magnitude : -magnitude,
    vendorSpec: vendor,
    vendor: vendorName,
    achCompany,
    accountCode: choice.code,
    channel,
    location,
    receiptBasis: inflow ? null : basis,
  });
}

// ---------------------------------------------------------------------------
// The schedule

function scheduledDays(recurring: Recurring, ctx: Context): { day: Day; month: MonthSpan }[] {
  const { schedule } = recurring;
  const days: { day: Day; month: MonthSpan }[] = [];
  const dayInMonth = (month: MonthSpan, dayOfMonth: number): Day => Math.min(month.first + dayOfMonth - 1, month.last);
  switch (schedule.every) {
    case "month":
      for (const month of ctx.months) days.push({ day: dayInMonth(month, schedule.day), month });
      break;
    case "quarter":
      for (const month of ctx.months) if (schedule.months.includes(month.month)) days.push({ day: dayInMonth(month, schedule.day), month });
      break;
    case "year":
      for (const month of ctx.months) if (month.month === schedule.month) days.push({ day: dayInMonth(month, schedule.day), month });
      break;
    case "two-weeks": {
      const start = ctx.months[0];
      if (!start) break;
      let payday = start.first + schedule.firstFriday - 1;
      while (weekdayOf(payday) !== 5) payday++;
      for (; payday <= ctx.periodLast; payday += 14) {
        const month = ctx.months.find((m) => payday >= m.first && payday <= m.last);
        if (month) days.push({ day: payday, month });
      }
      break;
    }
  }
  return days;
}

function addRecurring(ctx: Context): void {
  const rng = ctx.rng.fork("recurring");
  for (const recurring of ctx.plan.profile.recurring) {
    for (const { day, month } of scheduledDays(recurring, ctx)) {
      // A run at --scale N books N times the business: the schedule keeps its dates and grows its amounts.
      const factor = (recurring.amountSeason?.(month.month) ?? 1) * (recurring.amountFactor ?? 1) * ctx.options.scale;
      vendorDraft(ctx, recurring.vendor, recurring.via, day, recurring.channel ?? recurring.vendor.channel, factor, rng);
    }
  }
}

function addTransfers(ctx: Context): void {
  const rng = ctx.rng.fork("transfers");
  const { profile } = ctx.plan;
  const has = (via: Via): boolean => profile.accounts.some((a) => a.via === via);
  const transfer = (from: Via, to: Via, day: Day, lagDays: number, amountMinor: number, kind: "card" | "sweep"): void => {
    const pairId = `p${String(ctx.drafts.length).padStart(6, "0")}`;
    const outDay = postingDay(ctx, day, "transfer_out");
    const inDay = clampDay(ctx, outDay + lagDays);
    const fromAccount = profile.accounts.find((a) => a.via === from);
    const toAccount = profile.accounts.find((a) => a.via === to);
    const base = { vendorSpec: transferVendor, achCompany: "", location: transferVendor.locations[0] as Location, receiptBasis: null, transferPairId: pairId };
    const outTransfer: TransferSide = { counterpart: to, pair: null, sizeLater: kind === "card" };
    const inTransfer: TransferSide = { counterpart: from, pair: null, sizeLater: kind === "card" };
    const outSide = addDraft(ctx, {
      ...base,
      via: from,
      day: outDay,
      // Not -amountMinor: a card payment starts at 0 until it is sized, and -0 is not a small integer to
      // V8, which would then keep every draft's amount as a boxed double.
      amountMinor: 0 - amountMinor,
      vendor: toAccount?.name ?? to,
      accountCode: seededBankAccountCodes[toAccount?.kind ?? "checking"],
      channel: kind === "card" ? "card_payment_out" : "transfer_out",
      transfer: outTransfer,
    });
    const inSide = addDraft(ctx, {
      ...base,
      via: to,
      day: inDay,
      amountMinor,
      vendor: fromAccount?.name ?? from,
      accountCode: seededBankAccountCodes[fromAccount?.kind ?? "checking"],
      channel: kind === "card" ? "card_payment_in" : "transfer_in",
      transfer: inTransfer,
    });
    outTransfer.pair = inSide;
    inTransfer.pair = outSide;
  };

  for (const month of ctx.months) {
    if (has("card") && has("checking")) {
      transfer("checking", "card", month.first + profile.cardPaymentDay - 1, rng.int(0, 1), 0, "card");
    }
    const sweep = profile.savingsSweep;
    if (sweep && has("savings") && month.index % sweep.everyMonths === 0) {
      const amount = Math.round((rng.int(sweep.minMinor, sweep.maxMinor) * ctx.options.scale) / 100) * 100;
      // A slow month draws on savings instead of feeding it.
      if (rng.chance(0.15)) transfer("savings", "checking", month.first + sweep.day - 1, 0, amount, "sweep");
      else transfer("checking", "savings", month.first + sweep.day - 1, 0, amount, "sweep");
    }
  }
}

const transferVendor: Vendor = {
  name: "Transfer",
  printed: "Transfer",
  merchant: "TRANSFER",
  achCompany: "",
  achEntry: "",
  channel: "transfer_out",
  codes: [],
  receipt: null,
  items: [],
  locations: [{ store: "", street: "", city: "", state: "", zip: "" }],
  repeatable: false,
};

function randomDayIn(ctx: Context, month: MonthSpan, channel: Channel, rng: Rng): Day {
  const first = Math.max(month.first, ctx.periodFirst);
  for (let attempt = 0; attempt < 8; attempt++) {
    const day = rng.int(first, month.last);
    if (!bankingDayChannels.has(channel) || isBusinessDay(day)) return day;
  }
  return rng.int(first, month.last);
}

/**
 * Everyday purchases with vendors the company has never paid: most once,
 * some again later. Drawn from a stream of their own, so the rest of the
 * year's transactions are what they would have been without them.
 */
function noveltyFor(ctx: Context): (vendor: Vendor, channel: Channel, month: number) => Vendor {
  // The new vendors met so far, by what they stand in for: a lookup, not a scan, at a million transactions.
  const pool = new Map<Vendor["codes"], Vendor[]>();
  const streams = new Map<number, Rng>();
  return (vendor, channel, month) => {
    let rng = streams.get(month);
    if (rng === undefined) {
      rng = ctx.rng.fork("novel", month);
      streams.set(month, rng);
    }
    if (inflowChannels.has(channel) || vendor.achCompany.includes("{client}") || !rng.chance(novelPurchaseShare)) return vendor;
    const again = pool.get(vendor.codes) ?? [];
    if (again.length > 0 && rng.chance(0.4)) return rng.pick(again);
    const fresh = novelVendor(vendor, rng);
    again.push(fresh);
    pool.set(vendor.codes, again);
    return fresh;
  };
}

function addVariable(ctx: Context, budget: number): void {
  const rng = ctx.rng.fork("variable");
  const novelty = noveltyFor(ctx);
  const { profile } = ctx.plan;
  const perMonth = apportion(budget, ctx.months.map((m) => profile.seasonality(m.month)));
  ctx.months.forEach((month, monthIndex) => {
    const count = perMonth[monthIndex] ?? 0;
    const cumulative: number[] = [];
    let total = 0;
    for (const s of profile.streams) cumulative.push((total += s.weight * (s.season?.(month.month) ?? 1)));
    let made = 0;
    while (made < count) {
      const target = rng.next() * total;
      let pick = 0;
      while (pick < cumulative.length - 1 && (cumulative[pick] as number) <= target) pick++;
      const stream = profile.streams[pick] as Stream;
      const channel = stream.via === "card" && stream.vendor.channel === "ach_debit" ? "card" : stream.vendor.channel;
      const vendor = novelty(stream.vendor, channel, month.index);
      // Some card purchases go on the checking account's debit card instead.
      const via = stream.via === "card" && channel === "card" && rng.chance(profile.debitCardShare) ? "checking" : stream.via;
      const draft = vendorDraft(ctx, vendor, via, randomDayIn(ctx, month, channel, rng), channel, 1, rng);
      made++;
      if (vendor.repeatable && made < count && rng.chance(0.05)) {
        addDraft(ctx, { ...draft, twinOf: draft });
        made++;
      } else if (channel === "card" && vendor.receipt !== null && vendor.receipt !== "restaurant" && made < count && rng.chance(0.03)) {
        // A return, a week or two later, to the same card.
        addDraft(ctx, {
          ...draft,
          day: clampDay(ctx, draft.day + rng.int(3, 14)),
          transactionDay: clampDay(ctx, draft.day + 3),
          amountMinor: -draft.amountMinor,
          channel: "refund",
          receiptBasis: null,
        });
        made++;
      }
    }
  });
}

/**
 * From a month on, every vendor (and client) is one the company never saw:
 * the same business, the same accounts and amounts, under new names. What a
 * tier learned of the old names is then no help, which is the point.
 */
function renameVendorsAfter(ctx: Context, months: number): void {
  const rng = ctx.rng.fork("renamed");
  const twins = new Map<Vendor, Vendor>();
  const clients = new Map<string, string>();
  const firstDay = ctx.months[months]?.first ?? Infinity;
  for (const draft of ctx.drafts) {
    if (draft.day < firstDay || draft.transferPairId !== null) continue;
    let twin = twins.get(draft.vendorSpec);
    if (twin === undefined) {
      twin = novelVendor(draft.vendorSpec, rng);
      twins.set(draft.vendorSpec, twin);
    }
    if (draft.vendorSpec.achCompany.includes("{client}")) {
      let client = clients.get(draft.achCompany);
      if (client === undefined) {
        client = novelName(rng);
        clients.set(draft.achCompany, client);
      }
      draft.achCompany = client.toUpperCase();
      draft.vendor = client;
    } else {
      draft.achCompany = twin.achCompany;
      draft.vendor = twin.name;
    }
    draft.vendorSpec = twin;
  }
}

/** Vendors whose bank line reads differently from some month on, and how: chosen once per company. */
function reprints(ctx: Context): (draft: Draft) => Vendor {
  const rng = ctx.rng.fork("reprinted");
  const chosen = new Map<Vendor, { fromDay: Day; as: Vendor } | null>();
  return (draft) => {
    let reprint = chosen.get(draft.vendorSpec);
    if (reprint === undefined) {
      const month = ctx.months[rng.int(1, Math.max(1, ctx.months.length - 1))];
      reprint = draft.transferPairId === null && month !== undefined && rng.chance(reprintedVendorShare) ? { fromDay: month.first, as: reprintedVendor(draft.vendorSpec, rng) } : null;
      chosen.set(draft.vendorSpec, reprint);
    }
    return reprint !== null && draft.day >= reprint.fromDay ? reprint.as : draft.vendorSpec;
  };
}

// ---------------------------------------------------------------------------
// From drafts to bank transactions

function settleCardPayments(ctx: Context, cardDrafts: Draft[], opening: number): void {
  let balance = opening;
  let monthIndex = 0;
  const monthEnd: number[] = [];
  for (const draft of cardDrafts) {
    while (monthIndex < ctx.months.length && draft.day > (ctx.months[monthIndex] as MonthSpan).last) {
      monthEnd[monthIndex] = balance;
      monthIndex++;
    }
    if (draft.transfer?.sizeLater) {
      const owed = -(monthIndex === 0 ? opening : (monthEnd[monthIndex - 1] ?? opening));
      // A card with a credit balance still gets its autopay minimum.
      draft.amountMinor = Math.max(owed, 2500);
      if (draft.transfer.pair) draft.transfer.pair.amountMinor = -draft.amountMinor;
    }
    balance += draft.amountMinor;
  }
}

/**
 * The positions of `keys` in ascending order of key, equal keys in the order
 * they come: a counting sort, linear in the keys, where comparison sorts of a
 * million drafts took a second. Keys are small whole numbers (days).
 */
function stableOrder(keys: Int32Array): Int32Array {
  let least = Infinity;
  let most = -Infinity;
  for (const key of keys) {
    least = Math.min(least, key);
    most = Math.max(most, key);
  }
  const order = new Int32Array(keys.length);
  if (keys.length === 0) return order;
  // next[k]: where the next position with key least + k goes; it starts as the count of smaller keys.
  const next = new Int32Array(most - least + 2);
  for (const key of keys) next[key - least + 1] = (next[key - least + 1] ?? 0) + 1;
  for (let slot = 1; slot < next.length; slot++) next[slot] = (next[slot] ?? 0) + (next[slot - 1] ?? 0);
  keys.forEach((key, position) => {
    const at = next[key - least] ?? 0;
    order[at] = position;
    next[key - least] = at + 1;
  });
  return order;
}

/** Sorts by day, keeping the order of items on the same day. */
function sortByDay<T>(items: readonly T[], dayOf: (item: T) => Day): T[] {
  const sorted = new Array<T>(items.length);
  stableOrder(Int32Array.from(items, dayOf)).forEach((position, rank) => {
    sorted[rank] = items[position] as T;
  });
  return sorted;
}

/**
 * Each account's drafts by day, and all of them in id order: by day, then by
 * account, then in the order they were made. One counting sort on (day,
 * account) gives both, and reads each draft once, in the order it was made:
 * at a million rows, passes over drafts scattered in memory are what sorting
 * costs, and so are arrays grown a push at a time, so these are made at their
 * size. Drafts on an account the company does not hold are not booked.
 */
function orderDrafts(drafts: readonly Draft[], vias: readonly Via[]): { ordered: Draft[]; byAccount: Draft[][] } {
  const accountIndex = new Map(vias.map((via, index) => [via, index]));
  const booked = drafts.every((draft) => accountIndex.has(draft.via)) ? drafts : drafts.filter((draft) => accountIndex.has(draft.via));
  const accountOf = new Int32Array(booked.length);
  const keys = new Int32Array(booked.length);
  const counts = vias.map(() => 0);
  booked.forEach((draft, position) => {
    const account = accountIndex.get(draft.via) ?? 0;
    accountOf[position] = account;
    keys[position] = draft.day * vias.length + account;
    counts[account] = (counts[account] ?? 0) + 1;
  });
  const ordered = new Array<Draft>(booked.length);
  const byAccount = counts.map((count) => new Array<Draft>(count));
  const filled = vias.map(() => 0);
  stableOrder(keys).forEach((position, rank) => {
    const draft = booked[position] as Draft;
    const account = accountOf[position] ?? 0;
    const slot = filled[account] ?? 0;
    ordered[rank] = draft;
    (byAccount[account] as Draft[])[slot] = draft;
    filled[account] = slot + 1;
  });
  return { ordered, byAccount };
}

function finish(ctx: Context): GeneratedCompany {
  const { plan } = ctx;
  const { profile } = plan;
  const rng = ctx.rng.fork("accounts");
  const describeRng = ctx.rng.fork("descriptions");
  const printedAs = reprints(ctx);

  // Ids follow the calendar across all accounts: earliest day first, and on the same day the first account's drafts first.
  const { ordered, byAccount } = orderDrafts(
    ctx.drafts,
    profile.accounts.map((account) => account.via),
  );
  const accounts = profile.accounts.map((account, index) => ({ account, drafts: byAccount[index] ?? [], last4: String(rng.int(1000, 9999)) }));
  const card = accounts.find((a) => a.account.via === "card");
  if (card) settleCardPayments(ctx, card.drafts, Math.round(card.account.openingMinor * ctx.options.scale));

  const ids = ctx.ids.first("t", Math.max(5, String(ordered.length).length), ordered.length);
  ordered.forEach((draft, index) => (draft.id = ids[index] ?? ""));

  // The owner's personal account, where draws land.
  const ownerAccount = { last4: String(rng.int(1000, 9999)), issuer: "", kind: "personal" } as const;
  const counterparts = new Map(accounts.map((a) => [a.account.via, { last4: a.last4, issuer: a.account.issuer, kind: a.account.kind }]));
  const generatedAccounts: GeneratedAccount[] = accounts.map(({ account, drafts, last4 }) => {
    const dialect: Dialect = dialects[account.dialect];
    let checkNumber = 1000 + rng.int(1, 800);
    // Enough opening balance that the account never shows an overdraft.
    // Interest is sized from the balance below; until then it counts for nothing here.
    let running = 0;
    let lowest = 0;
    for (const draft of drafts) {
      if (draft.channel !== "interest") running += draft.amountMinor;
      lowest = Math.min(lowest, running);
    }
    const cushion = 250_000;
    const scaledOpening = Math.round(account.openingMinor * ctx.options.scale);
    const openingBalanceMinor = account.kind === "credit_card" ? scaledOpening : Math.max(scaledOpening, cushion - lowest);
    let balance = openingBalanceMinor;
    for (const draft of drafts) {
      if (draft.channel === "interest" && account.apyPerMille > 0) {
        // A month's interest on what the account holds.
        draft.amountMinor = Math.max(1, Math.round((Math.max(0, balance) * account.apyPerMille) / 12_000));
      }
      balance += draft.amountMinor;
      draft.balanceMinor = balance;
      draft.account = account.slug;
      const check = draft.channel === "check" ? checkNumber++ : null;
      draft.checkNumber = check;
      // A twin is sorted after its original, which is described by then.
      let description = draft.twinOf ? draft.twinOf.description : "";
      if (description === "") {
        const printed = printedAs(draft);
        const raw = describe(
          dialect.descriptionStyle,
          {
            channel: draft.channel,
            vendor: printed,
            achCompany: draft.achCompany === draft.vendorSpec.achCompany ? printed.achCompany : draft.achCompany,
            achEntry: draft.vendorSpec.achEntry,
            day: draft.transactionDay,
            location: draft.location,
            last4,
            counterpart: (draft.transfer && counterparts.get(draft.transfer.counterpart)) ?? ownerAccount,
            checkNumber: check ?? 0,
            companyName: plan.name,
          },
          describeRng,
        );
        description = raw.length > dialect.descriptionWidth ? raw.slice(0, dialect.descriptionWidth).trimEnd() : raw.endsWith(" ") ? raw.trimEnd() : raw;
      }
      draft.description = description;
    }
    const transactions: GeneratedTransaction[] = drafts;
    return {
      slug: account.slug,
      name: account.name,
      kind: account.kind,
      dialect,
      last4,
      ledgerCode: seededBankAccountCodes[account.kind],
      network: account.network,
      openingBalanceMinor,
      transactions,
    };
  });

  const transactions: GeneratedTransaction[] = ordered;
  const company: GeneratedCompany = {
    slug: plan.slug,
    name: plan.name,
    industry: profile.industry,
    trade: profile.trade,
    currency: "USD",
    accounts: generatedAccounts,
    transactions,
    receipts: [],
    statements: [],
    transferPairs: countTransferPairs(transactions),
  };
  company.receipts = makeReceipts(ctx, company);
  company.statements = makeStatements(ctx, company);
  return company;
}

function countTransferPairs(transactions: readonly GeneratedTransaction[]): number {
  const pairIds = new Set<string>();
  for (const t of transactions) if (t.transferPairId !== null) pairIds.add(t.transferPairId);
  return pairIds.size;
}

// ---------------------------------------------------------------------------
// Receipts and statements

function tenderFor(account: GeneratedAccount): string {
  return `${account.network} ****${account.last4}`;
}

function makeReceipts(ctx: Context, company: GeneratedCompany): GeneratedReceipt[] {
  const rng = ctx.rng.fork("receipts");
  const target = targetCounts(ctx.plan, ctx.options).receipts;
  const pool = company.transactions.filter((t) => t.receiptBasis !== null && t.amountMinor < 0);
  let cash = Math.round(target * ctx.plan.profile.cashReceiptShare);
  let linked = target - cash;
  if (linked > pool.length) {
    cash += linked - pool.length;
    linked = pool.length;
  }
  // A partial Fisher-Yates shuffle picks which transactions kept their paper.
  for (let i = 0; i < linked; i++) {
    const j = rng.int(i, pool.length - 1);
    const swap = pool[i] as GeneratedTransaction;
    pool[i] = pool[j] as GeneratedTransaction;
    pool[j] = swap;
  }
  const tenderBySlug = new Map(company.accounts.map((a) => [a.slug, tenderFor(a)]));

  const receipts = pool.slice(0, linked).map((transaction) =>
    unnumberedReceipt(company, {
      // A card slip is printed at the swipe; an invoice is dated a few days before it is paid.
      date: transaction.channel === "card" ? transaction.transactionDay : transaction.day - rng.int(0, 3),
      vendor: transaction.vendorSpec,
      vendorName: transaction.vendor,
      basis: transaction.receiptBasis as ReceiptBasis,
      code: transaction.accountCode,
      transactionId: transaction.id,
      tender: tenderBySlug.get(transaction.account) ?? "",
    }),
  );

  const cashVendors = ctx.plan.profile.streams.filter((s) => s.vendor.receipt !== null && s.vendor.receipt !== "invoice");
  for (let i = 0; i < cash && cashVendors.length > 0; i++) {
    const vendor = rng.weighted(cashVendors, weightOf).vendor;
    const choice = rng.weighted(vendor.codes, weightOf);
    const location = pickLocation(vendor, rng);
    const { basis } = purchase(vendor, choice, rng, location, 1);
    receipts.push(
      unnumberedReceipt(company, {
        date: rng.int(ctx.periodFirst, ctx.periodLast),
        vendor,
        vendorName: vendor.name,
        // Paid in cash: no card, and the tip (if any) went in the jar.
        basis: { ...(basis as ReceiptBasis), tipMinor: 0 },
        code: choice.code,
        transactionId: null,
        tender: "CASH",
      }),
    );
  }

  // On the same date, linked receipts come first, in their draw order, then cash ones.
  const byDate = sortByDay(receipts, (r) => r.date);
  const ids = ctx.ids.first("r", Math.max(4, String(byDate.length).length), byDate.length);
  byDate.forEach((receipt, index) => {
    receipt.id = ids[index] ?? "";
    // Text is rendered when written, not held: a million-row run has hundreds of thousands of receipts.
    receipt.textSeed = rng.int(0, 0xffffffff);
    receipt.format = receiptFormat(receipt.textSeed);
    receipt.file = ctx.ids.receiptFile(ids, index, receipt.format);
  });
  return byDate;
}

/**
 * A receipt before it is numbered: its id, and the text seed its format and
 * file follow from, are drawn in date order, once all receipts are known.
 * Made as the receipt itself, not a draft of it: a million-row run has
 * hundreds of thousands.
 */
function unnumberedReceipt(
  company: GeneratedCompany,
  paper: { date: Day; vendor: Vendor; vendorName: string; basis: ReceiptBasis; code: string; transactionId: string | null; tender: string },
): GeneratedReceipt {
  const { basis } = paper;
  return {
    id: "",
    file: "",
    format: "txt",
    vendor: paper.vendorName,
    printedVendor: paper.vendor.printed.replace("{store}", basis.location.store),
    date: paper.date,
    totalMinor: basis.subtotalMinor + basis.taxMinor,
    taxMinor: basis.taxMinor,
    tipMinor: basis.tipMinor,
    accountCode: paper.code,
    transactionId: paper.transactionId,
    vendorSpec: paper.vendor,
    basis,
    tender: paper.tender,
    companyName: company.name,
    // NaN, not 0, until drawn: seeds run to 2^32, past V8's small integers (see balanceMinor in addDraft).
    textSeed: Number.NaN,
  };
}

/** How many of the rows fall on or before a day. */
function countUpTo(rows: readonly GeneratedTransaction[], day: Day): number {
  let count = 0;
  for (const row of rows) if (row.day <= day) count++;
  return count;
}

function makeStatements(ctx: Context, company: GeneratedCompany): StatementFile[] {
  const rng = ctx.rng.fork("statements");
  const files: StatementFile[] = [];
  for (const account of company.accounts) {
    const txs = account.transactions;
    let start = 0;
    let previousLast = -Infinity;
    for (const month of ctx.months) {
      // Exports are pulled by date range and overlap the previous month by a few days.
      const first = month.index === 0 ? month.first : month.first - rng.int(2, 5);
      while (start < txs.length && (txs[start] as GeneratedTransaction).day < first) start++;
      let end = start;
      while (end < txs.length && (txs[end] as GeneratedTransaction).day <= month.last) end++;
      const rows = txs.slice(start, end);
      const opening = start === 0 ? account.openingBalanceMinor : (txs[start - 1] as GeneratedTransaction).balanceMinor;
      files.push({
        account: account.slug,
        month: month.key,
        path: `statements/${account.slug}/${month.key}.csv`,
        bytes: renderStatement({ dialect: account.dialect, transactions: rows, first, last: month.last, openingBalanceMinor: opening, last4: account.last4 }),
        rows: rows.length,
        overlapRows: countUpTo(rows, previousLast),
      });
      previousLast = month.last;
    }
  }
  return files;
}

// ---------------------------------------------------------------------------

/** `ids` is for the companies of one run to share (see RowIds); a company alone needs none. */
export function generateCompany(plan: CompanyPlan, options: PeriodOptions, ids = new RowIds()): GeneratedCompany {
  const months = monthSpans(options.startYear, options.startMonth, options.months);
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) throw new RangeError("a period needs at least one month");
  const ctx: Context = {
    plan,
    options,
    months,
    periodFirst: first.first,
    periodLast: last.last,
    rng: createRng(options.seed, "company", plan.index, plan.slug),
    drafts: [],
    ids,
  };
  addRecurring(ctx);
  addTransfers(ctx);
  const budget = Math.max(0, targetCounts(plan, options).transactions - ctx.drafts.length);
  addVariable(ctx, budget);
  if (options.newVendorsAfter !== null) renameVendorsAfter(ctx, options.newVendorsAfter);
  return finish(ctx);
}
