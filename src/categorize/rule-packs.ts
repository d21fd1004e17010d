/**
 * The rules a new company starts with: vendors small businesses across the
 * US commonly pay (or are paid by), sent to the accounts of the company's
 * industry chart. The industry's own rules come first, so that, say, fuel is
 * a vehicle cost for a real-estate agent but travel for everyone else.
 * Companies edit, reorder or delete them like any rule.
 */
import type { Industry } from "../ledger/chart-of-accounts.ts";
import type { Direction, RuleConditions, TextOperator } from "./rules.ts";

export interface PackRule {
  name: string;
  conditions: RuleConditions;
  accountCode: string;
  renameVendor?: string;
}

const described = (operator: TextOperator, value: string, direction?: Direction): RuleConditions => ({
  description: { operator, value },
  ...(direction ? { direction } : {}),
});

const rule = (name: string, accountCode: string, conditions: RuleConditions, renameVendor?: string): PackRule => ({
  name,
  accountCode,
  conditions,
  ...(renameVendor ? { renameVendor } : {}),
});

const paying = (value: string) => described("matches", value, "out");
const paidBy = (value: string) => described("matches", value, "in");

/** Every industry: payroll, utilities, software, meals, travel, fees, advertising, taxes. */
const commonPack: readonly PackRule[] = [
  rule("Payroll taxes (Gusto, ADP, Paychex)", "6010", paying(String.raw`\b(gusto|adp|paychex)\b.*\btax`)),
  rule("Payroll (Gusto, ADP, Paychex)", "6000", paying(String.raw`\b(?:gusto|adp wage|paychex)\b`)),
  rule("Electric, water and gas utilities", "6200", paying(String.raw`\b(?:duke energy|water works|utility pmt|water bill|con ed|pg&e|dominion energy)\b`)),
  rule("Phone and internet", "6200", paying(String.raw`\b(?:verizon|at&t|comcast|spectrum|t-mobile|altafiber)\b`)),
  rule("Business insurance", "6400", paying(String.raw`\b(?:the hartford|state farm|next insurance|hiscox|ins prem)\b`)),
  rule("Software subscriptions", "6300", paying(String.raw`\b(?:google \*?(?:gsuite|workspace)|microsoft|msft|intuit \*?qbooks|quickbooks|adobe|slack|github|figma|canva|dropbox|zoom\.us|notion)\b`)),
  rule("Online advertising", "6700", paying(String.raw`\b(?:facebk|meta ads|google \*?ads|vistapr|yelp ads|linkedin ads)`)),
  rule("Meals", "6900", paying(String.raw`\b(?:panera|starbucks|chipotle|mcdonald|skyline chili|doordash|grubhub|subway)\b`)),
  rule("Rides, flights and fuel", "6910", paying(String.raw`\b(?:uber|lyft|southwest|delta air|american air|united air|shell oil|shell service|exxon|bp#|speedway|marathon petro|circle k|parkmobile)\b`)),
  rule("Office supplies", "6600", paying(String.raw`\b(?:staples|office depot|officemax|usps|the home depot|costco)\b`)),
  rule("Bank service and card fees", "6500", paying(String.raw`\b(?:service fee|monthly maintenance|annual fee|annual membership fee|overdraft|wire fee)\b`)),
  rule("Interest earned", "4900", paidBy(String.raw`\binterest\b`)),
  rule("Loan payment", "2500", paying(String.raw`\bloan pmt\b`)),
  rule("Federal tax payment (owner's)", "3100", paying(String.raw`\birs\b.*\busataxpymt\b`)),
  rule("Owner draw", "3100", paying(String.raw`\bowner draw\b`)),
  rule("Owner contribution", "3000", paidBy(String.raw`\bowner (?:capital|contribution)\b`)),
];

