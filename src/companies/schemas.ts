import { z } from "@hono/zod-openapi";
import type { ApiKeyRow } from "../db/queries/api-keys.ts";
import type { CompanyRow } from "../db/queries/companies.ts";
import { currencyCode, displayName, idParam } from "../http/fields.ts";
import { industries } from "../ledger/chart-of-accounts.ts";

export const companyIdParams = z.object({ companyId: idParam("companyId") });

export const createCompanyBody = z
  .strictObject({
    name: displayName.openapi({ example: "Hamilton Coffee Co." }),
    industry: z.enum(industries),
    currency: currencyCode.default("USD"),
  })
  .openapi("CreateCompany");

export const companySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    industry: z.enum(industries),
    currency: z.string(),
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
  createdAt: company.createdAt,
});

export const apiKeyJson = (apiKey: ApiKeyRow): z.infer<typeof apiKeySchema> => ({
  id: apiKey.id,
  prefix: apiKey.prefix,
  label: apiKey.label,
  createdAt: apiKey.createdAt,
  revokedAt: apiKey.revokedAt,
});
