/** The transactions table and the suggestions kept beside it. */
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Evidence } from "../../shared/vocabulary.ts";
import type { BatchStatement, Orm } from "../database.ts";
import { selectInChunks } from "../chunk.ts";
import { batchRows, insertFromJson, jsonField, sharedColumn } from "../insert-select.ts";
import { inJsonArray, placeholder, prepared, preparedByShape } from "../prepared.ts";
import { accounts, bankAccounts, transactionSuggestions, transactions } from "../schema.ts";

export type TransactionRow = typeof transactions.$inferSelect;
export type SuggestionRow = typeof transactionSuggestions.$inferSelect;

/** What a decision rests on, as a tier stated it; stored as JSON. */
export type StoredEvidence = Evidence;

export const evidenceJson = (evidence: StoredEvidence | null): string | null => (evidence === null ? null : JSON.stringify(evidence));

/** Who chose a transaction's account, and why: what the row keeps beside the entry that posts it. */
export interface DecisionToStore {
  status: TransactionRow["status"];
  accountId: string;
  source: NonNullable<TransactionRow["categorySource"]>;
  confidence: number;
  reason: string;
  evidence: StoredEvidence | null;
  transferTransactionId: string | null;
}

export type NewTransaction = Pick<TransactionRow, "id" | "line" | "postedOn" | "amountMinor" | "description" | "vendor" | "fingerprint" | "entryNumber"> & {
  decision: DecisionToStore;
};

/** The transactions of one import, all sharing its company, account, import, currency and time. */
export function insertTransactions(
  orm: Orm,
  shared: Pick<TransactionRow, "companyId" | "bankAccountId" | "importId" | "currency" | "createdAt">,
  rows: readonly NewTransaction[],
): BatchStatement[] {
  const batches = batchRows(
    rows,
    (r) => [r.id, r.line, r.postedOn, r.amountMinor, r.description, r.vendor, r.fingerprint, r.entryNumber],
    (r) => r.decision,
    (d) => [d.status, d.accountId, d.source, d.confidence, evidenceJson(d.evidence), d.reason, d.transferTransactionId],
  );
  return batches.map((batch) => {
    const decision = (column: number) => sharedColumn(batch, 8, column);
    return insertFromJson(
      orm,
      transactions,
      {
        id: jsonField(0),
        companyId: sql`${shared.companyId}`,
        bankAccountId: sql`${shared.bankAccountId}`,
        importId: sql`${shared.importId}`,
        line: jsonField(1),
        postedOn: jsonField(2),
        amountMinor: jsonField(3),
        currency: sql`${shared.currency}`,
        description: jsonField(4),
        vendor: jsonField(5),
        fingerprint: jsonField(6),
        status: decision(0),
        createdAt: sql`${shared.createdAt}`,
        entryNumber: jsonField(7),
        categoryAccountId: decision(1),
        categorySource: decision(2),
        categoryConfidence: decision(3),
        categoryEvidence: decision(4),
        categoryReason: decision(5),
        transferTransactionId: decision(6),
      },
      batch.json,
    );
  });
}

/** A suggestion a tier made for a transaction, whether or not it decided it. */
export interface NewSuggestion {
  transactionId: string;
  suggestion: Pick<SuggestionRow, "source" | "accountId" | "confidence" | "reason"> & { evidence: StoredEvidence | null };
}

export function insertSuggestions(orm: Orm, companyId: string, createdAt: string, rows: readonly NewSuggestion[]): BatchStatement[] {
  const batches = batchRows(
    rows,
    (r) => [r.transactionId],
    (r) => r.suggestion,
    (s) => [s.source, s.accountId, s.confidence, s.reason, evidenceJson(s.evidence)],
  );
  return batches.map((batch) => {
    const suggestion = (column: number) => sharedColumn(batch, 1, column);
    return insertFromJson(
      orm,
      transactionSuggestions,
      {
        companyId: sql`${companyId}`,
        transactionId: jsonField(0),
        source: suggestion(0),
        accountId: suggestion(1),
        confidence: suggestion(2),
        reason: suggestion(3),
        evidence: suggestion(4),
        createdAt: sql`${createdAt}`,
      },
      batch.json,
    );
  });
}

export type SuggestionWithAccount = SuggestionRow & { accountCode: string; accountName: string };

const suggestionsQuery = prepared((orm) =>
  orm
    .select({ ...getTableColumns(transactionSuggestions), accountCode: accounts.code, accountName: accounts.name })
    .from(transactionSuggestions)
    .innerJoin(accounts, and(eq(accounts.companyId, transactionSuggestions.companyId), eq(accounts.id, transactionSuggestions.accountId)))
    .where(and(eq(transactionSuggestions.companyId, placeholder("companyId")), inJsonArray(transactionSuggestions.transactionId, "transactionIds")))
    .orderBy(asc(transactionSuggestions.transactionId), asc(transactionSuggestions.createdAt))
    .prepare(),
);

