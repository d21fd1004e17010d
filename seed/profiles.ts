/**
 * The five simulated companies: who they are, where they bank, what they pay
 * on a schedule, and the mix of everything else. Volumes are each company's
 * yearly bank transactions and receipts; the generator meets them exactly
 * and fills what the schedule leaves with the variable mix.
 */
import type { BankAccountKind, Industry } from "../src/ledger/chart-of-accounts.ts";
import type { DialectKey } from "./dialects.ts";
import type { Channel, Vendor } from "./model.ts";
import { accounting, adp, agency, cafe, childcare, clientNames, common, gusto, realEstate, recode, type Stream } from "./vendors.ts";

/** Which of the company's accounts a payment goes through. */
export type Via = Stream["via"];

export type Schedule =
  | { every: "month"; day: number }
  | { every: "two-weeks"; firstFriday: number }
  | { every: "quarter"; months: readonly number[]; day: number }
  | { every: "year"; month: number; day: number };

export interface Recurring {
  vendor: Vendor;
  via: Via;
  schedule: Schedule;
  /** Overrides the vendor's usual channel (rent paid by check). */
  channel?: Channel;
  /** Scales the amount by calendar month (heating and cooling bills). */
  amountSeason?: (month: number) => number;
  /** Scales a shared vendor's usual amount to this company's size (a payroll of four, not forty). */
  amountFactor?: number;
}

export interface AccountProfile {
  via: Via;
  slug: string;
  name: string;
  kind: BankAccountKind;
  dialect: DialectKey;
  /** How the bank names the card issuer in payment descriptions. */
  issuer: string;
  openingMinor: number;
  /** What a receipt prints for this account's card: VISA, MASTERCARD, AMEX, DISCOVER or DEBIT. */
  network: string;
  /** Savings interest, yearly, in tenths of a percent. */
  apyPerMille: number;
}

export interface CompanyProfile {
  slug: string;
  name: string;
  industry: Industry;
  /** Plain-words description of the business. */
  trade: string;
  transactionsPerYear: number;
  receiptsPerYear: number;
  accounts: readonly AccountProfile[];
  recurring: readonly Recurring[];
  /** The variable mix: everything not on a schedule. */
  streams: readonly Stream[];
  /** Relative variable volume by calendar month (1-12). */
  seasonality: (month: number) => number;
  cardPaymentDay: number;
  /** Monthly transfer from checking to savings, where the company has savings. */
  savingsSweep: { day: number; minMinor: number; maxMinor: number; everyMonths: number } | null;
  /** Share of receipts paid in cash, with no bank transaction. */
  cashReceiptShare: number;
  /** Share of card purchases made with the checking account's debit card instead of the credit card. */
  debitCardShare: number;
  clients: readonly string[];
}

const monthly = (day: number): Schedule => ({ every: "month", day });
const quarterly = (day: number, months: readonly number[] = [1, 4, 6, 9]): Schedule => ({ every: "quarter", months, day });
const everyOtherFriday = (firstFriday: number): Schedule => ({ every: "two-weeks", firstFriday });

/** Heating in winter, cooling in summer. */
const weatherBill = (month: number): number => [1.35, 1.3, 1.1, 0.85, 0.8, 1.05, 1.3, 1.3, 1.0, 0.85, 1.0, 1.25][month - 1] ?? 1;

const stream = (vendor: Vendor, weight: number, via: Via = "card", season?: (month: number) => number): Stream =>
  season ? { vendor, weight, via, season } : { vendor, weight, via };

