/**
 * What the pilot books, whether it was generated in memory or read from a
 * folder the seed wrote: a company's bank accounts with their monthly files,
 * and the truth those files were made from. Plain data, no I/O, so that the
 * same run works on Node and inside workerd.
 */
import { isoDate } from "../seed/calendar.ts";
import type { GeneratedCompany } from "../seed/generate.ts";
import { receiptBytes } from "../seed/receipts.ts";
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
  /** The card's or account's last four digits, as a bookkeeper enters them: receipts print them. */
  last4?: string | undefined;
  statements: PilotStatement[];
}

/** One transaction as the truth records it. */
export interface TruthTransaction {
  id: string;
  bankAccount: string;
  postedOn: string;
  amountMinor: number;
  description: string;
  /** The account a bookkeeper would post it to. */
  accountCode: string;
  /** Both sides of a transfer between the company's own accounts share it. */
  transferPairId: string | null;
}

/** A receipt as the company's bookkeeper gets it, and the charge the truth says it is the slip of. */
export interface PilotReceipt {
  id: string;
  filename: string;
  mediaType: "text/plain" | "application/pdf" | "image/png";
  /** The date it prints: the month it is uploaded with. */
  date: string;
  /** The truth transaction it is the slip of; null when it was paid in cash. */
  transactionId: string | null;
  /** Rendered or read only when it is uploaded, so a company's receipts are never all in memory. */
  bytes: () => Uint8Array | Promise<Uint8Array>;
}

export interface PilotCompany {
  slug: string;
  name: string;
  industry: string;
  bankAccounts: PilotBankAccount[];
  truth: TruthTransaction[];
  receipts: PilotReceipt[];
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
      last4: account.last4,
      statements: company.statements
        .filter((statement) => statement.account === account.slug)
        .map((statement) => ({ month: statement.month, filename: `${account.slug}-${statement.month}.csv`, bytes: statement.bytes })),
    })),
    truth: company.transactions.map((t) => ({
      id: t.id,
      bankAccount: t.account,
      postedOn: isoDate(t.day),
      amountMinor: t.amountMinor,
      description: t.description,
      accountCode: t.accountCode,
      transferPairId: t.transferPairId,
    })),
    receipts: company.receipts.map((receipt) => ({
      id: receipt.id,
      filename: receipt.file.slice(receipt.file.lastIndexOf("/") + 1),
      mediaType: receiptMediaTypes[receipt.format],
      date: isoDate(receipt.date),
      transactionId: receipt.transactionId,
      bytes: () => receiptBytes(receipt),
    })),
    overlapRows: company.statements.reduce((sum, statement) => sum + statement.overlapRows, 0),
  };
}

export const receiptMediaTypes = { txt: "text/plain", pdf: "application/pdf", png: "image/png" } as const satisfies Record<string, PilotReceipt["mediaType"]>;

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
