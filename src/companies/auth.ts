/**
 * Bearer authentication and tenant scoping. A company key reaches its own
 * company and nothing else: any other company's id answers 404, exactly as an
 * id that does not exist, so keys cannot probe for other tenants.
 */
import type { MiddlewareHandler } from "hono";
import { findActiveApiKeyByHash } from "../db/queries/api-keys.ts";
import { findCompany } from "../db/queries/companies.ts";
import type { AppEnv } from "../http/env.ts";
import { sha256, timingSafeEqual, toHex } from "../shared/crypto.ts";
import { AppError } from "../http/errors.ts";
import { quoteId } from "../shared/errors.ts";

export const apiKeyPrefix = "bk_";

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

/** The admin token never changes while a host runs; hash it once, not per request. */
const adminDigests = new Map<string, Uint8Array>();

function isAdminToken(tokenDigest: Uint8Array, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  let adminDigest = adminDigests.get(adminToken);
  if (adminDigest === undefined) {
    adminDigest = sha256(adminToken);
    adminDigests.set(adminToken, adminDigest);
  }
  // Digests have equal length, so the comparison time says nothing about either token.
  return timingSafeEqual(tokenDigest, adminDigest);
}

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) {
    throw new AppError("unauthorized", "Send an API key as `Authorization: Bearer <key>`");
  }
  const tokenDigest = sha256(token);
  if (isAdminToken(tokenDigest, c.var.config.adminToken)) {
    c.set("principal", { kind: "admin" });
    return next();
  }
  if (token.startsWith(apiKeyPrefix)) {
    // The hash is the lookup key; the stored value is a hash of 32 random bytes,
    // so index timing reveals nothing an attacker could steer.
    const stored = await findActiveApiKeyByHash(c.var.db.orm, toHex(tokenDigest));
    if (stored) {
      c.set("principal", { kind: "company", companyId: stored.apiKey.companyId, apiKeyId: stored.apiKey.id, company: stored.company });
      return next();
    }
  }
  if (!c.var.config.adminToken && !token.startsWith(apiKeyPrefix)) {
    throw new AppError(
      "unauthorized",
      "This host has no ADMIN_TOKEN configured: set it in .dev.vars for `npm run dev`, or in the environment for `npm run serve`",
    );
  }
  throw new AppError("unauthorized", "The API key is not valid, or it has been revoked");
};

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.principal.kind !== "admin") {
    throw new AppError("forbidden", "Only the admin token can do this");
  }
  return next();
};

/** Loads the company named in the path, if the caller may see it. */
export const scopeToCompany: MiddlewareHandler<AppEnv> = async (c, next) => {
  const companyId = c.req.param("companyId") ?? "";
  const principal = c.var.principal;
  // A key's own company came with the key; only the admin token reads it here.
  const company = principal.kind === "admin" ? await findCompany(c.var.db.orm, companyId) : principal.companyId === companyId ? principal.company : undefined;
  if (company === undefined) {
    throw new AppError("not_found", `No company with id ${quoteId(companyId)}`);
  }
  c.set("company", company);
  return next();
};