const hamiltonCoffee: CompanyProfile = {
  slug: "hamilton-coffee-co",
  name: "Hamilton Coffee Co.",
  industry: "retail",
  trade: "a café with a point of sale near Findlay Market",
  transactionsPerYear: 330,
  receiptsPerYear: 84,
  accounts: [
    { via: "checking", slug: "checking", name: "Chase Business Checking", kind: "checking", dialect: "chaseChecking", issuer: "Chase", openingMinor: 1_850_000, network: "DEBIT", apyPerMille: 0 },
    { via: "card", slug: "credit-card", name: "Chase Ink Business Card", kind: "credit_card", dialect: "chaseCard", issuer: "Chase", openingMinor: -142_000, network: "VISA", apyPerMille: 0 },
  ],
  recurring: [
    { vendor: cafe.rent, via: "checking", schedule: monthly(1) },
    { vendor: gusto.netPay, via: "checking", schedule: everyOtherFriday(10), amountFactor: 0.75 },
    { vendor: gusto.taxes, via: "checking", schedule: everyOtherFriday(10), amountFactor: 0.75 },
    { vendor: common.dukeEnergy, via: "checking", schedule: monthly(14), amountSeason: weatherBill },
    { vendor: common.gcww, via: "checking", schedule: quarterly(20, [2, 5, 8, 11]) },
    { vendor: common.altafiber, via: "checking", schedule: monthly(8) },
    { vendor: cafe.squareFees, via: "checking", schedule: monthly(2) },
    { vendor: cafe.salesTax, via: "checking", schedule: monthly(23) },
    { vendor: common.hartford, via: "checking", schedule: monthly(5) },
    { vendor: cafe.squareForRestaurants, via: "card", schedule: monthly(3) },
    { vendor: cafe.spotify, via: "card", schedule: monthly(17) },
  ],
  streams: [
    stream(cafe.squareSettlement, 60, "checking"),
    stream(cafe.customerRefund, 2, "checking"),
    stream(cafe.roaster, 8),
    stream(cafe.teaSupplier, 2),
    stream(cafe.dairy, 7, "checking"),
    stream(cafe.bakery, 6),
    stream(cafe.webstaurant, 3),
    stream(cafe.restaurantDepot, 3),
    stream(cafe.kroger, 5),
    stream(recode(common.costco, [["5010", 0.5, 60, 320], ["5020", 0.3, 50, 240], ["6600", 0.2, 30, 140]]), 4),
    stream(recode(common.amazon, [["6600", 0.5, 12, 140], ["1500", 0.15, 300, 1400], ["5020", 0.35, 30, 220]]), 3),
    stream(cafe.espressoRepair, 1.5, "checking"),
    stream(common.homeDepot, 1.5),
    stream(common.facebookAds, 1),
    stream(common.ownerDraw, 2, "checking"),
  ],
  // Busier in the cold months and in December; summer is slower.
  seasonality: (month) => [1.1, 1.05, 1.0, 0.95, 0.95, 0.85, 0.8, 0.85, 1.0, 1.05, 1.1, 1.3][month - 1] ?? 1,
  cardPaymentDay: 22,
  savingsSweep: null,
  cashReceiptShare: 0.15,
  debitCardShare: 0.3,
  clients: [],
};

