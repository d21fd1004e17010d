/**
 * Found by the fuzzer (a workerd run, seed 78, concurrency 6): on Workers + D1,
 * `DELETE …/documents/{documentId}/match` answers 500 when two unmatch the same
 * auto-matched document at once. Both read the match, then both write a batch
 * that deletes it and puts its charge back as a suggestion; the second insert
 * breaks document_suggestions' primary key (company_id, document_id,
 * transaction_id): ConstraintViolation, logged as "the database refused the
 * write (unique: document_suggestions…)" in unmatch (src/documents/service.ts).
 * Unmatching is idempotent one at a time (200, then 200); at once it must be too.
 *
 * Request (several at once, after the fixture's receipt was matched automatically):
 *   DELETE /v1/companies/{companyId}/documents/{documentId}/match   (the company's key)
 */
import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { request } from "../../client/http.ts";
import { setUpTenant, type FuzzTarget } from "./tenants.ts";

const target: FuzzTarget = {
  name: "workerd",
  adminToken: env.ADMIN_TOKEN,
  fetch: (path, init) => exports.default.fetch(new Request(`https://bookkeeper.test${path}`, init)),
};

it("unmatches a document sent several unmatch requests at once, without a 500", async () => {
  const tenant = await setUpTenant(target, "Unmatch Race Co");
  const documentId = tenant.ids.get("documentId")?.[0] ?? "";
  const path = `/v1/companies/${tenant.companyId}/documents/${documentId}`;
  const before = await request<{ document: { match: { source: string } | null } }>(target, "GET", path, { token: tenant.apiKey });
  expect(before.body.document.match?.source).toBe("auto");
  const answers = await Promise.all(Array.from({ length: 4 }, () => request(target, "DELETE", `${path}/match`, { token: tenant.apiKey })));
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
});
