import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Orm } from "../database.ts";
import { apiKeys } from "../schema.ts";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export const insertApiKey = (orm: Orm, row: ApiKeyRow) => orm.insert(apiKeys).values(row);

/** The only lookup not scoped by company: it is how a request finds its company. */
export async function findActiveApiKeyByHash(orm: Orm, keyHash: string): Promise<ApiKeyRow | undefined> {
  const rows = await orm
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  return rows[0];
}

export const listApiKeys = (orm: Orm, companyId: string): Promise<ApiKeyRow[]> =>
  orm
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.companyId, companyId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));

export async function findApiKey(orm: Orm, companyId: string, apiKeyId: string): Promise<ApiKeyRow | undefined> {
  const rows = await orm
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.companyId, companyId), eq(apiKeys.id, apiKeyId)))
    .limit(1);
  return rows[0];
}

export async function countActiveApiKeys(orm: Orm, companyId: string): Promise<number> {
  const rows = await orm
    .select({ active: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.companyId, companyId), isNull(apiKeys.revokedAt)));
  return rows[0]?.active ?? 0;
}

export const revokeApiKey = (orm: Orm, companyId: string, apiKeyId: string, revokedAt: string) =>
  orm
    .update(apiKeys)
    .set({ revokedAt })
    .where(and(eq(apiKeys.companyId, companyId), eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)));
