/**
 * Requests per key per minute. The app asks a RateLimiter once per
 * authenticated request, keyed by who is calling (an API key's id, or the
 * admin token): past the limit the request is answered 429 rate_limited with
 * Retry-After, before any work. On Workers the Rate Limiting binding counts
 * (across isolates, as Cloudflare runs it); elsewhere, a token bucket in the
 * process.
 */
import type { MiddlewareHandler } from "hono";
import type { Principal } from "../companies/principal.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";

export interface RateVerdict {
  allowed: boolean;
  /** Whole seconds until the next request would be let through (when not allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): Promise<RateVerdict> | RateVerdict;
}

/** Buckets idle this long are full again, so forgetting them changes nothing. */
const minuteMs = 60_000;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * A token bucket per key: `perMinute` requests at once, refilled evenly over
 * the minute, so a steady client at the limit is never refused and a burst is
 * bounded. Memory is bounded too: idle (full) buckets are dropped as the map
 * is swept, and past `keysMax` the least recently used key goes.
 */
export class TokenBuckets implements RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMinute: number;
  readonly #keysMax: number;
  readonly #now: () => number;
  #lastSweepMs = 0;

  constructor(perMinute: number, options: { keysMax?: number; now?: () => number } = {}) {
    this.#perMinute = perMinute;
    this.#keysMax = options.keysMax ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#buckets.size;
  }

  take(key: string): RateVerdict {
    const now = this.#now();
    this.#sweep(now);
    const bucket = this.#refilled(key, now);
    // Most recently used last: the map's order is the eviction order.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    const msPerToken = minuteMs / this.#perMinute;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000)) };
  }

  #refilled(key: string, now: number): Bucket {
    const bucket = this.#buckets.get(key);
    if (bucket === undefined) return { tokens: this.#perMinute, updatedMs: now };
    const earned = ((now - bucket.updatedMs) / minuteMs) * this.#perMinute;
    return { tokens: Math.min(this.#perMinute, bucket.tokens + earned), updatedMs: now };
  }

  /** At most once a minute, drop buckets idle for a minute (full again); and keep under keysMax. */
  #sweep(now: number): void {
    if (now - this.#lastSweepMs >= minuteMs) {
      this.#lastSweepMs = now;
      for (const [key, bucket] of this.#buckets) if (now - bucket.updatedMs >= minuteMs) this.#buckets.delete(key);
    }
    while (this.#buckets.size >= this.#keysMax) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done === true) break;
      this.#buckets.delete(oldest.value);
    }
  }
}

/** The Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml), as its API is. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The binding counts per fixed period (60 s here) and says only yes or no;
 * a refused client is told to wait the whole period, the longest it can take.
 */
export function bindingLimiter(binding: RateLimitBinding, periodSeconds = 60): RateLimiter {
  return {
    take: async (key) => ((await binding.limit({ key })).success ? { allowed: true, retryAfterSeconds: 0 } : { allowed: false, retryAfterSeconds: periodSeconds }),
  };
}

/** Whom a request is counted against: never the secret itself, only the key's id. */
export const rateKeyOf = (principal: Principal): string => (principal.kind === "admin" ? "admin" : `key:${principal.apiKeyId}`);

/** After authenticate: counts the request against its key, and refuses it past the limit. */
export const limitRequestRate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const limiter = c.var.rateLimiter;
  if (limiter === undefined) return next();
  const verdict = await limiter.take(rateKeyOf(c.var.principal));
  if (!verdict.allowed) {
    c.header("Retry-After", String(verdict.retryAfterSeconds));
    throw new AppError("rate_limited", `Too many requests with this key; send again in ${verdict.retryAfterSeconds} s`, { retryAfterSeconds: verdict.retryAfterSeconds });
  }
  return next();
};