const cincyWeb: CompanyProfile = {
  slug: "cincy-web-builders",
  name: "Cincy Web Builders LLC",
  industry: "services",
  trade: "a six-person web agency in Over-the-Rhine",
  transactionsPerYear: 357,
  receiptsPerYear: 119,
  accounts: [
    { via: "checking", slug: "checking", name: "BofA Business Advantage Checking", kind: "checking", dialect: "bofaChecking", issuer: "CAPITAL ONE", openingMinor: 3_200_000, network: "DEBIT", apyPerMille: 0 },
    { via: "savings", slug: "savings", name: "Ally Business Savings", kind: "savings", dialect: "allySavings", issuer: "", openingMinor: 4_500_000, network: "DEBIT", apyPerMille: 36 },
    { via: "card", slug: "credit-card", name: "Capital One Spark Card", kind: "credit_card", dialect: "capitalOneCard", issuer: "CAPITAL ONE", openingMinor: -386_000, network: "MASTERCARD", apyPerMille: 0 },
  ],
  recurring: [
    { vendor: agency.coworking, via: "checking", schedule: monthly(1) },
    { vendor: adp.netPay, via: "checking", schedule: everyOtherFriday(3), amountFactor: 0.7 },
    { vendor: adp.taxes, via: "checking", schedule: everyOtherFriday(3), amountFactor: 0.7 },
    { vendor: common.altafiber, via: "checking", schedule: monthly(8) },
    { vendor: common.verizon, via: "checking", schedule: monthly(19) },
    { vendor: common.hartford, via: "checking", schedule: monthly(5) },
    { vendor: common.irs, via: "checking", schedule: quarterly(15) },
    { vendor: agency.github, via: "card", schedule: monthly(4) },
    { vendor: agency.figma, via: "card", schedule: monthly(9) },
    { vendor: agency.adobe, via: "card", schedule: monthly(11) },
    { vendor: agency.slack, via: "card", schedule: monthly(13) },
    { vendor: common.googleWorkspace, via: "card", schedule: monthly(1) },
    { vendor: agency.aws, via: "card", schedule: monthly(2) },
    { vendor: common.interest, via: "savings", schedule: monthly(31) },
  ],
  streams: [
    stream(agency.clientPayment, 26, "checking"),
    stream(agency.stripePayout, 22, "checking"),
    stream(agency.contractor, 8, "card"),
    stream(agency.freelancer, 5, "checking"),
    stream(agency.digitalOcean, 3),
    stream(agency.vercel, 3),
    stream(agency.wpEngine, 3),
    stream(agency.envato, 6),
    stream(agency.conference, 2, "card", (month) => (month === 4 || month === 10 ? 4 : 0.5)),
    stream(common.panera, 4),
    stream(common.skyline, 4),
    stream(common.graeters, 2, "card", (month) => (month >= 5 && month <= 9 ? 2 : 0.4)),
    stream(common.uber, 3),
    stream(common.southwest, 2),
    stream(common.shell, 2),
    stream(recode(common.amazon, [["6600", 0.6, 15, 160], ["1500", 0.4, 280, 1900]]), 5),
    stream(common.googleAds, 2),
    stream(common.ownerDraw, 3, "checking"),
  ],
  // Clients sign in spring and autumn; the holidays are quiet.
  seasonality: (month) => [0.85, 0.95, 1.1, 1.15, 1.05, 0.95, 0.85, 0.9, 1.1, 1.15, 1.0, 0.8][month - 1] ?? 1,
  cardPaymentDay: 20,
  savingsSweep: { day: 27, minMinor: 150_000, maxMinor: 600_000, everyMonths: 1 },
  cashReceiptShare: 0.08,
  debitCardShare: 0.15,
  clients: clientNames.slice(0, 9),
};

