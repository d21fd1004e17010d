/**
 * The offline stand-in for a language model: deterministic, instant, and
 * honest about what it knows. It reads only the request, as a model would:
 * the words of each transaction and the names of the company's accounts.
 * It knows what common English words say about spending (a restaurant is a
 * meal, an airline is travel, a plumber is a repair) and it matches a
 * transaction's words against the chart's own account names; it knows no
 * vendor by name, and nothing of any generator or truth. Where no word says
 * anything, it does not guess. It answers through the same contract, cache,
 * budget and checks as a real provider, so the tier's plumbing is exercised
 * offline; its token counts are estimates (a token per four characters).
 */
import { toolName, type LlmChartAccount, type LlmDecision, type LlmItem, type LlmRequest } from "./contract.ts";
import type { LlmProvider } from "./provider.ts";

interface Concept {
  /** Words that, in a bank line, say what was bought. */
  cues: readonly string[];
  /** The account names that concept lands in, in the chart's own words. */
  accounts: RegExp;
  direction: "in" | "out";
}

const concepts: readonly Concept[] = [
  { cues: ["restaurant", "grill", "cafe", "diner", "pizza", "pizzeria", "bistro", "taqueria", "tavern", "pub", "brewery", "burger", "sushi", "deli", "eatery", "catering", "cantina", "noodle", "bbq", "steakhouse", "kitchen"], accounts: /\bmeals?\b|dining|entertainment/i, direction: "out" },
  { cues: ["airline", "airlines", "airways", "hotel", "hotels", "motel", "lodging", "resort", "taxi", "cab", "parking", "rail", "transit", "tolls", "toll"], accounts: /travel/i, direction: "out" },
  { cues: ["electric", "electricity", "energy", "power", "water", "sewer", "utility", "utilities", "internet", "broadband", "wireless", "telecom", "telephone", "cable", "fiber"], accounts: /utilit|telephone|internet/i, direction: "out" },
  { cues: ["insurance", "assurance", "underwriters", "insurer"], accounts: /insurance/i, direction: "out" },
  { cues: ["software", "saas", "cloud", "hosting", "subscription", "analytics"], accounts: /software|subscription|hosting/i, direction: "out" },
  { cues: ["advertising", "ads", "marketing", "promotions", "signage", "billboard"], accounts: /advertis|marketing/i, direction: "out" },
  { cues: ["law", "legal", "attorney", "attorneys", "lawyers", "cpa", "accountants", "consulting", "consultants", "bookkeeping"], accounts: /professional|legal/i, direction: "out" },
  { cues: ["fee", "fees", "overdraft"], accounts: /\bfees?\b/i, direction: "out" },
  { cues: ["office", "stationery", "postage", "postal", "shipping", "courier", "toner"], accounts: /office|postage/i, direction: "out" },
  { cues: ["repair", "repairs", "plumbing", "plumber", "hvac", "heating", "electrician", "maintenance", "janitorial", "cleaning", "pest", "hardware", "lumber", "locksmith", "roofing", "landscaping"], accounts: /repair|maintenance/i, direction: "out" },
  { cues: ["rent", "lease", "leasing", "landlord"], accounts: /\brent\b|lease/i, direction: "out" },
  { cues: ["payroll", "wages", "salary", "salaries"], accounts: /payroll|wage/i, direction: "out" },
  { cues: ["tax", "taxes", "irs", "treasury", "license", "licenses", "permit", "permits"], accounts: /tax|licen/i, direction: "out" },
  { cues: ["training", "seminar", "conference", "course", "courses", "academy"], accounts: /training|conference|education/i, direction: "out" },
  { cues: ["interest", "dividend"], accounts: /interest/i, direction: "in" },
];

/** Words of account names that say nothing of what an account holds. */
const genericNameWords = new Set(["cost", "costs", "goods", "sold", "expense", "expenses", "revenue", "income", "sales", "other", "payable", "receivable", "general", "accounts", "account", "services", "service"]);

