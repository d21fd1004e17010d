/**
 * The single source of truth for tables. drizzle-kit generates migrations/
 * from this file; nothing else in src/ outside src/db/ imports it.
 *
 * Every tenant table carries company_id, and references between tenant rows
 * include it, so the database itself refuses a row that points into another
 * company's books.
 */
import { sql } from "drizzle-orm";
import { check, customType, foreignKey, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import {
  accountSubtypes,
  accountTypes,
  bankAccountKinds,
  decisionSources,
  documentMediaTypes,
  documentStatuses,
  entryKinds,
  importStatuses,
  industries,
  labelKinds,
  llmOutcomes,
  llmStatuses,
  matchSources,
  rowProblemKinds,
  ruleOrigins,
  tierSources,
  transactionStatuses,
} from "../shared/vocabulary.ts";

const sqlList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(", "));

export const companies = sqliteTable(
  "companies",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    industry: text("industry", { enum: industries }).notNull(),
    currency: text("currency").notNull(),
    createdAt: text("created_at").notNull(),
    /** A tier's decision at or above this confidence is posted; below it, it is kept as a suggestion for review. */
    confidenceThreshold: real("confidence_threshold").notNull().default(0.8),
  },
  (table) => [
    check("companies_industry_known", sql`${table.industry} in (${sqlList(industries)})`),
    check("companies_currency_iso", sql`length(${table.currency}) = 3 and ${table.currency} = upper(${table.currency})`),
  ],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id")
      .notNull()
      .references(() => companies.id),
    /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, so a person can tell keys apart. */
    prefix: text("prefix").notNull(),
    label: text("label"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (table) => [
    uniqueIndex("api_keys_key_hash_unique").on(table.keyHash),
    index("api_keys_company_idx").on(table.companyId),
  ],
);

export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id")
      .notNull()
      .references(() => companies.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: accountTypes }).notNull(),
    subtype: text("subtype", { enum: accountSubtypes }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("accounts_company_code_unique").on(table.companyId, table.code),
    // The target of composite foreign keys that keep references inside one company.
    uniqueIndex("accounts_company_id_unique").on(table.companyId, table.id),
    check("accounts_type_known", sql`${table.type} in (${sqlList(accountTypes)})`),
    check("accounts_subtype_known", sql`${table.subtype} in (${sqlList(accountSubtypes)})`),
  ],
);

