/**
 * Who small businesses in and around Cincinnati pay, and who pays them. The
 * names are invented or generic; the shapes (processor prefixes, store
 * numbers, ACH company names and entry descriptions) are the ones real bank
 * exports carry.
 */
import type { Channel, CodeChoice, Location, ReceiptStyle, Vendor } from "./model.ts";

const at = (store: string, street: string, city: string, state: string, zip: string): Location => ({
  store,
  street,
  city,
  state,
  zip,
});

const cincinnati = at("", "1 W 4th St", "CINCINNATI", "OH", "45202");
/** Where an online merchant's card charges say they come from. */
const online = (city: string, state: string): readonly Location[] => [at("", "", city, state, "")];

interface VendorInit {
  name: string;
  printed?: string;
  merchant?: string;
  ach?: readonly [company: string, entry: string];
  channel?: Channel;
  code: string;
  /** Dollars, for readability; stored as minor units. */
  amount: readonly [number, number];
  /** Other ways the same charge can be booked: [code, weight, min dollars, max dollars]. */
  alternatives?: readonly (readonly [string, number, number, number])[];
  weight?: number;
  receipt?: ReceiptStyle;
  items?: readonly string[];
  locations?: readonly Location[];
  repeatable?: boolean;
}

const toMinor = (dollars: number): number => Math.round(dollars * 100);

function vendor(init: VendorInit): Vendor {
  const codes: CodeChoice[] = [
    { code: init.code, weight: init.weight ?? 1, minMinor: toMinor(init.amount[0]), maxMinor: toMinor(init.amount[1]) },
    ...(init.alternatives ?? []).map(([code, weight, min, max]) => ({
      code,
      weight,
      minMinor: toMinor(min),
      maxMinor: toMinor(max),
    })),
  ];
  const merchant = init.merchant ?? init.name.toUpperCase();
  return {
    name: init.name,
    printed: init.printed ?? init.name,
    merchant,
    achCompany: init.ach?.[0] ?? merchant,
    achEntry: init.ach?.[1] ?? "PAYMENT",
    channel: init.channel ?? (init.ach ? "ach_debit" : "card"),
    codes,
    receipt: init.receipt ?? null,
    items: init.items ?? [],
    locations: init.locations ?? [cincinnati],
    repeatable: init.repeatable ?? false,
  };
}

/** A weighted entry in a company's spending or income mix. */
export interface Stream {
  vendor: Vendor;
  weight: number;
  /** Which bank account it hits: the profile maps these to real accounts. */
  via: "checking" | "card" | "savings";
  /** Relative volume by calendar month (1-12), for seasonal vendors. */
  season?: (month: number) => number;
}

// ---------------------------------------------------------------------------
// Vendors every business has.