/** Every suggestion made for these transactions, with its account; the ids are bound as one JSON array. */
export const suggestionsOf = (orm: Orm, companyId: string, transactionIds: readonly string[]): Promise<SuggestionWithAccount[]> =>
  suggestionsQuery(orm).all({ companyId, transactionIds: JSON.stringify(transactionIds) });

/** Points a transaction at the entry that posts it now; the entries themselves never change. */
export const setTransactionDecision = (orm: Orm, companyId: string, transactionId: string, decision: DecisionToStore, entryNumber: number | null): BatchStatement =>
  orm
    .update(transactions)
    .set({
      status: decision.status,
      entryNumber,
      categoryAccountId: decision.accountId,
      categorySource: decision.source,
      categoryConfidence: decision.confidence,
      categoryEvidence: evidenceJson(decision.evidence),
      categoryReason: decision.reason,
      transferTransactionId: decision.transferTransactionId,
    })
    .where(and(eq(transactions.companyId, companyId), eq(transactions.id, transactionId)));

/** Fingerprints already stored for the account within a date range: what an overlapping file repeats. */
export async function fingerprintsBetween(orm: Orm, companyId: string, bankAccountId: string, from: string, to: string): Promise<Set<string>> {
  const rows = await orm
    .select({ fingerprint: transactions.fingerprint })
    .from(transactions)
    .where(
      and(
        eq(transactions.companyId, companyId),
        eq(transactions.bankAccountId, bankAccountId),
        gte(transactions.postedOn, from),
        lte(transactions.postedOn, to),
      ),
    );
  return new Set(rows.map((row) => row.fingerprint));
}

/** The columns that say what a bank transaction is (not where it was posted): for the selects that read only that. */
export const transactionBasics = {
  id: transactions.id,
  bankAccountId: transactions.bankAccountId,
  postedOn: transactions.postedOn,
  amountMinor: transactions.amountMinor,
  description: transactions.description,
  vendor: transactions.vendor,
};

/**
 * Transactions on the company's other accounts, in the same currency, that a
 * new one may be the other side of: those nobody placed for certain, left for
 * review or only guessed by a model (a rule's or a person's decision, or an
 * earlier pairing, is not overridden by a coincidence of amounts); and those
 * anyone already placed on the importing account itself, which this row must
 * pair with, or the money would arrive twice.
 */
export function transferCandidates(orm: Orm, companyId: string, bankAccount: { id: string; currency: string; ledgerAccountId: string }, from: string, to: string) {
  return orm
    .select({
      ...transactionBasics,
      entryNumber: transactions.entryNumber,
      categoryAccountId: transactions.categoryAccountId,
      categorySource: transactions.categorySource,
      categoryEvidence: transactions.categoryEvidence,
      ledgerAccountId: bankAccounts.ledgerAccountId,
      bankAccountName: bankAccounts.name,
      // A card's side of a transfer is a payment to it: money in.
      card: sql<boolean>`${bankAccounts.kind} = 'credit_card'`.mapWith(Boolean),
    })
    .from(transactions)
    .innerJoin(bankAccounts, and(eq(bankAccounts.companyId, transactions.companyId), eq(bankAccounts.id, transactions.bankAccountId)))
    .where(
      and(
        eq(transactions.companyId, companyId),
        gte(transactions.postedOn, from),
        lte(transactions.postedOn, to),
        sql`${transactions.bankAccountId} <> ${bankAccount.id}`,
        eq(bankAccounts.currency, bankAccount.currency),
        sql`${transactions.amountMinor} <> 0`,
        isNull(transactions.transferTransactionId),
        or(inArray(transactions.categorySource, ["none", "learned", "llm"]), eq(transactions.categoryAccountId, bankAccount.ledgerAccountId)),
      ),
    )
    .orderBy(asc(transactions.postedOn), asc(transactions.id));
}

export interface TransactionFilter {
  companyId: string;
  id?: string | undefined;
  bankAccountId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: TransactionRow["status"] | undefined;
  /** Keyset: rows after this (postedOn, id), in that order. */
  after?: { postedOn: string; id: string } | undefined;
  limit: number;
}

export type TransactionWithCategory = TransactionRow & { categoryAccountCode: string | null; categoryAccountName: string | null };