export const bankAccounts = sqliteTable(
  "bank_accounts",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id")
      .notNull()
      .references(() => companies.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: bankAccountKinds }).notNull(),
    currency: text("currency").notNull(),
    ledgerAccountId: text("ledger_account_id").notNull(),
    /** The importer's pinned CSV settings, as JSON; null means detect everything. */
    csvSettings: text("csv_settings"),
    createdAt: text("created_at").notNull(),
    /** The card's (or account's) last four digits, as receipts print them; null when not known. */
    last4: text("last4"),
  },
  (table) => [
    uniqueIndex("bank_accounts_company_name_unique").on(table.companyId, table.name),
    // The target of composite foreign keys from imports and transactions.
    uniqueIndex("bank_accounts_company_id_unique").on(table.companyId, table.id),
    uniqueIndex("bank_accounts_ledger_account_unique").on(table.ledgerAccountId),
    foreignKey({
      name: "bank_accounts_ledger_account_same_company",
      columns: [table.companyId, table.ledgerAccountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    check("bank_accounts_kind_known", sql`${table.kind} in (${sqlList(bankAccountKinds)})`),
  ],
);

/**
 * One file taken in: kept so the same bytes again answer with this report,
 * and so every row can say where it came from. Files that could not be read
 * at all are answered with 422 and not kept: fixing the bank account's
 * settings and sending them again must work.
 */
export const imports = sqliteTable(
  "imports",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    bankAccountId: text("bank_account_id").notNull(),
    filename: text("filename"),
    /** SHA-256 of the file's bytes, hex. */
    contentHash: text("content_hash").notNull(),
    idempotencyKey: text("idempotency_key"),
    status: text("status", { enum: importStatuses }).notNull(),
    /** The detected (or pinned) dialect, as JSON. */
    dialect: text("dialect").notNull(),
    rowsTotal: integer("rows_total").notNull(),
    rowsInserted: integer("rows_inserted").notNull(),
    rowsDuplicate: integer("rows_duplicate").notNull(),
    rowsRejected: integer("rows_rejected").notNull(),
    rowsSkipped: integer("rows_skipped").notNull(),
    createdAt: text("created_at").notNull(),
    /** Null when nothing of this import went to the LLM tier (see llmStatuses). */
    llmStatus: text("llm_status", { enum: llmStatuses }),
    /** Distinct vendors the LLM tier answered for (asked now, or remembered). */
    llmVendors: integer("llm_vendors").notNull().default(0),
    /** Transactions it posted, and those it only suggested for. */
    llmDecided: integer("llm_decided").notNull().default(0),
    llmSuggested: integer("llm_suggested").notNull().default(0),
  },
  (table) => [
    uniqueIndex("imports_company_id_unique").on(table.companyId, table.id),
    uniqueIndex("imports_same_bytes_unique").on(table.companyId, table.bankAccountId, table.contentHash),
    uniqueIndex("imports_idempotency_key_unique").on(table.companyId, table.idempotencyKey),
    index("imports_bank_account_idx").on(table.companyId, table.bankAccountId, table.createdAt),
    foreignKey({
      name: "imports_bank_account_same_company",
      columns: [table.companyId, table.bankAccountId],
      foreignColumns: [bankAccounts.companyId, bankAccounts.id],
    }),
    check("imports_counts_add_up", sql`${table.rowsTotal} = ${table.rowsInserted} + ${table.rowsDuplicate} + ${table.rowsRejected} + ${table.rowsSkipped}`),
  ],
);

export const transactions = sqliteTable(
  "transactions",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    bankAccountId: text("bank_account_id").notNull(),
    importId: text("import_id").notNull(),
    /** The line of the file it came from. */
    line: integer("line").notNull(),
    postedOn: text("posted_on").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    vendor: text("vendor").notNull(),
    /** See src/ingest/fingerprint.ts: 128 bits of SHA-256, in hex. */
    fingerprint: text("fingerprint").notNull(),
    status: text("status", { enum: transactionStatuses }).notNull(),
    createdAt: text("created_at").notNull(),
    /**
     * The current decision, denormalized from the journal for listing: the
     * entry that posts the transaction now, and who chose its account. The
     * history is the journal itself (entries and their reversals).
     */
    entryNumber: integer("entry_number"),
    categoryAccountId: text("category_account_id"),
    categorySource: text("category_source", { enum: decisionSources }),
    categoryConfidence: real("category_confidence"),
    /** What the decider rests on, as JSON: a rule id, a model and its version, a provider (see src/categorize/pipeline.ts). */
    categoryEvidence: text("category_evidence"),
    categoryReason: text("category_reason"),
    /** The other side, when the transaction is one half of a transfer between the company's own accounts. */
    transferTransactionId: text("transfer_transaction_id"),
  },
  (table) => [
    // A bank account belongs to one company (the foreign key below), so its id alone scopes the fingerprint.
    uniqueIndex("transactions_account_fingerprint_unique").on(table.bankAccountId, table.fingerprint),
    // The target of composite foreign keys that keep a suggestion inside its transaction's company.
    uniqueIndex("transactions_company_id_unique").on(table.companyId, table.id),
    index("transactions_company_posted_idx").on(table.companyId, table.postedOn, table.id),
    // The review queue's size and its oldest item, for the metrics, without reading the rest of the books.
    index("transactions_company_status_idx").on(table.companyId, table.status, table.createdAt),
    // Posting reads an import's new transactions back by their entry numbers, and an entry finds its transaction.
    index("transactions_company_entry_idx").on(table.companyId, table.entryNumber),
    foreignKey({
      name: "transactions_bank_account_same_company",
      columns: [table.companyId, table.bankAccountId],
      foreignColumns: [bankAccounts.companyId, bankAccounts.id],
    }),
    foreignKey({
      name: "transactions_import_same_company",
      columns: [table.companyId, table.importId],
      foreignColumns: [imports.companyId, imports.id],
    }),
    check("transactions_amount_integer", sql`typeof(${table.amountMinor}) = 'integer'`),
    check("transactions_posted_on_iso", sql`${table.postedOn} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

/**
 * What each categorization tier said about a transaction, whether or not it
 * was sure enough to post: the reviewer's one-call answer, and what the
 * learned tier and the metrics read back. Written with the transaction, never
 * changed after.
 */
export const transactionSuggestions = sqliteTable(
  "transaction_suggestions",
  {
    // No id of its own: a suggestion is found by its transaction, and a random key per row would cost as much as the row.
    companyId: text("company_id").notNull(),
    transactionId: text("transaction_id").notNull(),
    source: text("source", { enum: tierSources }).notNull(),
    accountId: text("account_id").notNull(),
    confidence: real("confidence").notNull(),
    reason: text("reason").notNull(),
    /** JSON, as on transactions.category_evidence. */
    evidence: text("evidence"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    // The best suggestion of a page of transactions: by transaction, most confident first.
    index("transaction_suggestions_transaction_idx").on(table.companyId, table.transactionId, table.confidence),
    foreignKey({
      name: "transaction_suggestions_transaction_same_company",
      columns: [table.companyId, table.transactionId],
      foreignColumns: [transactions.companyId, transactions.id],
    }),
    foreignKey({
      name: "transaction_suggestions_account_same_company",
      columns: [table.companyId, table.accountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    check("transaction_suggestions_source_known", sql`${table.source} in (${sqlList(tierSources)})`),
    check("transaction_suggestions_confidence_unit", sql`${table.confidence} >= 0 and ${table.confidence} <= 1`),
  ],
);

/** The rows of a file that did not become transactions, each with its line, reason and raw text. */
export const importRowProblems = sqliteTable(
  "import_row_problems",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    importId: text("import_id").notNull(),
    kind: text("kind", { enum: rowProblemKinds }).notNull(),
    line: integer("line").notNull(),
    reason: text("reason").notNull(),
    raw: text("raw").notNull(),
  },
  (table) => [
    index("import_row_problems_import_idx").on(table.companyId, table.importId, table.line),
    foreignKey({
      name: "import_row_problems_import_same_company",
      columns: [table.companyId, table.importId],
      foreignColumns: [imports.companyId, imports.id],
    }),
    check("import_row_problems_kind_known", sql`${table.kind} in (${sqlList(rowProblemKinds)})`),
  ],
);

/**
 * A company's categorization rules, tried in position order; the first whose
 * conditions all hold decides. Conditions are JSON (see src/categorize/rules.ts);
 * the bank account a rule is limited to is also a column, so the database
 * refuses one from another company.
 */
export const rules = sqliteTable(
  "rules",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    conditions: text("conditions").notNull(),
    bankAccountId: text("bank_account_id"),
    accountId: text("account_id").notNull(),
    renameVendor: text("rename_vendor"),
    /** "pack": seeded from the industry's defaults; "person": written (or since changed) by someone at the company. */
    origin: text("origin", { enum: ruleOrigins }).notNull().default("person"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (table) => [
    index("rules_company_position_idx").on(table.companyId, table.position, table.createdAt),
    foreignKey({
      name: "rules_account_same_company",
      columns: [table.companyId, table.accountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    foreignKey({
      name: "rules_bank_account_same_company",
      columns: [table.companyId, table.bankAccountId],
      foreignColumns: [bankAccounts.companyId, bankAccounts.id],
    }),
  ],
);

/**
 * A person's decision about a transaction: a correction, or a suggestion
 * accepted. Who (the API key, or the operator) and when, and what it had
 * been: the learned tier's ground truth and the training dataset's labels.
 * Written with the entries that carry it out, never changed after.
 */
export const labels = sqliteTable(
  "labels",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    transactionId: text("transaction_id").notNull(),
    kind: text("kind", { enum: labelKinds }).notNull(),
    accountId: text("account_id").notNull(),
    previousAccountId: text("previous_account_id"),
    previousSource: text("previous_source", { enum: decisionSources }),
    /** The API key's id, or "admin" for the operator's token. */
    actor: text("actor").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    index("labels_transaction_idx").on(table.companyId, table.transactionId, table.createdAt),
    index("labels_company_created_idx").on(table.companyId, table.createdAt),
    foreignKey({
      name: "labels_transaction_same_company",
      columns: [table.companyId, table.transactionId],
      foreignColumns: [transactions.companyId, transactions.id],
    }),
    foreignKey({
      name: "labels_account_same_company",
      columns: [table.companyId, table.accountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    check("labels_kind_known", sql`${table.kind} in (${sqlList(labelKinds)})`),
  ],
);

/**
 * What the learned tier knows of a company: its labelled transactions,
 * counted per feature (a vendor, a vendor and amount band, a word; see
 * src/categorize/features.ts) and account. Derived from the transactions and
 * kept current in the same batches that import and correct them; rebuilt from
 * them whenever the model's version changes.
 */
export const learnedCounts = sqliteTable(
  "learned_counts",
  {
    companyId: text("company_id").notNull(),
    feature: text("feature").notNull(),
    accountId: text("account_id").notNull(),
    /** Labels a tier set and nobody corrected. */
    auto: real("auto").notNull(),
    /** Labels a person set. */
    person: real("person").notNull(),
  },
  (table) => [primaryKey({ name: "learned_counts_pk", columns: [table.companyId, table.feature, table.accountId] })],
);

/** Per calibration bin of the learned tier, how many of its suggestions were resolved and how many of those were right. */
export const learnedCalibration = sqliteTable(
  "learned_calibration",
  {
    companyId: text("company_id").notNull(),
    bin: text("bin").notNull(),
    suggested: integer("suggested").notNull(),
    right: integer("right").notNull(),
  },
  (table) => [primaryKey({ name: "learned_calibration_pk", columns: [table.companyId, table.bin] })],
);

/** Which model version a company's counts were built for; another version rebuilds them. */
export const learnedModels = sqliteTable("learned_models", {
  companyId: text("company_id").primaryKey(),
  version: text("version").notNull(),
  builtAt: text("built_at").notNull(),
});

/**
 * The LLM tier's answers, remembered per company and vendor (in the direction
 * of the money), for the provider, model and prompt that gave them: a vendor
 * is asked about once.
 */
export const llmAnswers = sqliteTable(
  "llm_answers",
  {
    companyId: text("company_id").notNull(),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    /** The vendor's key and its band of amounts (key|band): a vendor is asked about per band, as the learned tier counts. */
    vendorKey: text("vendor_key").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version").notNull(),
    accountId: text("account_id").notNull(),
    confidence: real("confidence").notNull(),
    reason: text("reason").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ name: "llm_answers_pk", columns: [table.companyId, table.direction, table.vendorKey, table.provider, table.model, table.promptVersion] }),
    foreignKey({
      name: "llm_answers_account_same_company",
      columns: [table.companyId, table.accountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    check("llm_answers_confidence_unit", sql`${table.confidence} >= 0 and ${table.confidence} <= 1`),
  ],
);

/** Every request to an LLM provider: what it cost (tokens, time) and how it ended. The budgets count these. */
export const llmCalls = sqliteTable(
  "llm_calls",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    importId: text("import_id"),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version").notNull(),
    /** Vendors asked about in this request. */
    items: integer("items").notNull(),
    outcome: text("outcome", { enum: llmOutcomes }).notNull(),
    /** Requests sent, retries included: what the budget counts. */
    attempts: integer("attempts").notNull(),
    promptTokens: integer("prompt_tokens").notNull(),
    completionTokens: integer("completion_tokens").notNull(),
    latencyMs: integer("latency_ms").notNull(),
    startedAt: text("started_at").notNull(),
  },
  (table) => [
    index("llm_calls_company_started_idx").on(table.companyId, table.startedAt),
    check("llm_calls_outcome_known", sql`${table.outcome} in (${sqlList(llmOutcomes)})`),
  ],
);

/** Raw bytes, as Uint8Array on both hosts (a Node Buffer is one too). */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "blob" });

/**
 * A receipt or other document a company sent: what it is, what was read
 * from it, and where it stands. Its bytes are in document_chunks.
 */
export const documents = sqliteTable(
  "documents",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id")
      .notNull()
      .references(() => companies.id),
    filename: text("filename"),
    mediaType: text("media_type", { enum: documentMediaTypes }).notNull(),
    /** SHA-256 of the bytes, hex: the same bytes again are the same document. */
    contentHash: text("content_hash").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    status: text("status", { enum: documentStatuses }).notNull(),
    /** Why nothing could be read, for an unreadable document. */
    unreadableReason: text("unreadable_reason"),
    /** The text read from it (OCR, the PDF's text layer), at most 20,000 characters. */
    text: text("text"),
    vendor: text("vendor"),
    documentDate: text("document_date"),
    totalMinor: integer("total_minor"),
    taxMinor: integer("tax_minor"),
    tipMinor: integer("tip_minor"),
    currency: text("currency"),
    cardLast4: text("card_last4"),
    /** Paid in cash: no bank charge will ever match it. */
    paidInCash: integer("paid_in_cash", { mode: "boolean" }).notNull(),
    /** The tip was left to write in by hand: the charge may exceed the printed total. */
    tipLeftOut: integer("tip_left_out", { mode: "boolean" }).notNull(),
    /** False once a person undid its match: the matcher leaves it to people from then on. */
    autoMatch: integer("auto_match", { mode: "boolean" }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("documents_company_id_unique").on(table.companyId, table.id),
    uniqueIndex("documents_same_bytes_unique").on(table.companyId, table.contentHash),
    index("documents_company_status_idx").on(table.companyId, table.status, table.createdAt),
    index("documents_company_date_idx").on(table.companyId, table.documentDate),
    check("documents_status_known", sql`${table.status} in (${sqlList(documentStatuses)})`),
  ],
);

/** A document's bytes, in chunks that fit one statement under D1's limits. */
export const documentChunks = sqliteTable(
  "document_chunks",
  {
    companyId: text("company_id").notNull(),
    documentId: text("document_id").notNull(),
    position: integer("position").notNull(),
    bytes: bytes("bytes").notNull(),
  },
  (table) => [
    primaryKey({ name: "document_chunks_pk", columns: [table.companyId, table.documentId, table.position] }),
    foreignKey({ name: "document_chunks_document_same_company", columns: [table.companyId, table.documentId], foreignColumns: [documents.companyId, documents.id] }),
  ],
);

/** One document matched to one transaction, and one transaction to one document: each side is unique. */
export const documentMatches = sqliteTable(
  "document_matches",
  {
    companyId: text("company_id").notNull(),
    documentId: text("document_id").notNull(),
    transactionId: text("transaction_id").notNull(),
    score: real("score").notNull(),
    /** JSON array of short reasons: "amount exact", "date +1 day", "vendor 0.82". */
    reasons: text("reasons").notNull(),
    source: text("source", { enum: matchSources }).notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ name: "document_matches_pk", columns: [table.companyId, table.documentId] }),
    uniqueIndex("document_matches_transaction_unique").on(table.companyId, table.transactionId),
    foreignKey({ name: "document_matches_document_same_company", columns: [table.companyId, table.documentId], foreignColumns: [documents.companyId, documents.id] }),
    foreignKey({ name: "document_matches_transaction_same_company", columns: [table.companyId, table.transactionId], foreignColumns: [transactions.companyId, transactions.id] }),
    check("document_matches_score_unit", sql`${table.score} >= 0 and ${table.score} <= 1`),
  ],
);

/** Plausible charges for a document not matched, best first: what a person chooses from. */
export const documentSuggestions = sqliteTable(
  "document_suggestions",
  {
    companyId: text("company_id").notNull(),
    documentId: text("document_id").notNull(),
    transactionId: text("transaction_id").notNull(),
    score: real("score").notNull(),
    reasons: text("reasons").notNull(),
  },
  (table) => [
    primaryKey({ name: "document_suggestions_pk", columns: [table.companyId, table.documentId, table.transactionId] }),
    foreignKey({ name: "document_suggestions_document_same_company", columns: [table.companyId, table.documentId], foreignColumns: [documents.companyId, documents.id] }),
    foreignKey({ name: "document_suggestions_transaction_same_company", columns: [table.companyId, table.transactionId], foreignColumns: [transactions.companyId, transactions.id] }),
  ],
);

/**
 * The journal: immutable entries, numbered per company in the order they were
 * written. Triggers in migrations/0003_books.sql refuse an entry whose lines
 * do not balance, lines added to an entry already written, and any UPDATE or
 * DELETE of either table. A correction is a reversal plus a new entry.
 */
export const journalEntries = sqliteTable(
  "journal_entries",
  {
    // No foreign key to companies: the entry's lines must exist and post to this company's accounts (their foreign key), which already proves it.
    companyId: text("company_id").notNull(),
    number: integer("number").notNull(),
    entryDate: text("entry_date").notNull(),
    description: text("description").notNull(),
    kind: text("kind", { enum: entryKinds }).notNull(),
    /** The transaction posted (for a transfer, the side money left). */
    transactionId: text("transaction_id"),
    /** For a transfer, the side money arrived on. */
    transferTransactionId: text("transfer_transaction_id"),
    reversesNumber: integer("reverses_number"),
    source: text("source", { enum: decisionSources }).notNull(),
    /** As on transactions.category_evidence: what the decision rests on, as JSON. */
    evidence: text("evidence"),
    confidence: real("confidence").notNull(),
    reason: text("reason").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ name: "journal_entries_pk", columns: [table.companyId, table.number] }),
    // An entry is reversed at most once, so two concurrent corrections cannot both undo it.
    uniqueIndex("journal_entries_reversed_once").on(table.companyId, table.reversesNumber).where(sql`${table.reversesNumber} is not null`),
    index("journal_entries_company_date_idx").on(table.companyId, table.entryDate, table.number),
    check("journal_entries_kind_known", sql`${table.kind} in (${sqlList(entryKinds)})`),
    check("journal_entries_source_known", sql`${table.source} in (${sqlList(decisionSources)})`),
    check("journal_entries_number_positive", sql`typeof(${table.number}) = 'integer' and ${table.number} > 0`),
    check("journal_entries_date_iso", sql`${table.entryDate} glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
  ],
);

/**
 * One line of an entry: debits positive, credits negative, in minor units.
 * The entry's date is repeated here (the balance trigger checks it matches)
 * so that reports aggregate lines without a join.
 */
export const journalLines = sqliteTable(
  "journal_lines",
  {
    companyId: text("company_id").notNull(),
    entryNumber: integer("entry_number").notNull(),
    lineNumber: integer("line_number").notNull(),
    accountId: text("account_id").notNull(),
    entryDate: text("entry_date").notNull(),
    amountMinor: integer("amount_minor").notNull(),
  },
  (table) => [
    primaryKey({ name: "journal_lines_pk", columns: [table.companyId, table.entryNumber, table.lineNumber] }),
    // Covers the trial balance and the general ledger: per account, by date, with the amount.
    index("journal_lines_account_date_idx").on(table.companyId, table.accountId, table.entryDate, table.amountMinor),
    foreignKey({
      name: "journal_lines_account_same_company",
      columns: [table.companyId, table.accountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    check("journal_lines_amount_nonzero_integer", sql`typeof(${table.amountMinor}) = 'integer' and ${table.amountMinor} <> 0`),
  ],
);

/**
 * Values the host makes once and keeps: the secret that keys the training
 * export's company pseudonyms (random, so that no one can test guesses of any
 * other secret against a pseudonym, and stable across downloads).
 */
export const hostSecrets = sqliteTable("host_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: text("created_at").notNull(),
});