export const common = {
  amazon: vendor({
    name: "Amazon",
    printed: "Amazon.com",
    merchant: "AMAZON MKTPL*{ref}",
    code: "6600",
    amount: [12, 180],
    alternatives: [["1500", 0.25, 250, 1400]],
    receipt: "invoice",
    items: ["Printer paper, 10 reams", "Label maker tape", "USB-C hub", "Desk organizer", "Monitor arm", "Shipping boxes 25ct"],
    repeatable: true,
  }),
  costco: vendor({
    name: "Costco",
    printed: "COSTCO WHOLESALE",
    merchant: "COSTCO WHSE #{store}",
    code: "6600",
    amount: [40, 320],
    receipt: "retail",
    items: ["KS Paper Towels", "KS Copy Paper", "Trash Bags 200ct", "Cleaning Wipes 3pk", "Coffee Filters", "AA Batteries 48ct"],
    locations: [
      at("1081", "9691 Waterstone Blvd", "CINCINNATI", "OH", "45249"),
      at("0375", "1100 E Kemper Rd", "SPRINGDALE", "OH", "45246"),
    ],
  }),
  staples: vendor({
    name: "Staples",
    printed: "STAPLES",
    merchant: "STAPLES {store}",
    code: "6600",
    amount: [15, 160],
    receipt: "retail",
    items: ["Copy Paper Case", "Ink Cartridge 2pk", "Sticky Notes 12pk", "File Folders 100ct", "Envelopes #10", "Binder Clips"],
    locations: [at("00451", "3400 Highland Ave", "CINCINNATI", "OH", "45213"), at("01239", "9339 Montgomery Rd", "MONTGOMERY", "OH", "45242")],
    repeatable: true,
  }),
  homeDepot: vendor({
    name: "The Home Depot",
    printed: "THE HOME DEPOT",
    merchant: "THE HOME DEPOT #{store}",
    code: "6600",
    amount: [18, 260],
    receipt: "retail",
    items: ["Extension Cord 25ft", "LED Bulbs 4pk", "Wood Screws", "Paint Roller Kit", "Shop Towels", "Caulk"],
    locations: [at("3803", "5939 Harrison Ave", "CINCINNATI", "OH", "45248"), at("3841", "3207 Madison Rd", "CINCINNATI", "OH", "45209")],
  }),
  usps: vendor({
    name: "USPS",
    printed: "UNITED STATES POSTAL SERVICE",
    merchant: "USPS PO {store}",
    code: "6600",
    amount: [8, 75],
    receipt: "retail",
    items: ["Priority Mail Flat Rate", "First-Class Stamps 100ct", "Certified Mail"],
    locations: [at("3846720202", "525 Vine St", "CINCINNATI", "OH", "45202")],
    repeatable: true,
  }),
  panera: vendor({
    name: "Panera Bread",
    printed: "Panera Bread #{store}",
    merchant: "PANERA BREAD #{store}",
    code: "6900",
    amount: [14, 95],
    receipt: "retail",
    items: ["Turkey Avocado BLT", "Broccoli Cheddar Soup", "Greek Salad", "Iced Green Tea", "Cinnamon Crunch Bagel"],
    locations: [at("601347", "2692 Madison Rd", "CINCINNATI", "OH", "45208")],
  }),
  skyline: vendor({
    name: "Skyline Chili",
    printed: "Skyline Chili Clifton",
    merchant: "TST* SKYLINE CHILI CLIFTO",
    code: "6900",
    amount: [16, 120],
    receipt: "restaurant",
    items: ["3-Way", "4-Way Bean", "Cheese Coney x2", "Chili Cheese Fries", "Fountain Drink"],
  }),
  graeters: vendor({
    name: "Graeter's",
    printed: "Graeter's Ice Cream",
    merchant: "GRAETERS {store}",
    code: "6900",
    amount: [9, 60],
    receipt: "restaurant",
    items: ["Black Raspberry Chip Pint", "Double Scoop Cup", "Sundae"],
    locations: [at("0012", "511 Walnut St", "CINCINNATI", "OH", "45202")],
  }),
  uber: vendor({
    name: "Uber", printed: "Uber Technologies, Inc.",
    merchant: "UBER   *TRIP HELP.UBER.COM",
    code: "6910",
    amount: [11, 64],
    receipt: "invoice",
    items: ["Trip fare", "Booking fee"],
    repeatable: true,
    locations: online("SAN FRANCISCO", "CA"),
  }),
  southwest: vendor({
    name: "Southwest Airlines", printed: "Southwest Airlines Co.",
    merchant: "SOUTHWES {ref}",
    code: "6910",
    amount: [140, 620],
    receipt: "invoice",
    items: ["Airfare CVG-MDW round trip", "EarlyBird Check-In"],
    locations: online("DALLAS", "TX"),
  }),
  shell: vendor({
    name: "Shell",
    printed: "SHELL",
    merchant: "SHELL OIL {store}",
    code: "6910",
    amount: [28, 85],
    receipt: "fuel",
    locations: [at("57444255", "2901 Central Pkwy", "CINCINNATI", "OH", "45225")],
  }),
  googleWorkspace: vendor({
    name: "Google Workspace", printed: "Google LLC",
    merchant: "GOOGLE *GSUITE_{ref}",
    code: "6300",
    amount: [14.4, 14.4],
    receipt: "invoice",
    items: ["Google Workspace Business Starter"],
    locations: online("MOUNTAIN VIEW", "CA"),
  }),
  microsoft: vendor({
    name: "Microsoft 365", printed: "Microsoft Corporation",
    merchant: "MSFT * E0400{ref}",
    code: "6300",
    amount: [22, 22],
    receipt: "invoice",
    items: ["Microsoft 365 Business Standard"],
    locations: online("REDMOND", "WA"),
  }),
  quickbooks: vendor({
    name: "QuickBooks Online", printed: "Intuit Inc.",
    merchant: "INTUIT *QBooks Online",
    code: "6300",
    amount: [90, 90],
    receipt: "invoice",
    items: ["QuickBooks Online Plus"],
    locations: online("MOUNTAIN VIEW", "CA"),
  }),
  dukeEnergy: vendor({ name: "Duke Energy", printed: "Duke Energy Ohio, Inc.", ach: ["DUKE ENERGY OH KY", "UTILITY PMT"], code: "6200", amount: [180, 640], receipt: "invoice", items: ["Electric service"] }),
  gcww: vendor({ name: "Greater Cincinnati Water Works", printed: "Greater Cincinnati Water Works (City of Cincinnati)", ach: ["GCWW", "WATER BILL"], code: "6200", amount: [60, 190], receipt: "invoice", items: ["Water & sewer"] }),
  altafiber: vendor({ name: "altafiber", printed: "Cincinnati Bell Telephone Co. d/b/a altafiber", ach: ["ALTAFIBER", "AUTOPAY"], code: "6200", amount: [89.99, 89.99], receipt: "invoice", items: ["Fioptics business internet"] }),
  verizon: vendor({ name: "Verizon Wireless", printed: "Cellco Partnership d/b/a Verizon Wireless", ach: ["VERIZON WIRELESS", "PAYMENTS"], code: "6200", amount: [96, 184], receipt: "invoice", items: ["Wireless service"] }),
  hartford: vendor({ name: "The Hartford", printed: "Hartford Fire Insurance Company", ach: ["THE HARTFORD", "INS PREM"], code: "6400", amount: [210, 210], receipt: "invoice", items: ["Business owner's policy"] }),
  huntingtonLoan: vendor({ name: "Huntington Bank", ach: ["HUNTINGTON NATL", "LOAN PMT"], code: "2500", amount: [1150, 1150] }),
  irs: vendor({ name: "IRS", ach: ["IRS", "USATAXPYMT"], code: "3100", amount: [2200, 5400] }),
  ohioTax: vendor({ name: "Ohio Department of Taxation", ach: ["OHIO DEPT TAX", "CAT TAX"], code: "6960", amount: [150, 650] }),
  cpa: vendor({ name: "Kessler & Moore CPAs", printed: "Kessler & Moore, CPAs, Inc.", ach: ["KESSLER MOORE CPA", "INVOICE"], code: "6800", amount: [350, 1800], receipt: "invoice", items: ["Tax return preparation", "Quarterly review"] }),
  lawFirm: vendor({ name: "Baxter Law LLC", printed: "Baxter Law, LLC", merchant: "BAXTER LAW LLC", code: "6800", amount: [250, 1500], receipt: "invoice", items: ["Legal services"] }),
  facebookAds: vendor({ name: "Meta Ads", printed: "Meta Platforms, Inc.", merchant: "FACEBK *{ref}", code: "6700", amount: [25, 400], receipt: "invoice", items: ["Ad campaign"], locations: online("MENLO PARK", "CA") }),
  googleAds: vendor({ name: "Google Ads", printed: "Google LLC", merchant: "GOOGLE *ADS{ref}", code: "6700", amount: [50, 500], receipt: "invoice", items: ["Search campaign"], locations: online("MOUNTAIN VIEW", "CA") }),
  ownerDraw: vendor({ name: "Owner draw", ach: ["ONLINE TRANSFER", "OWNER DRAW"], channel: "transfer_out", code: "3100", amount: [1500, 4000] }),
  ownerContribution: vendor({ name: "Owner contribution", ach: ["MOBILE DEPOSIT", "OWNER CAPITAL"], channel: "deposit", code: "3000", amount: [2000, 10000] }),
  monthlyFee: vendor({ name: "Bank service fee", ach: ["SERVICE FEE", "MONTHLY MAINTENANCE"], channel: "fee", code: "6500", amount: [15, 30] }),
  cardAnnualFee: vendor({ name: "Card annual fee", ach: ["ANNUAL FEE", "ANNUAL MEMBERSHIP FEE"], channel: "fee", code: "6500", amount: [295, 295] }),
  interest: vendor({ name: "Interest", ach: ["INTEREST", "INTEREST PAYMENT"], channel: "interest", code: "4900", amount: [2, 45] }),
} as const;

