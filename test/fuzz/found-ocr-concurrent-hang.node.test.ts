/**
 * Found by the fuzzer (`npm run fuzz -- --runs 30000 --seed 21 --concurrency 8`):
 * photos whose OCR fails, sent at the same time, are never answered. The Node
 * host's OCR (src/node/ocr.ts) shares one tesseract worker; the first photo that
 * fails terminates it while the others' recognize() jobs wait in its queue, and
 * those never settle, so their requests hang (seen: > 90 s, no answer at all).
 * One at a time, each answers 201 "unreadable" in about 1.5 s.
 *
 * Request (twice at once; two different bodies, or the same body twice):
 *   POST /v1/companies/{companyId}/documents  content-type: image/png
 *   body: 89 50 4E 47 0D 0A 1A 0A + "not really a png"
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { request } from "../../client/http.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";

const adminToken = "found-ocr-admin-token";
let host: RunningNodeHost;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-found-ocr-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0 });
});

afterAll(async () => {
  await host.close();
  rmSync(directory, { recursive: true, force: true });
});

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const brokenPng = (tag: string): Uint8Array => new Uint8Array([...pngSignature, ...new TextEncoder().encode(`not really a png ${tag}`)]);

/** The status, or "no answer" when none came in time. */
async function upload(companyId: string, apiKey: string, bytes: Uint8Array): Promise<number | "no answer"> {
  try {
    const response = await fetch(`${host.url}/v1/companies/${companyId}/documents`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "image/png" },
      body: bytes,
      signal: AbortSignal.timeout(20_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return "no answer";
  }
}

it("answers every one of several broken photos sent at once (each is kept as unreadable)", async () => {
  const target = { fetch: (path: string, init: RequestInit) => fetch(`${host.url}${path}`, init) };
  const created = await request<{ company: { id: string }; apiKey: string }>(target, "POST", "/v1/companies", { token: adminToken, json: { name: "OCR Co", industry: "retail" } });
  expect(created.status).toBe(201);
  const { company, apiKey } = created.body;
  const statuses = await Promise.all(["a", "b", "c"].map((tag) => upload(company.id, apiKey, brokenPng(tag))));
  expect(statuses).toEqual([201, 201, 201]);
});