const wordsOf = (text: string): string[] => text.toLowerCase().split(/[^a-z]+/).filter((word) => word.length >= 3);

/** Money out pays for an expense or an asset, or pays down what is owed; money in is revenue. */
const fitsDirection = (account: LlmChartAccount, direction: "in" | "out"): boolean =>
  direction === "out" ? account.type === "expense" || account.type === "asset" || account.type === "liability" : account.type === "revenue";

/** How many words of an account's name the transaction's words hold, a plural for its singular. */
const sharedWords = (account: LlmChartAccount, words: ReadonlySet<string>): number =>
  wordsOf(account.name).filter((word) => words.has(word) || words.has(word.replace(/e?s$/, ""))).length;

/** The one account of the right kind whose name shares a telling word with the transaction, if exactly one does. */
function byAccountName(words: ReadonlySet<string>, item: LlmItem, chart: readonly LlmChartAccount[]): LlmChartAccount | undefined {
  const named = chart.filter((account) => fitsDirection(account, item.direction) && wordsOf(account.name).some((word) => word.length >= 4 && !genericNameWords.has(word) && words.has(word)));
  return named.length === 1 ? named[0] : undefined;
}

/**
 * The account the transaction's words point to through what they mean, when
 * they point one way: of the accounts a concept lands in, the one whose name
 * shares most words with the transaction (sales tax is the sales tax owed,
 * not payroll taxes); none where that is a tie.
 */
function byMeaning(words: ReadonlySet<string>, item: LlmItem, chart: readonly LlmChartAccount[]): LlmChartAccount | undefined {
  const found = new Set<LlmChartAccount>();
  for (const concept of concepts) {
    if (concept.direction !== item.direction || !concept.cues.some((cue) => words.has(cue))) continue;
    const candidates = chart
      .filter((candidate) => fitsDirection(candidate, item.direction) && concept.accounts.test(candidate.name))
      .map((account) => ({ account, shared: sharedWords(account, words) }))
      .sort((a, b) => b.shared - a.shared);
    const [first, second] = candidates;
    if (first !== undefined && (second === undefined || first.shared > second.shared)) found.add(first.account);
  }
  return found.size === 1 ? [...found][0] : undefined;
}

export function mockDecision(item: LlmItem, chart: readonly LlmChartAccount[]): LlmDecision | undefined {
  // The vendor, as the books normalized it: the raw line also carries references and, in an ACH entry,
  // the company's own name, whose words (a childcare center's "childcare") say nothing of what was paid.
  const vendorWords = wordsOf(item.vendor);
  const words = new Set(vendorWords.length > 0 ? vendorWords : wordsOf(item.description));
  const named = byAccountName(words, item, chart);
  const meant = byMeaning(words, item, chart);
  if (named !== undefined && (meant === undefined || meant === named)) {
    return { ref: item.ref, accountCode: named.code, confidence: meant === named ? 0.9 : 0.85, reason: `its words name the account: ${named.name}` };
  }
  if (meant !== undefined && named === undefined) return { ref: item.ref, accountCode: meant.code, confidence: 0.82, reason: `its words say what was bought, which goes to ${meant.name}` };
  if (named !== undefined && meant !== undefined) return { ref: item.ref, accountCode: named.code, confidence: 0.5, reason: `its words point both to ${named.name} and to ${meant.name}` };
  return undefined;
}

const tokensOf = (text: string): number => Math.ceil(text.length / 4);

export function mockProvider(): LlmProvider {
  return {
    name: "mock",
    model: "mock-lexicon-1",
    ask(request: LlmRequest) {
      const decisions = request.items.flatMap((item) => mockDecision(item, request.chart) ?? []);
      const answer = JSON.stringify({ decisions });
      return Promise.resolve({ arguments: answer, usage: { promptTokens: tokensOf(JSON.stringify(request)) + 150, completionTokens: tokensOf(answer) + tokensOf(toolName) } });
    },
  };
}
