import js from "@eslint/js";
import security from "eslint-plugin-security";
import tseslint from "typescript-eslint";

/** The feature folders of src/, each with routes, a service and pure modules (DESIGN.md section 3). */
const featureFolders = ["companies", "bank-accounts", "ingest", "categorize", "ledger", "rules", "transactions", "export"].map((folder) => `**/${folder}/**`);

/** Modules that hold the domain's rules and must stay free of I/O. */
const pureModules = [
  "src/shared/**/*.ts",
  "src/categorize/pipeline.ts",
  "src/categorize/*-tier.ts",
  "src/categorize/rules.ts",
  "src/categorize/rule-packs.ts",
  "src/categorize/pattern-safety.ts",
  "src/categorize/features.ts",
  "src/categorize/learned.ts",
  "src/categorize/learning.ts",
  "src/transactions/changes.ts",
  "src/ledger/entries.ts",
  "src/ledger/book.ts",
  "src/ledger/transfers.ts",
  "src/ledger/reports.ts",
  "src/ledger/chart-of-accounts.ts",
  "src/export/hledger.ts",
  "src/ingest/amounts.ts",
  "src/ingest/csv.ts",
  "src/ingest/csv-records.ts",
  "src/ingest/csv-tolerant.ts",
  "src/ingest/csv-window.ts",
  "src/documents/image-size.ts",
  "src/ingest/dates.ts",
  "src/ingest/decode.ts",
  "src/ingest/fingerprint.ts",
  "src/ingest/layout.ts",
  "src/ingest/statement.ts",
  "src/ingest/vendor.ts",
];

export default tseslint.config(
  { ignores: ["node_modules/", ".wrangler/", ".data/", "migrations/meta/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  security.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // This rule cannot see types: it flags every obj[key], even where strict
      // TypeScript already limits the key to the object's own literal keys.
      "security/detect-object-injection": "off",
    },
  },
  {
    // Storage knows tables and nothing above them: no domain, no HTTP, no host.
    files: ["src/db/**/*.ts"],
    ignores: ["src/db/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...featureFolders, "**/http/**", "**/node/**", "**/app.ts", "**/worker.ts"].flatMap((folder) => [folder, `../${folder.replace(/^\*\*\//, "")}`]),
              message: "src/db is storage: it may import only itself and src/shared (README, Layout).",
            },
          ],
        },
      ],
    },
  },
  {
    // Pure domain modules take plain data and return plain data: no storage, no HTTP, no host.
    files: pureModules,
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/**", "**/http/**", "**/node/**", "**/service.ts", "**/routes.ts", "hono", "hono/*", "@hono/*", "drizzle-orm", "drizzle-orm/*", "@libsql/*"],
              message: "A pure module does no I/O: the service around it reads and writes (README, Layout).",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and benchmarks read and write their own temporary folders.
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "security/detect-non-literal-fs-filename": "off" },
  },
  {
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
