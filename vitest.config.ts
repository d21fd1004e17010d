import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Two projects, so the output names the host every test ran on:
 * - node: unit tests beside the code (src/ and seed/), and the contract suite
 *   against the Node host over real HTTP on a real libSQL file;
 * - workerd: the same contract suite against the Worker inside workerd with a
 *   real local D1, migrated from the same migrations/ files.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          // Some tests run the CLIs as processes and book whole companies: on a busy two-core CI machine
          // that can take far longer than vitest's 5 s default. A limit is a safety net, never a speed test.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          include: ["src/**/*.test.ts", "client/**/*.test.ts", "seed/**/*.test.ts", "pilot/**/*.test.ts", "notebooks/**/*.test.ts", "loadtest/**/*.test.ts", "test/**/*.node.test.ts"],
          environment: "node",
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: "./src/worker.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: "workerd-test-admin-token",
                // The same import limit as the Node host's contract run (testImportBytesMax).
                IMPORT_MAX_BYTES: String(64 * 1024),
                DOCUMENT_MAX_BYTES: String(64 * 1024),
                // The contract suite judges the first two tiers, as the Node host's run does; the LLM suite builds its own hosts.
                LLM_PROVIDER: "off",
                // One admin token drives every suite: the request rate is judged on apps of its own (limits-suite.ts).
                RATE_LIMIT_PER_MINUTE: "0",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
              },
            },
          })),
        ],
        test: {
          name: "workerd",
          testTimeout: 60_000,
          hookTimeout: 60_000,
          include: ["test/**/*.workerd.test.ts"],
          setupFiles: ["./test/workerd-setup.ts"],
        },
      },
    ],
  },
});