const transactionsQuery = preparedByShape((orm, shape: { [Filter in keyof Omit<TransactionFilter, "companyId" | "limit">]-?: boolean }) =>
  orm
    .select({ ...getTableColumns(transactions), categoryAccountCode: accounts.code, categoryAccountName: accounts.name })
    .from(transactions)
    .leftJoin(accounts, and(eq(accounts.companyId, transactions.companyId), eq(accounts.id, transactions.categoryAccountId)))
    .where(
      and(
        eq(transactions.companyId, placeholder("companyId")),
        shape.id ? eq(transactions.id, placeholder("id")) : undefined,
        shape.bankAccountId ? eq(transactions.bankAccountId, placeholder("bankAccountId")) : undefined,
        shape.from ? gte(transactions.postedOn, placeholder("from")) : undefined,
        shape.to ? lte(transactions.postedOn, placeholder("to")) : undefined,
        shape.status ? eq(transactions.status, placeholder("status")) : undefined,
        shape.after
          ? or(lt(transactions.postedOn, placeholder("afterPostedOn")), and(eq(transactions.postedOn, placeholder("afterPostedOn")), lt(transactions.id, placeholder("afterId"))))
          : undefined,
      ),
    )
    // Newest first: what a bookkeeper looks at, and what the cursor walks.
    .orderBy(desc(transactions.postedOn), desc(transactions.id))
    .limit(placeholder("limit"))
    .prepare(),
);

export function listTransactions(orm: Orm, filter: TransactionFilter): Promise<TransactionWithCategory[]> {
  const shape = {
    id: filter.id !== undefined,
    bankAccountId: filter.bankAccountId !== undefined,
    from: filter.from !== undefined,
    to: filter.to !== undefined,
    status: filter.status !== undefined,
    after: filter.after !== undefined,
  };
  return transactionsQuery(orm, shape).all({ ...filter, afterPostedOn: filter.after?.postedOn, afterId: filter.after?.id });
}

export async function findTransaction(orm: Orm, companyId: string, transactionId: string): Promise<TransactionRow | undefined> {
  const rows = await orm
    .select()
    .from(transactions)
    .where(and(eq(transactions.companyId, companyId), eq(transactions.id, transactionId)))
    .limit(1);
  return rows[0];
}

/** What the learned tier learns from a transaction: its words, vendor and amount, and who put it where. */
export type LabelledRow = Pick<TransactionRow, "id" | "bankAccountId" | "description" | "vendor" | "amountMinor" | "categoryAccountId" | "categorySource">;

/** A company's transactions in id order, a page at a time after `afterId`: to rebuild the learned tier's counts. */
export const labelledTransactions = (orm: Orm, companyId: string, afterId: string, limit: number): Promise<LabelledRow[]> =>
  orm
    .select({
      id: transactions.id,
      bankAccountId: transactions.bankAccountId,
      description: transactions.description,
      vendor: transactions.vendor,
      amountMinor: transactions.amountMinor,
      categoryAccountId: transactions.categoryAccountId,
      categorySource: transactions.categorySource,
    })
    .from(transactions)
    .where(and(eq(transactions.companyId, companyId), sql`${transactions.id} > ${afterId}`))
    .orderBy(asc(transactions.id))
    .limit(limit);

/** The transactions with these ids (those of this company; others are simply not there). */
export const findTransactions = (orm: Orm, companyId: string, transactionIds: readonly string[]): Promise<TransactionRow[]> =>
  selectInChunks(transactionIds, (chunk) =>
    orm
      .select()
      .from(transactions)
      .where(and(eq(transactions.companyId, companyId), inArray(transactions.id, chunk))),
  );

/**
 * The accounts of each vendor's most recent placed transactions (by a tier
 * or a person, not pairing or suspense), newest first, at most `perVendor`
 * each: what "the last five times" rules of thumb read.
 */
export async function recentCategories(orm: Orm, companyId: string, vendors: readonly string[], perVendor: number): Promise<Map<string, string[]>> {
  const rows = await selectInChunks(vendors, (chunk) =>
    orm.all<{ vendor: string; accountId: string }>(sql`
      select vendor, account_id as accountId from (
        select ${transactions.vendor} as vendor, ${transactions.categoryAccountId} as account_id,
               row_number() over (partition by ${transactions.vendor} order by ${transactions.postedOn} desc, ${transactions.id} desc) as n
        from ${transactions}
        where ${transactions.companyId} = ${companyId} and ${inArray(transactions.vendor, chunk)}
          and ${inArray(transactions.categorySource, ["rule", "learned", "llm", "manual"])}
      ) where n <= ${perVendor} order by vendor, n`),
  );
  const byVendor = new Map<string, string[]>();
  for (const row of rows) byVendor.set(row.vendor, [...(byVendor.get(row.vendor) ?? []), row.accountId]);
  return byVendor;
}
