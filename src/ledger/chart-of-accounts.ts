/**
 * The industry charts of accounts. One module, shared by the app (which seeds
 * each new company from it) and the simulated-companies generator (whose truth
 * uses the same codes), so the two can never disagree on a code.
 *
 * Codes follow a small-business chart: 1000s assets, 2000s liabilities,
 * 3000s equity, 4000s revenue, 5000s cost of goods, 6000s operating expenses.
 */

import type { AccountSubtype, AccountType, BankAccountKind, Industry } from "../shared/vocabulary.ts";

export { accountSubtypes, accountTypes, bankAccountKinds, industries } from "../shared/vocabulary.ts";
export type { AccountSubtype, AccountType, BankAccountKind, Industry } from "../shared/vocabulary.ts";

export interface ChartAccount {
  code: string;
  name: string;
  type: AccountType;
  subtype: AccountSubtype;
}

/** Where money no rule or model could place waits for a person. */
export const suspenseAccountCode = "6999";

export const seededBankAccountCodes = { checking: "1010", savings: "1020", credit_card: "2100" } as const;

const account = (code: string, name: string, type: AccountType, subtype: AccountSubtype): ChartAccount => ({
  code,
  name,
  type,
  subtype,
});

/** What every small business has, whatever it sells. */
const commonAccounts: readonly ChartAccount[] = [
  account("1000", "Petty Cash", "asset", "cash"),
  account(seededBankAccountCodes.checking, "Operating Checking", "asset", "bank"),
  account(seededBankAccountCodes.savings, "Savings", "asset", "bank"),
  account("1200", "Accounts Receivable", "asset", "receivable"),
  account("1400", "Prepaid Expenses", "asset", "prepaid"),
  account("1500", "Furniture & Equipment", "asset", "fixed_asset"),
  account("1510", "Accumulated Depreciation", "asset", "contra_asset"),
  account("2000", "Accounts Payable", "liability", "payable"),
  account(seededBankAccountCodes.credit_card, "Business Credit Card", "liability", "credit_card"),
  account("2200", "Payroll Liabilities", "liability", "payroll_liability"),
  account("2500", "Loan Payable", "liability", "loan"),
  account("3000", "Owner's Capital", "equity", "owner_capital"),
  account("3100", "Owner's Draws", "equity", "owner_draw"),
  account("3900", "Retained Earnings", "equity", "retained_earnings"),
  account("4900", "Interest & Other Income", "revenue", "other_income"),
  account("6000", "Payroll Wages", "expense", "operating_expense"),
  account("6010", "Payroll Taxes", "expense", "operating_expense"),
  account("6100", "Rent", "expense", "operating_expense"),
  account("6200", "Utilities", "expense", "operating_expense"),
  account("6300", "Software & Subscriptions", "expense", "operating_expense"),
  account("6400", "Insurance", "expense", "operating_expense"),
  account("6500", "Bank & Merchant Fees", "expense", "operating_expense"),
  account("6600", "Office Supplies", "expense", "operating_expense"),
  account("6700", "Advertising & Marketing", "expense", "operating_expense"),
  account("6800", "Professional Fees", "expense", "operating_expense"),
  account("6900", "Meals", "expense", "operating_expense"),
  account("6910", "Travel", "expense", "operating_expense"),
  account("6950", "Interest Expense", "expense", "other_expense"),
  account("6960", "Taxes & Licenses", "expense", "operating_expense"),
  account(suspenseAccountCode, "Uncategorized", "expense", "suspense"),
];