const libertyChildcare: CompanyProfile = {
  slug: "liberty-childcare-center",
  name: "Liberty Childcare Center",
  industry: "childcare",
  trade: "a licensed childcare center for 60 children in Liberty Township",
  transactionsPerYear: 368,
  receiptsPerYear: 52,
  accounts: [
    { via: "checking", slug: "checking", name: "Wells Fargo Business Checking", kind: "checking", dialect: "wellsChecking", issuer: "AMEX", openingMinor: 2_400_000, network: "DEBIT", apyPerMille: 0 },
    { via: "card", slug: "credit-card", name: "Amex Business Gold", kind: "credit_card", dialect: "amexCard", issuer: "AMEX", openingMinor: -91_000, network: "AMEX", apyPerMille: 0 },
  ],
  recurring: [
    { vendor: childcare.rent, via: "checking", schedule: monthly(1) },
    { vendor: gusto.netPay, via: "checking", schedule: everyOtherFriday(10), amountFactor: 1.05 },
    { vendor: gusto.taxes, via: "checking", schedule: everyOtherFriday(10), amountFactor: 1.05 },
    { vendor: common.dukeEnergy, via: "checking", schedule: monthly(14), amountSeason: weatherBill },
    { vendor: common.gcww, via: "checking", schedule: monthly(21) },
    { vendor: common.altafiber, via: "checking", schedule: monthly(8) },
    { vendor: common.hartford, via: "checking", schedule: monthly(5) },
    { vendor: common.huntingtonLoan, via: "checking", schedule: monthly(15) },
    { vendor: childcare.subsidy, via: "checking", schedule: monthly(10) },
    { vendor: childcare.foodProgram, via: "checking", schedule: monthly(25) },
    { vendor: common.monthlyFee, via: "checking", schedule: monthly(31) },
    { vendor: childcare.procare, via: "card", schedule: monthly(6) },
    { vendor: common.quickbooks, via: "card", schedule: monthly(20) },
    { vendor: common.cardAnnualFee, via: "card", schedule: { every: "year", month: 3, day: 1 } },
  ],
  streams: [
    stream(childcare.tuition, 40, "checking"),
    stream(childcare.registration, 3, "checking", (month) => (month === 8 || month === 9 ? 8 : 0.2)),
    stream(childcare.tuitionRefund, 1.5, "checking"),
    stream(childcare.sysco, 12, "checking"),
    stream(childcare.gfs, 8),
    stream(childcare.walmart, 8),
    stream(childcare.lakeshore, 4, "card", (month) => (month === 8 ? 3 : 1)),
    stream(childcare.kaplan, 2),
    stream(childcare.backgroundChecks, 2),
    stream(childcare.training, 2),
    stream(childcare.licensing, 0.6),
    stream(childcare.repairs, 2, "checking"),
    stream(recode(common.costco, [["5000", 0.55, 60, 300], ["5010", 0.25, 30, 180], ["6600", 0.2, 20, 120]]), 5),
    stream(recode(common.amazon, [["5010", 0.6, 15, 160], ["6600", 0.3, 12, 90], ["1500", 0.1, 250, 900]]), 4),
    stream(common.homeDepot, 2),
    stream(common.ownerContribution, 0.6, "checking"),
  ],
  // Summer enrollment dips; the school year starts strong.
  seasonality: (month) => [1.0, 1.0, 1.0, 1.0, 0.95, 0.85, 0.8, 1.15, 1.15, 1.05, 1.0, 0.95][month - 1] ?? 1,
  cardPaymentDay: 24,
  savingsSweep: null,
  cashReceiptShare: 0.12,
  debitCardShare: 0.35,
  clients: [],
};

