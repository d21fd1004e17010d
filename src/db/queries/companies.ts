import { madeAfter, type CreatedPage } from "./paging.ts";
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

/** Every company, oldest first; or a page of at most `limit`, after the company the page starts after. */
export const listCompanies = (orm: Orm, page?: CreatedPage): Promise<CompanyRow[]> =>
  orm
    .select()
    .from(companies)
    .where(madeAfter(companies, page?.after))
    .orderBy(asc(companies.createdAt), asc(companies.id))
    // SQLite reads a negative limit as none.
    .limit(page?.limit ?? -1);

export const countCompanies = (orm: Orm): Promise<number> => orm.$count(companies);
