/** The contract suite against the Node host: real HTTP, a real libSQL file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { rulesTier } from "../../src/categorize/rules-tier.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import type { ContractTarget } from "./client.ts";
import { describeImportsContract, testImportBytesMax } from "./imports-suite.ts";
import { describeBooksContract } from "./books-suite.ts";
import { describeConcurrencyContract } from "./concurrency-suite.ts";
import { describeDocumentsContract, testDocumentBytesMax } from "./documents-suite.ts";
import { describeLearningContract } from "./learning-suite.ts";
import { describeMetricsContract } from "./metrics-suite.ts";
import { describePipelineContract } from "./pipeline-suite.ts";
import { stubTier } from "./stub-tier.ts";
import { describeContract } from "./suite.ts";
import { describeUploadBudgetContract, testUploadsInFlightBytesMax } from "./upload-budget-suite.ts";
import { describeLimitsContract, describeRateLimitContract, testLimits, testRequestsPerMinute } from "./limits-suite.ts";

const adminToken = "node-test-admin-token";
let host: RunningNodeHost;
/** The same host with a stub tier injected behind the rules, as a learned or LLM tier would be. */
let stubHost: RunningNodeHost;
/** A host that may hold little upload at once. */
let tightHost: RunningNodeHost;
/** Hosts with small caps, and with a small request rate per key. */
let limitsHost: RunningNodeHost;
let rateHost: RunningNodeHost;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-contract-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0, importBytesMax: testImportBytesMax, documentBytesMax: testDocumentBytesMax });
  stubHost = await startNodeHost({ databaseUrl: `file:${join(directory, "stub.db")}`, adminToken, port: 0, tiers: [rulesTier, stubTier] });
  tightHost = await startNodeHost({ databaseUrl: `file:${join(directory, "tight.db")}`, adminToken, port: 0, importBytesMax: testImportBytesMax, uploadsInFlightBytesMax: testUploadsInFlightBytesMax });
  limitsHost = await startNodeHost({ databaseUrl: `file:${join(directory, "limits.db")}`, adminToken, port: 0, limits: { ...testLimits, requestsPerKeyPerMinute: 0 } });
  rateHost = await startNodeHost({ databaseUrl: `file:${join(directory, "rate.db")}`, adminToken, port: 0, limits: { requestsPerKeyPerMinute: testRequestsPerMinute } });
});

afterAll(async () => {
  await host.close();
  await stubHost.close();
  await tightHost.close();
  await limitsHost.close();
  await rateHost.close();
  rmSync(directory, { recursive: true, force: true });
});

const targetOf = (running: () => RunningNodeHost) => (): ContractTarget => ({
  name: "node",
  adminToken,
  fetch: (path, init) => fetch(`${running().url}${path}`, init),
});
const nodeTarget = targetOf(() => host);

describe("HTTP contract on Node + libSQL", () => {
  describeContract(nodeTarget);
  describeImportsContract(nodeTarget);
  describeBooksContract(nodeTarget);
  describeConcurrencyContract(nodeTarget);
  describeLearningContract(nodeTarget);
  describeDocumentsContract(nodeTarget);
  describeMetricsContract(nodeTarget);
});

describe("the categorization pipeline on Node + libSQL, with a stub tier injected through the host", () => {
  describePipelineContract(targetOf(() => stubHost));
});

describe("uploads on Node + libSQL, on a host that may hold little at once", () => {
  describeUploadBudgetContract(targetOf(() => tightHost));
});

describe("limits on Node + libSQL, on hosts with small ones", () => {
  describeLimitsContract(targetOf(() => limitsHost));
  describeRateLimitContract(targetOf(() => rateHost));
});
