import type { Database } from "../db/database.ts";
import { insertAccounts } from "../db/queries/accounts.ts";
import {
  countActiveApiKeys,
  findApiKey,
  insertApiKey,
  insertApiKeyCapped,
  listApiKeys,
  revokeApiKey as revokeApiKeyStatement,
  type ApiKeyRow,
} from "../db/queries/api-keys.ts";
import { findCompany, insertCompany, listCompanies as listCompanyRows, updateCompanySettings, type CompanyRow } from "../db/queries/companies.ts";
import { confidenceThresholdDefault } from "../categorize/pipeline.ts";
import type { Principal } from "./principal.ts";
import { chartOfAccounts, type Industry } from "../ledger/chart-of-accounts.ts";
import { LastActiveKey, LimitReached, NotFound, quoteId } from "../shared/errors.ts";
import { newId } from "../shared/ids.ts";
import { pageByCreation } from "../shared/cursor.ts";
import type { PageQuery } from "../http/fields.ts";
import { issueApiKey } from "./keys.ts";
import { rulePack } from "../categorize/rule-packs.ts";
import { insertRules, type RuleRow } from "../db/queries/rules.ts";
import { setModelVersion } from "../db/queries/learned.ts";
import { learnedModelVersion } from "../categorize/learned.ts";

export interface NewCompany {
  name: string;
  industry: Industry;
  currency: string;
  confidenceThreshold?: number | undefined;
}

/** What a company may change about itself after it is created. */
export interface CompanySettings {
  confidenceThreshold?: number | undefined;
}

export interface CreatedApiKey {
  apiKey: ApiKeyRow;
  secret: string;
}

function newApiKeyRow(companyId: string, label: string | null, now: Date): CreatedApiKey {
  const issued = issueApiKey();
  const apiKey: ApiKeyRow = {
    id: newId(),
    companyId,
    keyHash: issued.keyHash,
    prefix: issued.displayPrefix,
    label,
    createdAt: now.toISOString(),
    revokedAt: null,
  };
  return { apiKey, secret: issued.secret };
}

/** The company, its industry's chart of accounts and default rules, and its first key: one batch, all or nothing. */
export async function createCompany(
  db: Database,
  input: NewCompany,
  now: Date,
): Promise<{ company: CompanyRow } & CreatedApiKey> {
  const createdAt = now.toISOString();
  const company: CompanyRow = {
    id: newId(),
    name: input.name,
    industry: input.industry,
    currency: input.currency,
    createdAt,
    confidenceThreshold: input.confidenceThreshold ?? confidenceThresholdDefault,
  };
  const chart = chartOfAccounts(input.industry).map((account) => ({
    id: newId(),
    companyId: company.id,
    ...account,
    createdAt,
  }));
  const accountIdByCode = new Map(chart.map((account) => [account.code, account.id]));
  const rules: RuleRow[] = rulePack(input.industry).map((packRule, index) => ({
    id: newId(),
    companyId: company.id,
    position: index + 1,
    name: packRule.name,
    conditions: JSON.stringify(packRule.conditions),
    bankAccountId: null,
    // The packs are checked against every industry's chart in rule-packs.test.ts.
    accountId: accountIdByCode.get(packRule.accountCode) as string,
    renameVendor: packRule.renameVendor ?? null,
    origin: "pack",
    createdAt,
    updatedAt: createdAt,
  }));
  const firstKey = newApiKeyRow(company.id, "initial", now);
  await db.batch([
    insertCompany(db.orm, company),
    ...insertAccounts(db.orm, chart),
    ...insertRules(db.orm, rules),
    // No labels yet: the learned tier's (empty) counts are those of the current model.
    setModelVersion(db.orm, company.id, learnedModelVersion, createdAt),
    insertApiKey(db.orm, firstKey.apiKey),
  ]);
  return { company, ...firstKey };
}

/** A page of every company, oldest first. */
export const listCompanyPage = (db: Database, query: PageQuery): Promise<{ rows: CompanyRow[]; nextCursor: string | null }> =>
  pageByCreation((page) => listCompanyRows(db.orm, page), query);

export async function updateCompany(db: Database, companyId: string, settings: CompanySettings): Promise<CompanyRow> {
  if (settings.confidenceThreshold !== undefined) await db.batch([updateCompanySettings(db.orm, companyId, { confidenceThreshold: settings.confidenceThreshold })]);
  const company = await findCompany(db.orm, companyId);
  if (company === undefined) throw new NotFound(`No company with id ${quoteId(companyId)}`);
  return company;
}

/** Another key, unless the company already has `activeKeysMax` active ones (checked by the insert itself). */
export async function createApiKey(db: Database, companyId: string, label: string | null, now: Date, activeKeysMax: number): Promise<CreatedApiKey> {
  const created = newApiKeyRow(companyId, label, now);
  await db.batch([insertApiKeyCapped(db.orm, created.apiKey, activeKeysMax)]);
  if ((await findApiKey(db.orm, companyId, created.apiKey.id)) === undefined) {
    const count = await countActiveApiKeys(db.orm, companyId);
    throw new LimitReached(`This company has ${count} active API keys, as many as this host allows (${activeKeysMax}); revoke one first`, { resource: "api_keys", limit: activeKeysMax, count });
  }
  return created;
}

/** A page of the company's keys, revoked ones too, oldest first. */
export const listCompanyApiKeys = (db: Database, companyId: string, query: PageQuery): Promise<{ rows: ApiKeyRow[]; nextCursor: string | null }> =>
  pageByCreation((page) => listApiKeys(db.orm, companyId, page), query);

/**
 * Revoking is idempotent. A company key may not revoke the company's last
 * active key (it would lock the company out); the admin token may.
 */
export async function revokeApiKey(
  db: Database,
  companyId: string,
  apiKeyId: string,
  principal: Principal,
  now: Date,
): Promise<ApiKeyRow> {
  const existing = await findApiKey(db.orm, companyId, apiKeyId);
  if (existing === undefined) throw new NotFound(`No API key with id ${quoteId(apiKeyId)}`);
  if (existing.revokedAt !== null) return existing;

  const [revoked] = await revokeApiKeyStatement(db.orm, companyId, apiKeyId, now.toISOString(), {
    keepOneActive: principal.kind !== "admin",
  });
  if (revoked !== undefined) return revoked;
  // Nothing changed: a concurrent request revoked it first, or it is the last active key.
  const current = await findApiKey(db.orm, companyId, apiKeyId);
  if (current !== undefined && current.revokedAt !== null) return current;
  throw new LastActiveKey("This is the company's last active API key; create another before revoking it");
}