export const gusto = {
  netPay: vendor({ name: "Gusto", ach: ["GUSTO", "NET {ref}"], code: "6000", amount: [4800, 7600] }),
  taxes: vendor({ name: "Gusto", ach: ["GUSTO", "TAX {ref}"], code: "6010", amount: [900, 1700] }),
};

export const adp = {
  netPay: vendor({ name: "ADP", ach: ["ADP WAGE PAY", "WAGE PAY"], code: "6000", amount: [7800, 11200] }),
  taxes: vendor({ name: "ADP", ach: ["ADP Tax", "ADP Tax"], code: "6010", amount: [1500, 2600] }),
};

// ---------------------------------------------------------------------------
// Hamilton Coffee Co.: a café with a point of sale.

export const cafe = {
  squareSettlement: vendor({ name: "Square", ach: ["SQUARE INC", "SQ{yymmdd}"], channel: "ach_credit", code: "4000", amount: [2400, 5600], alternatives: [["4010", 0.08, 300, 900]] }),
  squareFees: vendor({ name: "Square", ach: ["SQUARE INC", "SQ FEES"], code: "6500", amount: [180, 420] }),
  roaster: vendor({
    name: "Blue Oak Coffee Roasters",
    merchant: "SQ *BLUE OAK COFFEE RO",
    code: "5000",
    amount: [600, 2200],
    receipt: "retail",
    items: ["Colombia Huila 5lb", "Ethiopia Yirgacheffe 5lb", "House Espresso 5lb", "Decaf Swiss Water 5lb"],
    locations: [at("", "1423 Vine St", "CINCINNATI", "OH", "45202")],
  }),
  teaSupplier: vendor({ name: "Rishi Tea", printed: "Rishi Tea & Botanicals, Inc.", merchant: "RISHI TEA & BOTANICALS", code: "5000", amount: [120, 420], receipt: "invoice", items: ["Earl Grey 1lb", "Matcha 250g", "Chai Concentrate case"], locations: online("MILWAUKEE", "WI") }),
  dairy: vendor({ name: "Snowville Creamery", printed: "Snowville Creamery LLC", ach: ["SNOWVILLE CREAM", "INVOICE"], code: "5010", amount: [400, 1400], receipt: "invoice", items: ["Whole milk 12gal", "Half & half 4gal", "Oat milk cases"] }),
  bakery: vendor({
    name: "Shadeau Breads",
    merchant: "SQ *SHADEAU BREADS",
    code: "5010",
    amount: [250, 900],
    receipt: "retail",
    items: ["Croissants dozen", "Sourdough loaves", "Scones dozen", "Muffins dozen"],
  }),
  webstaurant: vendor({ name: "WebstaurantStore", printed: "Clark Associates, Inc. (WebstaurantStore)", merchant: "WEBSTAURANTSTORE.COM", code: "5020", amount: [85, 520], receipt: "invoice", items: ["12oz hot cups 1000ct", "Lids 1000ct", "Sleeves 1200ct", "Straws 5000ct"], locations: online("LITITZ", "PA") }),
  restaurantDepot: vendor({
    name: "Restaurant Depot",
    merchant: "RESTAURANT DEPOT #{store}",
    code: "5020",
    amount: [70, 460],
    alternatives: [["5010", 0.6, 80, 380]],
    receipt: "retail",
    items: ["Cups 16oz case", "Napkins case", "Sugar packets", "Whole milk 4gal", "Cream cheese 3lb"],
    locations: [at("0442", "4011 Red Bank Rd", "CINCINNATI", "OH", "45227")],
  }),
  kroger: vendor({
    name: "Kroger",
    printed: "KROGER",
    merchant: "KROGER #{store}",
    code: "5010",
    amount: [25, 180],
    alternatives: [["6600", 0.4, 12, 90]],
    receipt: "retail",
    items: ["Whole milk gal", "Bananas", "Lemons", "Paper towels", "Dish soap", "Ice 20lb"],
    locations: [at("417", "1745 Madison Rd", "CINCINNATI", "OH", "45206"), at("359", "3496 Montgomery Rd", "CINCINNATI", "OH", "45207")],
    repeatable: true,
  }),
  espressoRepair: vendor({ name: "Cincy Espresso Service", printed: "Cincinnati Espresso Service Co.", ach: ["CINCY ESPRESSO SVC", "INVOICE"], code: "6250", amount: [140, 900], receipt: "invoice", items: ["Group head rebuild", "Grinder burr replacement", "Service call"] }),
  squareForRestaurants: vendor({ name: "Square", merchant: "SQ *SQUARE FOR RESTAURA", code: "6300", amount: [69, 69], receipt: "invoice", items: ["Square for Restaurants Plus"] }),
  spotify: vendor({ name: "Soundtrack Your Brand", printed: "Soundtrack Your Brand Sweden AB", merchant: "SOUNDTRACK YOUR BRAND", code: "6300", amount: [35, 35], receipt: "invoice", items: ["Business music subscription"], locations: online("NEW YORK", "NY") }),
  salesTax: vendor({ name: "Ohio Department of Taxation", ach: ["OHIO DEPT TAX", "SALES TAX"], code: "2300", amount: [900, 2300] }),
  rent: vendor({ name: "Findlay Market Properties", printed: "Findlay Market Properties, LLC", ach: ["FINDLAY MKT PROP", "RENT"], code: "6100", amount: [4200, 4200], receipt: "invoice", items: ["Monthly rent, 1819 Elm St", "CAM charges"] }),
  customerRefund: vendor({ name: "Square", ach: ["SQUARE INC", "REFUND"], code: "4090", amount: [8, 60] }),
};

