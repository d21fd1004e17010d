/**
 * The fuzzer against the Worker inside workerd, with a real local D1: the same
 * generated requests as on Node (issue 21). Bindings come from vitest.config.ts,
 * so FUZZ_RUNS does not reach in here; the default count runs.
 */
import { env, exports } from "cloudflare:workers";
import { describe } from "vitest";
import { itSurvivesTheFuzzer } from "./suite.ts";

describe("the fuzzer on Workers + D1", () => {
  itSurvivesTheFuzzer(() => ({
    name: "workerd",
    adminToken: env.ADMIN_TOKEN,
    fetch: (path, init) => exports.default.fetch(new Request(`https://bookkeeper.test${path}`, init)),
  }));
});
