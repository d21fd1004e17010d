/** The contract suite against the Worker inside workerd, with a real local D1. */
import { env, exports } from "cloudflare:workers";
import { describe } from "vitest";
import type { ContractTarget } from "./client.ts";
import { describeImportsContract } from "./imports-suite.ts";
import { describeBooksContract } from "./books-suite.ts";
import { describeContract } from "./suite.ts";

const workerTarget = (): ContractTarget => ({
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => exports.default.fetch(new Request(`https://bookkeeper.test${path}`, init)),
});

describe("HTTP contract on Workers + D1", () => {
  describeContract(workerTarget);
  describeImportsContract(workerTarget);
  describeBooksContract(workerTarget);
});
