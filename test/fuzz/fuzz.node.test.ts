/**
 * The fuzzer against the Node host, over real HTTP on a real libSQL file: every
 * operation of the app's OpenAPI document, with valid, boundary and hostile
 * requests (issue 21). `npm run fuzz` runs many more.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { fuzzHostLimits } from "./host-limits.ts";
import { itSurvivesTheFuzzer } from "./suite.ts";

const adminToken = "node-fuzz-admin-token";
let host: RunningNodeHost;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-fuzz-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0, ...fuzzHostLimits });
});

afterAll(async () => {
  await host.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("the fuzzer on Node + libSQL", () => {
  itSurvivesTheFuzzer(() => ({ name: "node", adminToken, fetch: (path, init) => fetch(`${host.url}${path}`, init) }));
});
