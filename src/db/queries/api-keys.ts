import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { BatchStatement, Orm } from "../database.ts";
import { countWhere, fewerThan, insertOneIf } from "./caps.ts";
import { madeAfter, type CreatedPage } from "./paging.ts";
import { placeholder, prepared } from "../prepared.ts";
import { apiKeys, companies } from "../schema.ts";
import type { CompanyRow } from "./companies.ts";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export const insertApiKey = (orm: Orm, row: ApiKeyRow) => orm.insert(apiKeys).values(row);

const activeKeysOf = (companyId: string): SQL => and(eq(apiKeys.companyId, companyId), isNull(apiKeys.revokedAt)) as SQL;

/** A new key, unless the company already has `activeKeysMax` active ones: counted and inserted in one statement. */
export const insertApiKeyCapped = (orm: Orm, row: ApiKeyRow, activeKeysMax: number): BatchStatement =>
  insertOneIf(orm, apiKeys, row, fewerThan(apiKeys, activeKeysOf(row.companyId), activeKeysMax));

export const countActiveApiKeys = (orm: Orm, companyId: string): Promise<number> => countWhere(orm, apiKeys, activeKeysOf(companyId));

const activeApiKeyByHash = prepared((orm) =>
  orm
    .select({ apiKey: apiKeys, company: companies })
    .from(apiKeys)
    .innerJoin(companies, eq(companies.id, apiKeys.companyId))
    .where(and(eq(apiKeys.keyHash, placeholder("keyHash")), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare(),
);

/** The only lookup not scoped by company: it is how a request finds its company, read with the key. Every request makes it. */
export async function findActiveApiKeyByHash(orm: Orm, keyHash: string): Promise<{ apiKey: ApiKeyRow; company: CompanyRow } | undefined> {
  const rows = await activeApiKeyByHash(orm).all({ keyHash });
  return rows[0];
}

/** The company's keys, revoked ones too, oldest first: a page of at most `limit`, after the key the page starts after. */
export const listApiKeys = (orm: Orm, companyId: string, page: CreatedPage): Promise<ApiKeyRow[]> =>
  orm
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.companyId, companyId), madeAfter(apiKeys, page.after)))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
    .limit(page.limit);

export async function findApiKey(orm: Orm, companyId: string, apiKeyId: string): Promise<ApiKeyRow | undefined> {
  const rows = await orm
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.companyId, companyId), eq(apiKeys.id, apiKeyId)))
    .limit(1);
  return rows[0];
}

/**
 * Revokes an active key and returns it, or returns nothing. With
 * `keepOneActive`, the count and the update are one statement, so two
 * concurrent revocations can never both pass the "not the last key" check.
 */
export function revokeApiKey(
  orm: Orm,
  companyId: string,
  apiKeyId: string,
  revokedAt: string,
  options: { keepOneActive: boolean },
): Promise<ApiKeyRow[]> {
  const othersRemainActive = sql`(select count(*) from api_keys as active where active.company_id = ${companyId} and active.revoked_at is null) > 1`;
  return orm
    .update(apiKeys)
    .set({ revokedAt })
    .where(
      and(
        eq(apiKeys.companyId, companyId),
        eq(apiKeys.id, apiKeyId),
        isNull(apiKeys.revokedAt),
        options.keepOneActive ? othersRemainActive : undefined,
      ),
    )
    .returning();
}