const contrerasRealEstate: CompanyProfile = {
  slug: "contreras-real-estate-group",
  name: "Contreras Real Estate Group",
  industry: "real_estate",
  trade: "a small residential brokerage with three agents and a property-management book",
  transactionsPerYear: 358,
  receiptsPerYear: 196,
  accounts: [
    { via: "checking", slug: "checking", name: "Cincinnati FCU Business Checking", kind: "checking", dialect: "creditUnionChecking", issuer: "BREX", openingMinor: 2_100_000, network: "DEBIT", apyPerMille: 0 },
    { via: "savings", slug: "savings", name: "Cuenta de Ahorro Banco Popular", kind: "savings", dialect: "spanishSavings", issuer: "", openingMinor: 3_000_000, network: "DEBIT", apyPerMille: 15 },
    { via: "card", slug: "credit-card", name: "Brex Card", kind: "credit_card", dialect: "tabCard", issuer: "BREX", openingMinor: -214_000, network: "VISA", apyPerMille: 0 },
  ],
  recurring: [
    { vendor: realEstate.officeRent, via: "checking", schedule: monthly(1), channel: "check" },
    { vendor: gusto.netPay, via: "checking", schedule: everyOtherFriday(3), amountFactor: 0.35 },
    { vendor: common.verizon, via: "card", schedule: monthly(19) },
    { vendor: common.hartford, via: "checking", schedule: monthly(5) },
    { vendor: common.irs, via: "checking", schedule: quarterly(15) },
    { vendor: realEstate.mls, via: "card", schedule: quarterly(10, [1, 4, 7, 10]) },
    { vendor: realEstate.nar, via: "card", schedule: { every: "year", month: 1, day: 12 } },
    { vendor: realEstate.sentrilock, via: "card", schedule: monthly(7) },
    { vendor: realEstate.zillow, via: "card", schedule: monthly(16) },
    { vendor: realEstate.canva, via: "card", schedule: monthly(21) },
    { vendor: realEstate.dotloop, via: "card", schedule: monthly(26) },
    { vendor: realEstate.management, via: "checking", schedule: monthly(12) },
    { vendor: common.interest, via: "savings", schedule: monthly(31) },
  ],
  streams: [
    stream(realEstate.commission, 14, "checking", (month) => (month >= 4 && month <= 8 ? 1.6 : 0.7)),
    stream(realEstate.escrowRelease, 5, "checking", (month) => (month >= 4 && month <= 8 ? 1.6 : 0.7)),
    stream(realEstate.referral, 2, "checking"),
    stream(realEstate.earnestIn, 3, "checking"),
    stream(realEstate.earnestOut, 3, "checking"),
    stream(realEstate.agentSplit, 7, "checking"),
    stream(realEstate.staging, 6),
    stream(realEstate.photography, 6),
    stream(realEstate.signs, 4),
    stream(realEstate.speedway, 12),
    stream(realEstate.carWash, 3),
    stream(realEstate.lunch, 6),
    stream(realEstate.vistaprint, 3),
    stream(common.lawFirm, 1, "checking"),
    stream(common.panera, 4),
    stream(common.homeDepot, 3),
    stream(recode(common.amazon, [["6600", 0.5, 12, 120], ["6730", 0.3, 20, 160], ["1500", 0.2, 250, 1200]]), 3),
    stream(common.facebookAds, 3),
    stream(common.ownerDraw, 3, "checking"),
  ],
  // The spring and summer market.
  seasonality: (month) => [0.7, 0.75, 0.95, 1.15, 1.25, 1.3, 1.25, 1.15, 1.0, 0.9, 0.8, 0.7][month - 1] ?? 1,
  cardPaymentDay: 18,
  savingsSweep: { day: 28, minMinor: 100_000, maxMinor: 450_000, everyMonths: 1 },
  cashReceiptShare: 0.14,
  debitCardShare: 0.2,
  clients: [],
};

