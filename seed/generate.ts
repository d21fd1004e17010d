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
import type { Channel, CodeChoice, GeneratedReceipt, GeneratedTransaction, Location, ReceiptBasis, Vendor } from "./model.ts";
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
 * collector notices), with the generator's bookkeeping fields alongside.
 */
interface Draft extends GeneratedTransaction {
  via: Via;
  achCompany: string;
  achEntry: string;
  location: Location;
  /** The other account of a transfer. */
  counterpart: Via | null;
  /** A second identical row: shares the first one's description. */
  twinOf: Draft | null;
  /** Card payments are sized once the card's balance is known. */
  sizeLater: boolean;
  /** The other side of a transfer pair. */
  pair: Draft | null;
  order: number;
}

interface Context {
  plan: CompanyPlan;
  options: PeriodOptions;
  months: MonthSpan[];
  periodFirst: Day;
  periodLast: Day;
  rng: Rng;
  drafts: Draft[];
}

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

type DraftInit = Pick<Draft, "via" | "day" | "amountMinor" | "vendorSpec" | "vendor" | "achCompany" | "achEntry" | "accountCode" | "channel" | "location" | "receiptBasis"> &
  Partial<Pick<Draft, "transactionDay" | "twinOf" | "sizeLater" | "counterpart" | "transferPairId">>;

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
    balanceMinor: 0,
    channel: init.channel,
    transactionDay: init.transactionDay ?? init.day,
    checkNumber: null,
    via: init.via,
    achCompany: init.achCompany,
    achEntry: init.achEntry,
    location: init.location,
    counterpart: init.counterpart ?? null,
    twinOf: init.twinOf ?? null,
    sizeLater: init.sizeLater ?? false,
    pair: null,
    order: ctx.drafts.length,
  };
  ctx.drafts.push(draft);
  return draft;
}

function vendorDraft(ctx: Context, vendor: Vendor, via: Via, day: Day, channel: Channel, amountFactor: number, rng: Rng): Draft {
  const choice = rng.weighted(vendor.codes, (c) => c.weight);
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
    achEntry: vendor.achEntry,
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
    const base = { vendorSpec: transferVendor, achCompany: "", achEntry: "", location: transferVendor.locations[0] as Location, receiptBasis: null, transferPairId: pairId, sizeLater: kind === "card" };
    const outSide = addDraft(ctx, {
      ...base,
      via: from,
      day: outDay,
      amountMinor: -amountMinor,
      vendor: toAccount?.name ?? to,
      accountCode: seededBankAccountCodes[toAccount?.kind ?? "checking"],
      channel: kind === "card" ? "card_payment_out" : "transfer_out",
      counterpart: to,
    });
    const inSide = addDraft(ctx, {
      ...base,
      via: to,
      day: inDay,
      amountMinor,
      vendor: fromAccount?.name ?? from,
      accountCode: seededBankAccountCodes[fromAccount?.kind ?? "checking"],
      channel: kind === "card" ? "card_payment_in" : "transfer_in",
      counterpart: from,
    });
    outSide.pair = inSide;
    inSide.pair = outSide;
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
    if (draft.sizeLater) {
      const owed = -(monthIndex === 0 ? opening : (monthEnd[monthIndex - 1] ?? opening));
      // A card with a credit balance still gets its autopay minimum.
      draft.amountMinor = Math.max(owed, 2500);
      if (draft.pair) draft.pair.amountMinor = -draft.amountMinor;
    }
    balance += draft.amountMinor;
  }
}

function mergeByDay(lists: readonly Draft[][]): Draft[] {
  const merged: Draft[] = [];
  const next = lists.map(() => 0);
  for (;;) {
    let best = -1;
    let bestDay = Infinity;
    for (let index = 0; index < lists.length; index++) {
      const candidate = lists[index]?.[next[index] ?? 0];
      if (candidate && candidate.day < bestDay) {
        best = index;
        bestDay = candidate.day;
      }
    }
    if (best < 0) return merged;
    const list = lists[best] as Draft[];
    const position = next[best] ?? 0;
    merged.push(list[position] as Draft);
    next[best] = position + 1;
  }
}