// ---------------------------------------------------------------------------
// Cincy Web Builders LLC: a web agency.

export const agency = {
  clientPayment: vendor({ name: "Client payment", ach: ["{client}", "PAYMENT"], channel: "ach_credit", code: "4000", amount: [3000, 20000], alternatives: [["4010", 0.45, 1500, 8000]] }),
  stripePayout: vendor({ name: "Stripe", ach: ["STRIPE", "TRANSFER"], channel: "ach_credit", code: "4020", amount: [400, 3800] }),
  aws: vendor({ name: "Amazon Web Services", printed: "Amazon Web Services, Inc.", merchant: "AMAZON WEB SERVICES", code: "5010", amount: [180, 1400], receipt: "invoice", items: ["EC2 instances", "RDS", "S3 storage", "CloudFront"], locations: online("SEATTLE", "WA") }),
  digitalOcean: vendor({ name: "DigitalOcean", printed: "DigitalOcean, LLC", merchant: "DIGITALOCEAN.COM", code: "5010", amount: [48, 420], receipt: "invoice", items: ["Droplets", "Managed database", "Spaces"], locations: online("NEW YORK", "NY") }),
  vercel: vendor({ name: "Vercel", printed: "Vercel, Inc.", merchant: "VERCEL INC.", code: "5010", amount: [20, 150], receipt: "invoice", items: ["Pro team seats", "Bandwidth overage"], locations: online("SAN FRANCISCO", "CA") }),
  github: vendor({ name: "GitHub", printed: "GitHub, Inc", merchant: "GITHUB, INC.", code: "6300", amount: [84, 84], receipt: "invoice", items: ["GitHub Team 21 seats"], locations: online("SAN FRANCISCO", "CA") }),
  figma: vendor({ name: "Figma", printed: "Figma, Inc.", merchant: "FIGMA MONTHLY RENEWAL", code: "6300", amount: [75, 75], receipt: "invoice", items: ["Figma Professional 5 editors"], locations: online("SAN FRANCISCO", "CA") }),
  adobe: vendor({ name: "Adobe", merchant: "ADOBE  *CREATIVE CLOUD", code: "6300", amount: [89.99, 89.99], receipt: "invoice", items: ["Creative Cloud All Apps"], locations: online("SAN JOSE", "CA") }),
  slack: vendor({ name: "Slack", printed: "Slack Technologies, LLC", merchant: "SLACK T0{ref}", code: "6300", amount: [43.75, 43.75], receipt: "invoice", items: ["Slack Pro"], locations: online("SAN FRANCISCO", "CA") }),
  envato: vendor({ name: "Envato", printed: "Envato Pty Ltd", merchant: "PAYPAL *ENVATO", code: "6310", amount: [16, 120], receipt: "invoice", items: ["ThemeForest license", "Stock photo", "WordPress plugin license"], repeatable: true , locations: online("SAN JOSE", "CA") }),
  contractor: vendor({ name: "Upwork", printed: "Upwork Global Inc.", merchant: "UPWORK -{ref}", code: "5000", amount: [400, 3200], receipt: "invoice", items: ["Frontend development, fixed price", "QA testing hours", "Illustration work"], locations: online("SANTA CLARA", "CA") }),
  freelancer: vendor({ name: "Jada Devs Studio", printed: "Jada Devs Studio LLC", merchant: "PAYPAL *JADADEVSTUD", code: "5000", amount: [600, 2800], receipt: "invoice", items: ["WordPress theme build", "Accessibility audit"] }),
  conference: vendor({ name: "Cincy Tech Week", printed: "Eventbrite, Inc.", merchant: "EB *CINCY TECH WEEK", code: "6820", amount: [79, 499], receipt: "invoice", items: ["Conference pass"] }),
  coworking: vendor({ name: "Cintrifuse", printed: "Cintrifuse, LLC", ach: ["CINTRIFUSE", "MEMBERSHIP"], code: "6100", amount: [2600, 2600], receipt: "invoice", items: ["Team membership, 6 desks"] }),
  wpEngine: vendor({ name: "WP Engine", printed: "WP Engine, Inc.", merchant: "WPENGINE INC", code: "5010", amount: [290, 290], receipt: "invoice", items: ["WP Engine Growth plan"], locations: online("AUSTIN", "TX") }),
};

