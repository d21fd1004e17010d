import type { RequestIdVariables } from "hono/request-id";
import type { Database } from "../db/database.ts";
import type { CompanyRow } from "../db/queries/companies.ts";

/** Who is calling: the operator (admin token) or one company's API key. */
export type Principal = { kind: "admin" } | { kind: "company"; companyId: string; apiKeyId: string };

export interface AppConfig {
  /** Unset means admin routes are closed; the 401 then says how to open them. */
  readonly adminToken: string | undefined;
}

/** What every request handler can read from `c.var`, whichever host serves it. */
export interface AppEnv {
  Variables: RequestIdVariables & {
    db: Database;
    config: AppConfig;
    principal: Principal;
    company: CompanyRow;
  };
}
