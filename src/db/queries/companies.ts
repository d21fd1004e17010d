import { asc, eq } from "drizzle-orm";
import type { Orm } from "../database.ts";
import { placeholder, prepared } from "../prepared.ts";
import { companies } from "../schema.ts";

export type CompanyRow = typeof companies.$inferSelect;

/** A new company; its settings take their defaults when left out. */
export const insertCompany = (orm: Orm, row: typeof companies.$inferInsert) => orm.insert(companies).values(row);

const companyById = prepared((orm) => orm.select().from(companies).where(eq(companies.id, placeholder("companyId"))).limit(1).prepare());

export async function findCompany(orm: Orm, companyId: string): Promise<CompanyRow | undefined> {
  const rows = await companyById(orm).all({ companyId });
  return rows[0];
}

export const updateCompanySettings = (orm: Orm, companyId: string, settings: Pick<CompanyRow, "confidenceThreshold">) =>
  orm.update(companies).set(settings).where(eq(companies.id, companyId));

export const listCompanies = (orm: Orm): Promise<CompanyRow[]> =>
  orm.select().from(companies).orderBy(asc(companies.createdAt), asc(companies.id));

export const countCompanies = (orm: Orm): Promise<number> => orm.$count(companies);