// ---------------------------------------------------------------------------
// Liberty Childcare Center.

export const childcare = {
  tuition: vendor({ name: "Brightwheel", ach: ["BRIGHTWHEEL", "PAYOUT"], channel: "ach_credit", code: "4000", amount: [1800, 5200] }),
  subsidy: vendor({ name: "Ohio Department of Job and Family Services", ach: ["OHIO DEPT JFS", "PUBLIC CC"], channel: "ach_credit", code: "4020", amount: [6200, 9800] }),
  foodProgram: vendor({ name: "Ohio Department of Education", ach: ["ODE CACFP", "REIMB"], channel: "ach_credit", code: "4030", amount: [1400, 2600] }),
  registration: vendor({ name: "Brightwheel", ach: ["BRIGHTWHEEL", "REG FEES"], channel: "ach_credit", code: "4010", amount: [300, 1500] }),
  sysco: vendor({ name: "Sysco", printed: "Sysco Cincinnati, LLC", ach: ["SYSCO CINCINNATI", "PAYMENT"], code: "5000", amount: [380, 1600], receipt: "invoice", items: ["Produce", "Dairy", "Frozen entrees", "Paper goods"] }),
  gfs: vendor({
    name: "Gordon Food Service",
    printed: "GORDON FOOD SERVICE STORE",
    merchant: "GORDON FOOD SERVICE #{store}",
    code: "5000",
    amount: [90, 520],
    receipt: "retail",
    items: ["Chicken nuggets case", "Apple slices", "Whole grain bread", "2% milk 4gal", "Applesauce cups"],
    locations: [at("0109", "7800 Beechmont Ave", "CINCINNATI", "OH", "45255")],
  }),
  lakeshore: vendor({ name: "Lakeshore Learning", printed: "Lakeshore Learning Materials, LLC", merchant: "LAKESHORE LEARNING MATER", code: "5010", amount: [45, 480], receipt: "invoice", items: ["Magnetic tiles set", "Washable paint 6pk", "Sensory table", "Picture books bundle"], locations: online("CARSON", "CA") }),
  kaplan: vendor({ name: "Kaplan Early Learning", printed: "Kaplan Early Learning Company", merchant: "KAPLAN EARLY LEARNING CO", code: "5010", amount: [60, 650], receipt: "invoice", items: ["Cots 6pk", "Cubbies", "Art easel"], locations: online("LEWISVILLE", "NC") }),
  walmart: vendor({
    name: "Walmart",
    printed: "Walmart Supercenter",
    merchant: "WAL-MART #{store}",
    code: "5010",
    amount: [20, 210],
    alternatives: [["5000", 0.6, 30, 220], ["6600", 0.3, 15, 90]],
    receipt: "retail",
    items: ["Crayons 24ct", "Wipes 3pk", "Goldfish crackers", "Juice boxes", "Construction paper", "Hand soap"],
    locations: [at("2253", "10240 Colerain Ave", "CINCINNATI", "OH", "45251")],
    repeatable: true,
  }),
  licensing: vendor({ name: "Ohio Department of Job and Family Services", merchant: "ODJFS CC LICENSING", code: "6960", amount: [150, 350] }),
  backgroundChecks: vendor({ name: "WebCheck Ohio", printed: "Ohio BCI WebCheck Fingerprint Services", merchant: "SQ *WEBCHECK OHIO BCI", code: "6820", amount: [44, 132], receipt: "invoice", items: ["BCI & FBI fingerprint check"] }),
  training: vendor({ name: "Ohio Professional Registry", printed: "Ohio Child Care Resource & Referral Association", merchant: "OPR TRAINING", code: "6820", amount: [25, 180], receipt: "invoice", items: ["CPR & First Aid", "Child abuse prevention course"] }),
  procare: vendor({ name: "Procare", printed: "Procare Software, LLC", merchant: "PROCARE SOFTWARE", code: "6300", amount: [79, 79], receipt: "invoice", items: ["Procare Online"], locations: online("DENVER", "CO") }),
  repairs: vendor({ name: "Queen City Handyman", printed: "Queen City Handyman Services", ach: ["QUEEN CITY HANDY", "INVOICE"], code: "6250", amount: [120, 950], receipt: "invoice", items: ["Playground repair", "Door closer replacement", "HVAC filter service"] }),
  rent: vendor({ name: "Liberty Township Plaza", printed: "Liberty Township Plaza Partners LLC", ach: ["LIBERTY TWP PLAZA", "LEASE"], code: "6100", amount: [6800, 6800], receipt: "invoice", items: ["Monthly lease, Suite B", "CAM charges"] }),
  tuitionRefund: vendor({ name: "Brightwheel", ach: ["BRIGHTWHEEL", "REFUND"], code: "4000", amount: [150, 900] }),
};

