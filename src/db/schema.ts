/**
 * The single source of truth for tables. drizzle-kit generates migrations/
 * from this file; nothing else in src/ outside src/db/ imports it.
 *
 * Every tenant table carries company_id, and references between tenant rows
 * include it, so the database itself refuses a row that points into another
 * company's books.
 */
import { sql } from "drizzle-orm";
import { check, foreignKey, index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

import { accountSubtypes, accountTypes, bankAccountKinds, industries } from "../ledger/chart-of-accounts.ts";

const sqlList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(", "));

export const companies = sqliteTable(
  "companies",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    industry: text("industry", { enum: industries }).notNull(),
    currency: text("currency").notNull(),
    createdAt: text("created_at").notNull(),
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
  },
  (table) => [
    uniqueIndex("bank_accounts_company_name_unique").on(table.companyId, table.name),
    uniqueIndex("bank_accounts_ledger_account_unique").on(table.ledgerAccountId),
    foreignKey({
      name: "bank_accounts_ledger_account_same_company",
      columns: [table.companyId, table.ledgerAccountId],
      foreignColumns: [accounts.companyId, accounts.id],
    }),
    check("bank_accounts_kind_known", sql`${table.kind} in (${sqlList(bankAccountKinds)})`),
  ],
);
