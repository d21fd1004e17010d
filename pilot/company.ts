/**
 * What the pilot books, whether it was generated in memory or read from a
 * folder the seed wrote: a company's bank accounts with their monthly files,
 * and the truth those files were made from. Plain data, no I/O, so that the
 * same run works on Node and inside workerd.
 */
import { isoDate } from "../seed/calendar.ts";
import type { GeneratedCompany } from "../seed/generate.ts";
import type { BankAccountKind } from "../src/ledger/chart-of-accounts.ts";

export interface PilotStatement {
  /** "YYYY-MM": files are uploaded month by month, in this order. */
  month: string;
  filename: string;
  bytes: Uint8Array;
}

export interface PilotBankAccount {
  slug: string;
  name: string;
  kind: BankAccountKind;
  statements: PilotStatement[];
}

/** One transaction as the truth records it. */
export interface TruthTransaction {
  bankAccount: string;
  postedOn: string;
  amountMinor: number;
  description: string;
  /** The account a bookkeeper would post it to. */
  accountCode: string;
  /** Both sides of a transfer between the company's own accounts share it. */
  transferPairId: string | null;
}

export interface PilotCompany {
  slug: string;
  name: string;
  industry: string;
  bankAccounts: PilotBankAccount[];
  truth: TruthTransaction[];
  /** Rows that repeat an earlier file's (the overlaps between months), which a correct import skips. */
  overlapRows: number;
}

export function pilotCompanyFromGenerated(company: GeneratedCompany): PilotCompany {
  return {
    slug: company.slug,
    name: company.name,
    industry: company.industry,
    bankAccounts: company.accounts.map((account) => ({
      slug: account.slug,
      name: account.name,
      kind: account.kind,
      statements: company.statements
        .filter((statement) => statement.account === account.slug)
        .map((statement) => ({ month: statement.month, filename: `${account.slug}-${statement.month}.csv`, bytes: statement.bytes })),
    })),
    truth: company.transactions.map((t) => ({
      bankAccount: t.account,
      postedOn: isoDate(t.day),
      amountMinor: t.amountMinor,
      description: t.description,
      accountCode: t.accountCode,
      transferPairId: t.transferPairId,
    })),
    overlapRows: company.statements.reduce((sum, statement) => sum + statement.overlapRows, 0),
  };
}

/**
 * The order a bookkeeper uploads in: every account's January, then every
 * account's February. Transfers then find their other side within a month,
 * as they would in a real close.
 */
export function uploadOrder(company: PilotCompany): { bankAccount: PilotBankAccount; statement: PilotStatement }[] {
  const uploads = company.bankAccounts.flatMap((bankAccount) => bankAccount.statements.map((statement) => ({ bankAccount, statement })));
  // A stable sort keeps the accounts' own order within a month.
  return uploads.sort((a, b) => (a.statement.month < b.statement.month ? -1 : a.statement.month > b.statement.month ? 1 : 0));
}