// ---------------------------------------------------------------------------
// Contreras Real Estate Group.

export const realEstate = {
  commission: vendor({ name: "Title First Agency", ach: ["TITLE FIRST AGCY", "COMM DISB"], channel: "ach_credit", code: "4000", amount: [3000, 15000] }),
  escrowRelease: vendor({ name: "Northwest Title", ach: ["NORTHWEST TITLE", "ESCROW REL"], channel: "ach_credit", code: "4000", amount: [2500, 14000] }),
  referral: vendor({ name: "Referral fee", ach: ["HOMESERVICES RELO", "REFERRAL"], channel: "ach_credit", code: "4010", amount: [600, 3500] }),
  management: vendor({ name: "AppFolio", ach: ["APPFOLIO", "OWNER DIST"], channel: "ach_credit", code: "4020", amount: [900, 2400] }),
  earnestIn: vendor({ name: "Earnest money deposit", ach: ["REMOTE DEPOSIT", "EARNEST MONEY"], channel: "deposit", code: "2400", amount: [1000, 5000] }),
  earnestOut: vendor({ name: "Northwest Title", ach: ["NORTHWEST TITLE", "EM WIRE"], channel: "ach_debit", code: "2400", amount: [1000, 5000] }),
  agentSplit: vendor({ name: "Agent commission split", ach: ["ONLINE PAYMENT", "AGENT SPLIT"], code: "5000", amount: [1200, 8000] }),
  mls: vendor({ name: "Cincinnati Area Board of Realtors", printed: "Cincinnati Area Board of REALTORS®", merchant: "CABR MLS DUES", code: "6710", amount: [145, 145], receipt: "invoice", items: ["MLS quarterly dues"] }),
  nar: vendor({ name: "National Association of Realtors", printed: "National Association of REALTORS®", merchant: "NAR DUES", code: "6710", amount: [201, 201], receipt: "invoice", items: ["Annual dues"] }),
  staging: vendor({ name: "Peña Home Staging", printed: "Peña Home Staging LLC", merchant: "SQ *PENA HOME STAGING", code: "6720", amount: [450, 2400], receipt: "invoice", items: ["Staging consultation", "Furniture rental, 30 days", "De-staging"] }),
  photography: vendor({ name: "Lens & Listing", printed: "Lens & Listing Photography", merchant: "SQ *LENS AND LISTING", code: "6720", amount: [180, 450], receipt: "invoice", items: ["Listing photos 25", "Drone package", "3D tour"] }),
  signs: vendor({ name: "Oakley Sign Co", printed: "Oakley Sign Company", merchant: "OAKLEY SIGN CO", code: "6730", amount: [45, 380], receipt: "retail", items: ["Yard sign 18x24", "Rider 6x24", "Open house arrows"] }),
  sentrilock: vendor({ name: "SentriLock", printed: "SentriLock, LLC", merchant: "SENTRILOCK LLC", code: "6730", amount: [18.5, 18.5], receipt: "invoice", items: ["Lockbox lease"], locations: online("CINCINNATI", "OH") }),
  speedway: vendor({
    name: "Speedway",
    printed: "SPEEDWAY",
    merchant: "SPEEDWAY {store}",
    code: "6920",
    amount: [30, 78],
    receipt: "fuel",
    locations: [at("09251", "4201 Kellogg Ave", "CINCINNATI", "OH", "45226"), at("07413", "7600 Tylers Corner Dr", "WEST CHESTER", "OH", "45069")],
    repeatable: true,
  }),
  carWash: vendor({ name: "Mister Car Wash", merchant: "MISTER CAR WASH #{store}", code: "6920", amount: [15, 35], receipt: "retail", items: ["Platinum wash"], locations: [at("417", "7345 Beechmont Ave", "CINCINNATI", "OH", "45230")] }),
  zillow: vendor({ name: "Zillow", printed: "Zillow, Inc.", merchant: "ZILLOW PREMIER AGENT", code: "6700", amount: [250, 900], receipt: "invoice", items: ["Premier Agent zip code share"], locations: online("SEATTLE", "WA") }),
  canva: vendor({ name: "Canva", printed: "Canva Pty Ltd", merchant: "CANVA* {ref}", code: "6300", amount: [14.99, 14.99], receipt: "invoice", items: ["Canva Pro"], locations: online("SAN FRANCISCO", "CA") }),
  dotloop: vendor({ name: "dotloop", printed: "dotloop, LLC", merchant: "DOTLOOP", code: "6300", amount: [31.99, 31.99], receipt: "invoice", items: ["dotloop Premium"], locations: online("CINCINNATI", "OH") }),
  vistaprint: vendor({ name: "Vistaprint", printed: "Vistaprint (Cimpress USA Inc.)", merchant: "VISTAPR*VistaPrint.com", code: "6700", amount: [40, 260], receipt: "invoice", items: ["Postcards 500", "Business cards 250", "Door hangers"], locations: online("WALTHAM", "MA") }),
  lunch: vendor({
    name: "LaRosa's Pizzeria",
    printed: "LaRosa's Pizzeria",
    merchant: "TST* LAROSAS PIZZERIA",
    code: "6900",
    amount: [18, 110],
    receipt: "restaurant",
    items: ["Large Pepperoni", "Buddy Roll", "Italian Salad", "Fountain Drink x2"],
  }),
  officeRent: vendor({ name: "Hyde Park Square Offices", printed: "Hyde Park Square Offices LLC", ach: ["HYDE PARK SQ OFC", "RENT"], code: "6100", amount: [2150, 2150], receipt: "invoice", items: ["Office rent, Suite 210"] }),
};