const industryAccounts: Readonly<Record<Industry, readonly ChartAccount[]>> = {
  retail: [
    account("1300", "Inventory", "asset", "inventory"),
    account("2300", "Sales Tax Payable", "liability", "tax_liability"),
    account("4000", "Food & Beverage Sales", "revenue", "operating_revenue"),
    account("4010", "Merchandise Sales", "revenue", "operating_revenue"),
    account("4090", "Refunds & Discounts", "revenue", "contra_revenue"),
    account("5000", "Cost of Goods Sold - Coffee & Tea", "expense", "cost_of_goods"),
    account("5010", "Cost of Goods Sold - Dairy & Bakery", "expense", "cost_of_goods"),
    account("5020", "Packaging & Disposables", "expense", "cost_of_goods"),
    account("6250", "Repairs & Maintenance", "expense", "operating_expense"),
  ],
  services: [
    account("4000", "Web Development Revenue", "revenue", "operating_revenue"),
    account("4010", "Design Revenue", "revenue", "operating_revenue"),
    account("4020", "Hosting & Maintenance Revenue", "revenue", "operating_revenue"),
    account("5000", "Subcontractors", "expense", "cost_of_goods"),
    account("5010", "Hosting & Infrastructure", "expense", "cost_of_goods"),
    account("6310", "Design Assets & Plugins", "expense", "operating_expense"),
    account("6820", "Training & Conferences", "expense", "operating_expense"),
  ],
  childcare: [
    account("4000", "Tuition Revenue", "revenue", "operating_revenue"),
    account("4010", "Registration & Activity Fees", "revenue", "operating_revenue"),
    account("4020", "State Childcare Subsidy", "revenue", "operating_revenue"),
    account("4030", "Food Program Reimbursement", "revenue", "operating_revenue"),
    account("5000", "Food Service", "expense", "cost_of_goods"),
    account("5010", "Classroom Supplies & Toys", "expense", "cost_of_goods"),
    account("6250", "Repairs & Maintenance", "expense", "operating_expense"),
    account("6820", "Staff Training & Background Checks", "expense", "operating_expense"),
  ],
  real_estate: [
    account("2400", "Escrow Deposits Held", "liability", "escrow"),
    account("4000", "Commission Income", "revenue", "operating_revenue"),
    account("4010", "Referral Fees", "revenue", "operating_revenue"),
    account("4020", "Property Management Fees", "revenue", "operating_revenue"),
    account("5000", "Agent Commission Splits", "expense", "cost_of_goods"),
    account("6710", "MLS & Association Dues", "expense", "operating_expense"),
    account("6720", "Staging & Photography", "expense", "operating_expense"),
    account("6730", "Signs & Lockboxes", "expense", "operating_expense"),
    account("6920", "Vehicle & Mileage", "expense", "operating_expense"),
  ],
  professional: [
    account("4000", "Tax Preparation Fees", "revenue", "operating_revenue"),
    account("4010", "Bookkeeping Services", "revenue", "operating_revenue"),
    account("4020", "Advisory & Consulting", "revenue", "operating_revenue"),
    account("6310", "Tax & Accounting Software", "expense", "operating_expense"),
    account("6410", "Professional Liability Insurance", "expense", "operating_expense"),
    account("6720", "Professional Dues & Licenses", "expense", "operating_expense"),
    account("6820", "Continuing Education (CPE)", "expense", "operating_expense"),
  ],
};

/** The full chart a new company of this industry starts with, ordered by code. */
export function chartOfAccounts(industry: Industry): ChartAccount[] {
  return [...commonAccounts, ...industryAccounts[industry]].sort((a, b) => a.code.localeCompare(b.code));
}

export interface CodeRange {
  first: number;
  last: number;
}

/**
 * Where further bank accounts' ledger accounts are coded, by kind, in order of
 * preference: checking 1011-1019 and savings 1021-1029 keep to their own
 * tens, then both share the rest of the 1000s cash block.
 */
export const ledgerCodeRanges: Readonly<Record<BankAccountKind, readonly CodeRange[]>> = {
  checking: [
    { first: 1011, last: 1019 },
    { first: 1030, last: 1099 },
  ],
  savings: [
    { first: 1021, last: 1029 },
    { first: 1030, last: 1099 },
  ],
  credit_card: [{ first: 2101, last: 2199 }],
};

export type LedgerLink =
  | { kind: "seeded"; code: string; rename: string }
  | { kind: "new"; ranges: readonly CodeRange[]; account: Omit<ChartAccount, "code"> };

/**
 * Chooses the ledger account a new bank account posts to. The company's first
 * checking, savings or card account takes over the seeded placeholder (renamed
 * after the bank account, since nothing has posted to it yet). Later ones get
 * a new account; the database gives it the lowest free code of the ranges in
 * the same statement that inserts it, so concurrent creations cannot collide.
 */
export function chooseLedgerAccount(
  bankAccountKind: BankAccountKind,
  bankAccountName: string,
  existingCodes: ReadonlySet<string>,
  linkedCodes: ReadonlySet<string>,
): LedgerLink {
  const seededCode = seededBankAccountCodes[bankAccountKind];
  if (existingCodes.has(seededCode) && !linkedCodes.has(seededCode)) {
    return { kind: "seeded", code: seededCode, rename: bankAccountName };
  }
  const isCard = bankAccountKind === "credit_card";
  return {
    kind: "new",
    ranges: ledgerCodeRanges[bankAccountKind],
    account: { name: bankAccountName, type: isCard ? "liability" : "asset", subtype: isCard ? "credit_card" : "bank" },
  };
}
