/** The contract suite against the Node host: real HTTP, a real libSQL file. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import type { ContractTarget } from "./client.ts";
import { describeImportsContract, testImportBytesMax } from "./imports-suite.ts";
import { describeBooksContract } from "./books-suite.ts";
import { describeContract } from "./suite.ts";

const adminToken = "node-test-admin-token";
let host: RunningNodeHost;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-contract-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0, importBytesMax: testImportBytesMax });
});

afterAll(async () => {
  await host.close();
  rmSync(directory, { recursive: true, force: true });
});

const nodeTarget = (): ContractTarget => ({
  name: "node",
  adminToken,
  fetch: (path, init) => fetch(`${host.url}${path}`, init),
});

describe("HTTP contract on Node + libSQL", () => {
  describeContract(nodeTarget);
  describeImportsContract(nodeTarget);
  describeBooksContract(nodeTarget);
});