// ---------------------------------------------------------------------------
// Midwest Accounting Advisors.

export const accounting = {
  retainer: vendor({ name: "Client retainer", ach: ["{client}", "RETAINER"], channel: "ach_credit", code: "4010", amount: [1500, 6500] }),
  taxPrep: vendor({ name: "CPACharge", ach: ["CPACHARGE", "DEPOSIT"], channel: "ach_credit", code: "4000", amount: [2500, 16000] }),
  advisory: vendor({ name: "Client payment", ach: ["{client}", "ADVISORY"], channel: "ach_credit", code: "4020", amount: [2500, 9000] }),
  proconnect: vendor({ name: "Intuit ProConnect", printed: "Intuit Inc.", merchant: "INTUIT *PROCONNECT TAX", code: "6310", amount: [120, 980], receipt: "invoice", items: ["ProConnect 1040 e-file bundle", "1120S returns bundle"], locations: online("MOUNTAIN VIEW", "CA") }),
  drake: vendor({ name: "Drake Software", printed: "Drake Enterprises, Ltd.", merchant: "DRAKE SOFTWARE", code: "6310", amount: [1795, 1795], receipt: "invoice", items: ["Drake Tax Unlimited"], locations: online("FRANKLIN", "NC") }),
  karbon: vendor({ name: "Karbon", printed: "Karbon, Inc.", merchant: "KARBON HQ", code: "6310", amount: [177, 177], receipt: "invoice", items: ["Karbon Team, 3 seats"], locations: online("SAN FRANCISCO", "CA") }),
  smartVault: vendor({ name: "SmartVault", printed: "SmartVault Corporation", merchant: "SMARTVAULT CORP", code: "6310", amount: [60, 60], receipt: "invoice", items: ["SmartVault Accountant"], locations: online("HOUSTON", "TX") }),
  adobeAcrobat: vendor({ name: "Adobe", merchant: "ADOBE  *ACROBAT PRO", code: "6300", amount: [29.99, 29.99], receipt: "invoice", items: ["Acrobat Pro"] }),
  becker: vendor({ name: "Becker Professional Education", printed: "Becker Professional Education Corp.", merchant: "BECKER PROF EDUCATION", code: "6820", amount: [99, 650], receipt: "invoice", items: ["CPE unlimited subscription", "Ethics for Ohio CPAs"], locations: online("CHICAGO", "IL") }),
  surgent: vendor({ name: "Surgent CPE", printed: "Surgent McCoy CPE, LLC", merchant: "SURGENT CPE", code: "6820", amount: [69, 399], receipt: "invoice", items: ["Annual Federal Tax Update", "S Corporation Taxation"], locations: online("RADNOR", "PA") }),
  oscpa: vendor({ name: "Ohio Society of CPAs", printed: "The Ohio Society of CPAs", merchant: "OHIO SOCIETY OF CPAS", code: "6720", amount: [95, 545], receipt: "invoice", items: ["Membership dues", "Conference registration"] }),
  boardOfAccountancy: vendor({ name: "Accountancy Board of Ohio", merchant: "OH ACCOUNTANCY BOARD", code: "6720", amount: [165, 165], receipt: "invoice", items: ["CPA permit renewal"] }),
  camico: vendor({ name: "CAMICO", printed: "CAMICO Mutual Insurance Company", ach: ["CAMICO MUTUAL", "INS PREM"], code: "6410", amount: [310, 310], receipt: "invoice", items: ["Accountants professional liability"] }),
  officeRent: vendor({ name: "Carew Tower Suites", printed: "Carew Tower Suites LLC", ach: ["CAREW TOWER", "RENT"], code: "6100", amount: [3100, 3100], receipt: "invoice", items: ["Office rent, Suite 1410"] }),
  lunch: vendor({
    name: "Arnold's Bar and Grill",
    printed: "Arnold's Bar & Grill",
    merchant: "TST* ARNOLDS BAR AND GR",
    code: "6900",
    amount: [22, 140],
    receipt: "restaurant",
    items: ["Bourbon Burger", "Greek Spaghetti", "Fried Green Tomatoes", "Iced Tea x2"],
  }),
  parking: vendor({ name: "ParkMobile", printed: "ParkMobile, LLC", merchant: "PARKMOBILE", code: "6910", amount: [3, 24], receipt: "invoice", items: ["Parking session"], repeatable: true , locations: online("ATLANTA", "GA") }),
};

/** Client names used as ACH originators for client payments. */
export const clientNames = [
  "ACME MFG CO",
  "QUEEN CITY DENTAL",
  "OVER-THE-RHINE BREWING",
  "MASON ORTHOPEDICS",
  "BLUE ASH LOGISTICS",
  "NORTHSIDE YOGA",
  "KENWOOD AUTO GROUP",
  "RIVERFRONT EVENTS",
  "TRI-STATE HVAC",
  "CLIFTON BOOKS",
  "PRICE HILL PLUMBING",
  "FOUNTAIN SQ DELI",
] as const;

/** The same vendor, booked differently by a company in another trade. */
export function recode(base: Vendor, codes: readonly (readonly [string, number, number, number])[]): Vendor {
  return {
    ...base,
    codes: codes.map(([code, weight, min, max]) => ({ code, weight, minMinor: toMinor(min), maxMinor: toMinor(max) })),
  };
}
