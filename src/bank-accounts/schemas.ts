import { z } from "@hono/zod-openapi";
import type { BankAccountWithLedger } from "../db/queries/bank-accounts.ts";
import { currencyCode, displayName } from "../http/fields.ts";
import { bankAccountKinds } from "../ledger/chart-of-accounts.ts";
import { csvSettingsSchema, type CsvSettings } from "./csv-settings.ts";

/** The card's (or account's) last four digits, as receipts print them. */
const last4 = z
  .string()
  .regex(/^\d{4}$/, "four digits")
  .openapi({ description: "The last four digits printed on receipts paid from this account: receipts are matched by them", example: "4242" });

export const createBankAccountBody = z
  .strictObject({
    name: displayName.openapi({ example: "Chase Business Checking" }),
    kind: z.enum(bankAccountKinds),
    currency: currencyCode.optional().openapi({ description: "Defaults to the company's currency" }),
    csv: csvSettingsSchema.optional(),
    last4: last4.optional(),
  })
  .openapi("CreateBankAccount");

export const updateBankAccountBody = z
  .strictObject({
    csv: csvSettingsSchema.nullable().optional().openapi({ description: "What the importer should not guess; null goes back to detecting everything" }),
    last4: last4.nullable().optional(),
  })
  .refine((body) => body.csv !== undefined || body.last4 !== undefined, "send csv, last4, or both")
  .openapi("UpdateBankAccount");

export const bankAccountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(bankAccountKinds),
    currency: z.string(),
    csv: csvSettingsSchema.nullable(),
    last4: z.string().nullable(),
    ledgerAccount: z.object({ id: z.string(), code: z.string(), name: z.string() }),
    createdAt: z.string(),
  })
  .openapi("BankAccount");

export const bankAccountJson = (bankAccount: BankAccountWithLedger): z.infer<typeof bankAccountSchema> => ({
  id: bankAccount.id,
  name: bankAccount.name,
  kind: bankAccount.kind,
  currency: bankAccount.currency,
  csv: bankAccount.csvSettings === null ? null : (JSON.parse(bankAccount.csvSettings) as CsvSettings),
  last4: bankAccount.last4,
  ledgerAccount: {
    id: bankAccount.ledgerAccountId,
    code: bankAccount.ledgerAccountCode,
    name: bankAccount.ledgerAccountName,
  },
  createdAt: bankAccount.createdAt,
});
