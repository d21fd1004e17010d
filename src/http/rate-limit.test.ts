import { describe, expect, it } from "vitest";
import { bindingLimiter, TokenBuckets } from "./rate-limit.ts";

describe("TokenBuckets", () => {
  it("lets a burst of the limit through, refuses the next with the seconds until a token is back, and refills evenly", () => {
    let now = 0;
    const buckets = new TokenBuckets(60, { now: () => now });
    for (let sent = 0; sent < 60; sent++) expect(buckets.take("a").allowed).toBe(true);
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Another key has its own minute.
    expect(buckets.take("b").allowed).toBe(true);
    now += 1_000;
    expect(buckets.take("a").allowed).toBe(true);
    expect(buckets.take("a").allowed).toBe(false);
  });

  it("tells a slow limit's refused client to wait as long as one token takes", () => {
    let now = 0;
    const buckets = new TokenBuckets(2, { now: () => now });
    buckets.take("a");
    buckets.take("a");
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 29_000;
    expect(buckets.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("forgets keys idle for a minute, and never holds more than keysMax", () => {
    let now = 0;
    const buckets = new TokenBuckets(10, { now: () => now, keysMax: 3 });
    for (const key of ["a", "b", "c", "d"]) buckets.take(key);
    expect(buckets.size).toBe(3);
    now += 60_000;
    buckets.take("e");
    expect(buckets.size).toBe(1);
  });
});

describe("bindingLimiter", () => {
  it("asks the binding by key, and tells a refused client to wait the period", async () => {
    const asked: string[] = [];
    const limiter = bindingLimiter({ limit: ({ key }) => (asked.push(key), Promise.resolve({ success: asked.length < 2 })) });
    expect(await limiter.take("key:1")).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect(await limiter.take("key:1")).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(asked).toEqual(["key:1", "key:1"]);
  });
});
