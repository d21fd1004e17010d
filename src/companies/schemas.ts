import { z } from "@hono/zod-openapi";
import type { ApiKeyRow } from "../db/queries/api-keys.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { currencyCode, displayName, idParam } from "../http/fields.ts";
import { industries } from "../ledger/chart-of-accounts.ts";

/** A tier's suggestion this sure, or surer, is posted; below it the transaction waits for review with the suggestion beside it. */
const confidenceThreshold = z
  .number()
  .gt(0, "must be above 0: at 0, a tier's least sure guess would post")
  .max(1)
  .openapi({ description: "A tier's suggestion at or above this confidence is posted; below it, it waits for review as a suggestion. Default 0.8", example: 0.8 });

export const companyIdParams = z.object({ companyId: idParam("companyId") });

export const createCompanyBody = z
  .strictObject({
    name: displayName.openapi({ example: "Hamilton Coffee Co." }),
    industry: z.enum(industries),
    currency: currencyCode.default("USD"),
    confidenceThreshold: confidenceThreshold.optional(),
  })
  .openapi("CreateCompany");

export const updateCompanyBody = z
  .strictObject({ confidenceThreshold })
  .partial()
  .refine((body) => Object.keys(body).length > 0, "name a setting to change: confidenceThreshold")
  .openapi("UpdateCompany");

export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    industry: z.enum(industries),
    currency: z.string(),
    confidenceThreshold: z.number(),
    createdAt: z.string(),
  })
  .openapi("Company");

export const apiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string().openapi({ description: "The first characters of the key, to tell keys apart" }),
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

export const createApiKeyBody = z
  .strictObject({ label: displayName.optional() })
  .openapi("CreateApiKey");

export const issuedKeySchema = z
  .string()
  .openapi({ description: "The secret key. It is shown only in this response; store it now." });

export const companyJson = (company: CompanyRow): z.infer<typeof companySchema> => ({
  id: company.id,
  name: company.name,
  industry: company.industry,
  currency: company.currency,
  confidenceThreshold: company.confidenceThreshold,
  createdAt: company.createdAt,
});

export const apiKeyJson = (apiKey: ApiKeyRow): z.infer<typeof apiKeySchema> => ({
  id: apiKey.id,
  prefix: apiKey.prefix,
  label: apiKey.label,
  createdAt: apiKey.createdAt,
  revokedAt: apiKey.revokedAt,
});