const industryPacks: Readonly<Record<Industry, readonly PackRule[]>> = {
  retail: [
    rule("Card processor fees", "6500", paying(String.raw`\b(?:square inc|sq)\b.*\bfees?\b`)),
    rule("Card sales settled by Square", "4000", paidBy(String.raw`\bsquare inc\b`)),
    rule("Refunds to customers", "4090", paying(String.raw`\brefund\b`)),
    rule("Packaging and disposables", "5020", paying(String.raw`\b(?:webstaurantstore|restaurant depot|uline)\b`)),
    rule("Food service supplier", "5010", paying(String.raw`\b(?:sysco|gordon food|kroger)\b`)),
    rule("Sales tax remitted", "2300", paying(String.raw`\bsales tax\b`)),
  ],
  services: [
    rule("Hosting and infrastructure", "5010", paying(String.raw`\b(?:amazon web services|aws|digitalocean|vercel|wpengine|heroku|netlify|linode)\b`)),
    rule("Freelancers and subcontractors", "5000", paying(String.raw`\b(?:upwork|fiverr|toptal)\b`)),
    rule("Design assets and plugins", "6310", paying(String.raw`\b(?:envato|themeforest|creative market)\b`)),
    rule("Conferences", "6820", paying(String.raw`\b(?:eventbrite|eb \*)`)),
    rule("Stripe payouts", "4000", paidBy(String.raw`\bstripe\b`)),
  ],
  childcare: [
    rule("Tuition collected by Brightwheel", "4000", paidBy(String.raw`\bbrightwheel\b.*\bpayout\b`)),
    rule("Registration fees collected by Brightwheel", "4010", paidBy(String.raw`\bbrightwheel\b.*\breg\b`)),
    rule("Child and adult care food program", "4030", paidBy(String.raw`\bcacfp\b`)),
    rule("Tuition refunds", "4000", paying(String.raw`\bbrightwheel\b.*\brefund\b`)),
    rule("Food service", "5000", paying(String.raw`\b(?:sysco|gordon food)\b`)),
    rule("Classroom supplies", "5010", paying(String.raw`\b(?:lakeshore learning|kaplan early|walmart)\b`)),
    rule("Childcare software", "6300", paying(String.raw`\b(?:procare|brightwheel)\b`)),
  ],
  real_estate: [
    rule("Commission from title companies", "4000", paidBy(String.raw`\btitle\b.*\b(?:comm|escrow rel)`)),
    rule("Property management distributions", "4020", paidBy(String.raw`\b(?:appfolio|buildium)\b`)),
    rule("Referral fees", "4010", paidBy(String.raw`\breferral\b`)),
    rule("MLS and association dues", "6710", paying(String.raw`\b(?:mls|nar dues|board of realtors)\b`)),
    rule("Lead generation", "6700", paying(String.raw`\b(?:zillow|realtor\.com)\b`)),
    rule("Lockboxes and signs", "6730", paying(String.raw`\b(?:sentrilock|supra|sign co)\b`)),
    rule("Fuel and car care", "6920", paying(String.raw`\b(?:speedway|shell|exxon|bp#|car wash)\b`)),
    rule("Transaction management software", "6300", paying(String.raw`\b(?:dotloop|skyslope)\b`)),
  ],
  professional: [
    rule("Payments collected by CPACharge", "4000", paidBy(String.raw`\bcpacharge\b`)),
    rule("Tax and accounting software", "6310", paying(String.raw`\b(?:drake software|proconnect|karbon|smartvault|lacerte|ultratax)\b`)),
    rule("Continuing education", "6820", paying(String.raw`\b(?:becker|surgent|cpe)\b`)),
    rule("Professional liability insurance", "6410", paying(String.raw`\bcamico\b`)),
    rule("Professional dues and licenses", "6720", paying(String.raw`\b(?:society of cpas|aicpa|accountancy board)\b`)),
  ],
};

/** The rules a new company of this industry starts with, in the order they are tried. */
export function rulePack(industry: Industry): PackRule[] {
  return [...industryPacks[industry], ...commonPack];
}
