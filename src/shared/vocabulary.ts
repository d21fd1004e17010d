/**
 * The closed sets of words the books are made of. Storage (CHECK constraints),
 * the domain and the API's schemas all read them from here, so none of those
 * layers has to import another to agree on a word.
 */

export const industries = ["retail", "services", "childcare", "real_estate", "professional"] as const;
export type Industry = (typeof industries)[number];

export const accountTypes = ["asset", "liability", "equity", "revenue", "expense"] as const;
export type AccountType = (typeof accountTypes)[number];

export const accountSubtypes = [
  "cash",
  "bank",
  "receivable",
  "inventory",
  "prepaid",
  "fixed_asset",
  "contra_asset",
  "payable",
  "credit_card",
  "payroll_liability",
  "tax_liability",
  "loan",
  "escrow",
  "owner_capital",
  "owner_draw",
  "retained_earnings",
  "operating_revenue",
  "contra_revenue",
  "other_income",
  "cost_of_goods",
  "operating_expense",
  "other_expense",
  "suspense",
] as const;
export type AccountSubtype = (typeof accountSubtypes)[number];

export const bankAccountKinds = ["checking", "savings", "credit_card"] as const;
export type BankAccountKind = (typeof bankAccountKinds)[number];

export const importStatuses = ["imported"] as const;

/** "review": no tier was sure, so it sits in the Uncategorized suspense account until a person decides. */
export const transactionStatuses = ["categorized", "review"] as const;
export type TransactionStatus = (typeof transactionStatuses)[number];

/** The categorization tiers, in the order the pipeline runs them by default. */
export const tierSources = ["rule", "learned", "llm"] as const;
export type TierSource = (typeof tierSources)[number];

/** What a decision rests on, as its decider states it: a rule id, a model and its version, a provider. Flat, stored as JSON. */
export type Evidence = Readonly<Record<string, string | number>>;

/** Evidence as stored (JSON text, or null for none). */
export const parseEvidence = (json: string | null): Evidence | null => (json === null ? null : (JSON.parse(json) as Evidence));

/** Who decided a transaction's account: a tier, the transfer matcher, a person, or nobody (suspense). */
export const decisionSources = [...tierSources, "transfer", "manual", "none"] as const;
export type DecisionSource = (typeof decisionSources)[number];

/** An entry posts a transaction, a transfer between two of the company's accounts, or reverses an earlier entry. */
export const entryKinds = ["transaction", "transfer", "reversal"] as const;
export type EntryKind = (typeof entryKinds)[number];

export const rowProblemKinds = ["rejected", "skipped"] as const;

/** Where a rule came from: the industry's default pack, or a person at the company. */
export const ruleOrigins = ["pack", "person"] as const;
export type RuleOrigin = (typeof ruleOrigins)[number];

/** What a person did to a transaction's category: chose another account, or took a tier's suggestion. */
export const labelKinds = ["correction", "accept"] as const;
export type LabelKind = (typeof labelKinds)[number];

/**
 * Where an import's transactions stand with the LLM tier, which answers after
 * the import does: pending (asking), done, budget_spent (what the budget
 * left over stays in review), failed (the provider could not answer; those
 * stay in review). Null on an import that sent nothing to it.
 */
export const llmStatuses = ["pending", "done", "budget_spent", "failed"] as const;
export type LlmStatus = (typeof llmStatuses)[number];

/** How one request to an LLM provider ended. */
export const llmOutcomes = ["ok", "timeout", "rate_limited", "server_error", "refused", "garbage"] as const;
export type LlmOutcome = (typeof llmOutcomes)[number];

/** What the documents endpoint takes: OCR text, a PDF, a photo. */
export const documentMediaTypes = ["text/plain", "application/pdf", "image/png", "image/jpeg"] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

/**
 * Where a document stands: matched to a transaction; suggested (plausible
 * charges, none sure enough); unmatched (no plausible charge yet, or paid in
 * cash); unreadable (nothing could be read from it, with a reason).
 */
export const documentStatuses = ["matched", "suggested", "unmatched", "unreadable"] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** Who matched a document: the matcher, or a person. */
export const matchSources = ["auto", "manual"] as const;
export type MatchSource = (typeof matchSources)[number];