function finish(ctx: Context): GeneratedCompany {
  const { plan } = ctx;
  const { profile } = plan;
  const rng = ctx.rng.fork("accounts");
  const describeRng = ctx.rng.fork("descriptions");
  const printedAs = reprints(ctx);

  const accounts = profile.accounts.map((account) => {
    const drafts = ctx.drafts.filter((d) => d.via === account.via).sort((a, b) => a.day - b.day || a.order - b.order);
    return { account, drafts, last4: String(rng.int(1000, 9999)) };
  });
  const card = accounts.find((a) => a.account.via === "card");
  if (card) settleCardPayments(ctx, card.drafts, Math.round(card.account.openingMinor * ctx.options.scale));

  // Ids follow the calendar across all accounts: merge the sorted accounts, earliest day first, ties to the first account.
  const ordered = mergeByDay(accounts.map((a) => a.drafts));
  const idWidth = Math.max(5, String(ordered.length).length);
  ordered.forEach((draft, index) => (draft.id = `t${String(index + 1).padStart(idWidth, "0")}`));

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
        const raw = describe(
          dialect.descriptionStyle,
          {
            channel: draft.channel,
            vendor: printedAs(draft),
            achCompany: draft.achCompany === draft.vendorSpec.achCompany ? printedAs(draft).achCompany : draft.achCompany,
            achEntry: draft.achEntry,
            day: draft.transactionDay,
            location: draft.location,
            last4,
            counterpart: (draft.counterpart && counterparts.get(draft.counterpart)) ?? ownerAccount,
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
    transferPairs: new Set(transactions.map((t) => t.transferPairId).filter((id) => id !== null)).size,
  };
  company.receipts = makeReceipts(ctx, company);
  company.statements = makeStatements(ctx, company);
  return company;
}

// ---------------------------------------------------------------------------
// Receipts and statements

function tenderFor(account: GeneratedAccount): string {
  return `${account.network} ****${account.last4}`;
}

function makeReceipts(ctx: Context, company: GeneratedCompany): GeneratedReceipt[] {
  const rng = ctx.rng.fork("receipts");
  const target = targetCounts(ctx.plan, ctx.options).receipts;
  const eligible = company.transactions.filter((t) => t.receiptBasis !== null && t.amountMinor < 0);
  let cash = Math.round(target * ctx.plan.profile.cashReceiptShare);
  let linked = target - cash;
  if (linked > eligible.length) {
    cash += linked - eligible.length;
    linked = eligible.length;
  }
  // A partial Fisher-Yates shuffle picks which transactions kept their paper.
  const pool = eligible.slice();
  for (let i = 0; i < linked; i++) {
    const j = rng.int(i, pool.length - 1);
    const swap = pool[i] as GeneratedTransaction;
    pool[i] = pool[j] as GeneratedTransaction;
    pool[j] = swap;
  }
  const accountsBySlug = new Map(company.accounts.map((a) => [a.slug, a]));

  interface Pending {
    date: Day;
    order: number;
    vendor: Vendor;
    vendorName: string;
    basis: ReceiptBasis;
    code: string;
    transaction: GeneratedTransaction | null;
    tender: string;
  }
  const pending: Pending[] = pool.slice(0, linked).map((transaction, order) => {
    const account = accountsBySlug.get(transaction.account) as GeneratedAccount;
    return {
      // A card slip is printed at the swipe; an invoice is dated a few days before it is paid.
      date: transaction.channel === "card" ? transaction.transactionDay : transaction.day - rng.int(0, 3),
      order,
      vendor: transaction.vendorSpec,
      vendorName: transaction.vendor,
      basis: transaction.receiptBasis as ReceiptBasis,
      code: transaction.accountCode,
      transaction,
      tender: tenderFor(account),
    };
  });

  const cashVendors = ctx.plan.profile.streams.filter((s) => s.vendor.receipt !== null && s.vendor.receipt !== "invoice");
  for (let i = 0; i < cash && cashVendors.length > 0; i++) {
    const vendor = rng.weighted(cashVendors, (s) => s.weight).vendor;
    const choice = rng.weighted(vendor.codes, (c) => c.weight);
    const location = pickLocation(vendor, rng);
    const { basis } = purchase(vendor, choice, rng, location, 1);
    pending.push({
      date: rng.int(ctx.periodFirst, ctx.periodLast),
      order: linked + i,
      vendor,
      vendorName: vendor.name,
      // Paid in cash: no card, and the tip (if any) went in the jar.
      basis: { ...(basis as ReceiptBasis), tipMinor: 0 },
      code: choice.code,
      transaction: null,
      tender: "CASH",
    });
  }

  pending.sort((a, b) => a.date - b.date || a.order - b.order);
  const idWidth = Math.max(4, String(pending.length).length);
  return pending.map((p, index) => {
    const id = `r${String(index + 1).padStart(idWidth, "0")}`;
    // Text is rendered when written, not held: a million-row run has hundreds of thousands of receipts.
    const textSeed = rng.int(0, 0xffffffff);
    const format = receiptFormat(textSeed);
    return {
      id,
      file: `receipts/${id}.${format}`,
      format,
      vendor: p.vendorName,
      printedVendor: p.vendor.printed.replace("{store}", p.basis.location.store),
      date: p.date,
      totalMinor: p.basis.subtotalMinor + p.basis.taxMinor,
      taxMinor: p.basis.taxMinor,
      tipMinor: p.basis.tipMinor,
      accountCode: p.code,
      transactionId: p.transaction?.id ?? null,
      vendorSpec: p.vendor,
      basis: p.basis,
      tender: p.tender,
      companyName: company.name,
      textSeed,
    };
  });
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
        overlapRows: rows.filter((t) => t.day <= previousLast).length,
      });
      previousLast = month.last;
    }
  }
  return files;
}

// ---------------------------------------------------------------------------

export function generateCompany(plan: CompanyPlan, options: PeriodOptions): GeneratedCompany {
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
  };
  addRecurring(ctx);
  addTransfers(ctx);
  const budget = Math.max(0, targetCounts(plan, options).transactions - ctx.drafts.length);
  addVariable(ctx, budget);
  if (options.newVendorsAfter !== null) renameVendorsAfter(ctx, options.newVendorsAfter);
  return finish(ctx);
}
