/** The training dataset's rows: settled transactions with their label's account, their bank account's kind, and the first correction of an automatic decision. */
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Orm } from "../database.ts";
import { accounts, bankAccounts, transactions } from "../schema.ts";

export interface TrainingCursor {
  postedOn: string;
  id: string;
}

/** A page of settled transactions, oldest first, after the cursor: one indexed range read, a correlated lookup of labels per row. */
export function trainingRows(orm: Orm, companyId: string, after: TrainingCursor | undefined, limit: number) {
  // The first time a person changed what a tier (or the pairing) had decided to another account than where it is now: what it had been.
  const correctedFrom = sql<string | null>`(
    select json_object('accountCode', pa.code, 'source', l.previous_source)
    from labels l join accounts pa on pa.company_id = l.company_id and pa.id = l.previous_account_id
    where l.company_id = ${transactions.companyId} and l.transaction_id = ${transactions.id}
      and l.previous_source in ('rule', 'learned', 'llm', 'transfer') and l.previous_account_id <> ${transactions.categoryAccountId}
    order by l.created_at limit 1)`;
  return orm
    .select({
      id: transactions.id,
      postedOn: transactions.postedOn,
      description: transactions.description,
      vendor: transactions.vendor,
      amountMinor: transactions.amountMinor,
      currency: transactions.currency,
      bankAccountKind: bankAccounts.kind,
      accountCode: accounts.code,
      accountName: accounts.name,
      accountType: accounts.type,
      source: sql<string>`${transactions.categorySource}`,
      evidence: transactions.categoryEvidence,
      correctedFrom,
    })
    .from(transactions)
    .innerJoin(accounts, and(eq(accounts.companyId, transactions.companyId), eq(accounts.id, transactions.categoryAccountId)))
    .innerJoin(bankAccounts, and(eq(bankAccounts.companyId, transactions.companyId), eq(bankAccounts.id, transactions.bankAccountId)))
    .where(
      and(
        eq(transactions.companyId, companyId),
        eq(transactions.status, "categorized"),
        after === undefined ? undefined : or(gt(transactions.postedOn, after.postedOn), and(eq(transactions.postedOn, after.postedOn), gt(transactions.id, after.id))),
      ),
    )
    .orderBy(asc(transactions.postedOn), asc(transactions.id))
    .limit(limit);
}