const midwestAccounting: CompanyProfile = {
  slug: "midwest-accounting-advisors",
  name: "Midwest Accounting Advisors",
  industry: "professional",
  trade: "a four-person CPA firm: tax returns, monthly bookkeeping and advisory",
  transactionsPerYear: 289,
  receiptsPerYear: 183,
  accounts: [
    { via: "checking", slug: "checking", name: "Fifth Third Business Checking", kind: "checking", dialect: "fifthThirdChecking", issuer: "DISCOVER", openingMinor: 2_600_000, network: "DEBIT", apyPerMille: 0 },
    { via: "savings", slug: "savings", name: "Fifth Third Business Savings", kind: "savings", dialect: "fifthThirdChecking", issuer: "", openingMinor: 5_000_000, network: "DEBIT", apyPerMille: 10 },
    { via: "card", slug: "credit-card", name: "Discover Business Card", kind: "credit_card", dialect: "discoverCard", issuer: "DISCOVER", openingMinor: -120_000, network: "DISCOVER", apyPerMille: 0 },
  ],
  recurring: [
    { vendor: accounting.officeRent, via: "checking", schedule: monthly(1) },
    { vendor: adp.netPay, via: "checking", schedule: everyOtherFriday(10), amountFactor: 0.55 },
    { vendor: adp.taxes, via: "checking", schedule: everyOtherFriday(10), amountFactor: 0.55 },
    { vendor: common.altafiber, via: "checking", schedule: monthly(8) },
    { vendor: accounting.camico, via: "checking", schedule: monthly(5) },
    { vendor: common.irs, via: "checking", schedule: quarterly(15) },
    { vendor: common.ohioTax, via: "checking", schedule: quarterly(10, [2, 5, 8, 11]) },
    { vendor: accounting.karbon, via: "card", schedule: monthly(3) },
    { vendor: accounting.smartVault, via: "card", schedule: monthly(9) },
    { vendor: accounting.adobeAcrobat, via: "card", schedule: monthly(12) },
    { vendor: accounting.drake, via: "card", schedule: { every: "year", month: 11, day: 14 } },
    { vendor: common.interest, via: "savings", schedule: monthly(31) },
  ],
  streams: [
    stream(accounting.retainer, 16, "checking"),
    stream(accounting.taxPrep, 14, "checking", (month) => (month >= 2 && month <= 4 ? 4 : month === 9 || month === 10 ? 1.2 : 0.3)),
    stream(accounting.advisory, 4, "checking"),
    stream(common.microsoft, 1),
    stream(accounting.proconnect, 4, "card", (month) => (month >= 2 && month <= 4 ? 3 : 0.5)),
    stream(accounting.becker, 3),
    stream(accounting.surgent, 3, "card", (month) => (month === 11 || month === 12 ? 3 : 0.6)),
    stream(accounting.oscpa, 2),
    stream(accounting.boardOfAccountancy, 0.5),
    stream(accounting.lunch, 6),
    stream(accounting.parking, 7),
    stream(common.staples, 5),
    stream(common.usps, 5, "card", (month) => (month >= 2 && month <= 4 ? 2.5 : 0.8)),
    stream(common.panera, 4),
    stream(common.uber, 3),
    stream(recode(common.amazon, [["6600", 0.7, 12, 150], ["1500", 0.3, 250, 1600]]), 4),
    stream(common.cpa, 0.5, "checking"),
    stream(common.ownerDraw, 3, "checking"),
  ],
  // Tax season.
  seasonality: (month) => [1.0, 1.35, 1.6, 1.5, 0.85, 0.8, 0.75, 0.75, 0.95, 1.0, 0.8, 0.85][month - 1] ?? 1,
  cardPaymentDay: 25,
  savingsSweep: { day: 28, minMinor: 200_000, maxMinor: 800_000, everyMonths: 3 },
  cashReceiptShare: 0.1,
  debitCardShare: 0.25,
  clients: [...clientNames.slice(3)],
};

export const baseProfiles: readonly CompanyProfile[] = [hamiltonCoffee, cincyWeb, libertyChildcare, contrerasRealEstate, midwestAccounting];

/** How companies beyond the first five describe themselves: same trade, not the same street. */
export const tradeByIndustry: Readonly<Record<Industry, string>> = {
  retail: "a neighborhood café with a point of sale",
  services: "a small web and design agency",
  childcare: "a licensed childcare center",
  real_estate: "a residential real estate brokerage",
  professional: "a small accounting and tax practice",
};

/** Names for companies beyond the first five, by industry. */
export const extraCompanyNames: Readonly<Record<Industry, readonly string[]>> = {
  retail: ["Northside Coffee Bar", "Covington Corner Roasters", "Mariemont Tea House", "Newport Bean Co.", "Clifton Espresso Lab"],
  services: ["Queen City Pixel Co.", "Riverfront Digital", "Blue Ash Code Works", "Pendleton Design Studio", "Mt. Adams Web Co."],
  childcare: ["Little Sprouts Early Learning", "Mason Kids Academy", "Sunrise Childcare Center", "Hyde Park Preschool", "Tiny Steps Daycare"],
  real_estate: ["Ohio Valley Realty", "Kenwood Home Group", "Brightside Properties", "Seven Hills Realty", "Montgomery Home Partners"],
  professional: ["Queen City Tax & Advisory", "Tri-State Bookkeeping", "Lakota CPA Group", "Riverbend Accounting", "Oakley Financial Partners"],
};
