import type { CompanyRow } from "../db/queries/companies.ts";

/**
 * Who is calling: the operator (admin token) or one company's API key. A
 * key's company is read with the key, in one query, since nearly every
 * request a key makes is about that company.
 */
export type Principal = { kind: "admin" } | { kind: "company"; companyId: string; apiKeyId: string; company: CompanyRow };
