/** The contract suite against the Worker inside workerd, with a real local D1. */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { rulesTier } from "../../src/categorize/rules-tier.ts";
import { workerHost } from "../../src/worker.ts";
import type { ContractTarget } from "./client.ts";
import { describeBooksContract } from "./books-suite.ts";
import { describeConcurrencyContract } from "./concurrency-suite.ts";
import { describeDocumentsContract } from "./documents-suite.ts";
import { describeImportsContract } from "./imports-suite.ts";
import { describeLearningContract } from "./learning-suite.ts";
import { describeMetricsContract } from "./metrics-suite.ts";
import { describePipelineContract } from "./pipeline-suite.ts";
import { stubTier } from "./stub-tier.ts";
import { describeContract } from "./suite.ts";
import { describeUploadBudgetContract, testUploadsInFlightBytesMax } from "./upload-budget-suite.ts";
import { describeLimitsContract, describeRateLimitContract, testLimitVariables, testRequestsPerMinute } from "./limits-suite.ts";
import type { RateLimitBinding } from "../../src/http/rate-limit.ts";

const workerTarget = (): ContractTarget => ({
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => exports.default.fetch(new Request(`https://bookkeeper.test${path}`, init)),
});

/** The Worker's own host, built with a stub tier behind the rules, on the same D1. */
const stubApp = createApp(workerHost([rulesTier, stubTier]));
const stubTarget = (): ContractTarget => ({
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => Promise.resolve(stubApp.fetch(new Request(`https://bookkeeper.test${path}`, init), env)),
});

describe("HTTP contract on Workers + D1", () => {
  describeContract(workerTarget);
  describeImportsContract(workerTarget);
  describeBooksContract(workerTarget);
  describeConcurrencyContract(workerTarget);
  describeLearningContract(workerTarget);
  describeDocumentsContract(workerTarget);
  describeMetricsContract(workerTarget);
});

describe("the categorization pipeline on Workers + D1, with a stub tier injected through the host", () => {
  describePipelineContract(stubTarget);
});

/** The Worker's host with a small upload budget, on the same D1: an app of its own, so a budget of its own. */
const tightApp = createApp(workerHost());
const tightTarget = (): ContractTarget => ({
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => Promise.resolve(tightApp.fetch(new Request(`https://bookkeeper.test${path}`, init), { ...env, UPLOADS_IN_FLIGHT_MAX_BYTES: String(testUploadsInFlightBytesMax) })),
});

describe("uploads on Workers + D1, on a host that may hold little at once", () => {
  describeUploadBudgetContract(tightTarget);
});

/** The Worker's host with small caps, on the same D1. */
const limitsApp = createApp(workerHost());
const limitsTarget = (): ContractTarget => ({
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => Promise.resolve(limitsApp.fetch(new Request(`https://bookkeeper.test${path}`, init), { ...env, ...testLimitVariables })),
});

/**
 * The Rate Limiting binding as Cloudflare's answers: a fixed count per key and period, yes or no. Miniflare runs the
 * real one (declared in wrangler.toml, at 600 a minute); this one counts testRequestsPerMinute, so a test reaches it.
 */
function countingBinding(limit: number): RateLimitBinding {
  const counts = new Map<string, number>();
  return {
    limit: ({ key }) => {
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return Promise.resolve({ success: count <= limit });
    },
  };
}

const rateApp = createApp(workerHost());
const rateBindings = { ...env, RATE_LIMIT_PER_MINUTE: String(testRequestsPerMinute), KEY_RATE_LIMITER: countingBinding(testRequestsPerMinute) };
const rateTarget = (): ContractTarget => ({
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => Promise.resolve(rateApp.fetch(new Request(`https://bookkeeper.test${path}`, init), rateBindings)),
});

describe("limits on Workers + D1, on hosts with small ones", () => {
  describeLimitsContract(limitsTarget);
  describeRateLimitContract(rateTarget);

  it("has the Rate Limiting binding wrangler.toml declares, answering as the Worker expects", async () => {
    const binding = (env as { KEY_RATE_LIMITER?: RateLimitBinding }).KEY_RATE_LIMITER;
    expect(binding).toBeDefined();
    expect(await binding?.limit({ key: "contract-test" })).toMatchObject({ success: true });
  });
});
