/**
 * Refusals every client can read (issue 21's findings A and B), on the Node
 * host with Node's own fetch: an oversized upload or JSON body, and a body of
 * the wrong type, each answered with its envelope while the client is still
 * sending, 20 times of 20, and a valid request right after each succeeds on
 * the same kept-alive connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { testImportBytesMax } from "./imports-suite.ts";

const adminToken = "refusals-admin-token";
let host: RunningNodeHost;
let directory: string;
let company: { id: string; apiKey: string };
let bankAccountId: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-refusals-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken, port: 0, importBytesMax: testImportBytesMax });
  const created = await (await fetch(`${host.url}/v1/companies`, { method: "POST", headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" }, body: JSON.stringify({ name: "Refusals", industry: "retail" }) })).json<{ company: { id: string }; apiKey: string }>();
  company = { id: created.company.id, apiKey: created.apiKey };
  const account = await (await fetch(`${host.url}/v1/companies/${company.id}/bank-accounts`, { method: "POST", headers: { authorization: `Bearer ${company.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ name: "Checking", kind: "checking" }) })).json<{ bankAccount: { id: string } }>();
  bankAccountId = account.bankAccount.id;
});

afterAll(async () => {
  await host.close();
  rmSync(directory, { recursive: true, force: true });
});

const refusals: [string, number, string, () => { path: string; contentType: string; body: Uint8Array }][] = [
  ["a bank file 16 times the import limit", 413, "payload_too_large", () => ({ path: `/v1/companies/${company.id}/bank-accounts/${bankAccountId}/imports`, contentType: "text/csv", body: new Uint8Array(testImportBytesMax * 16).fill(0x41) })],
  ["a 3 MB JSON body, three times the JSON limit", 413, "payload_too_large", () => ({ path: `/v1/companies/${company.id}/rules`, contentType: "application/json", body: new Uint8Array(3 * 1024 * 1024).fill(0x20) })],
  ["900 KB of text/plain where JSON belongs", 415, "unsupported_media_type", () => ({ path: `/v1/companies/${company.id}/bank-accounts`, contentType: "text/plain", body: new Uint8Array(900 * 1024).fill(0x41) })],
];

describe("refusals on the Node host, read by Node's own fetch", () => {
  it.each(refusals)("answers %s with its envelope 20 times of 20, and the next request on the connection succeeds", async (_what, status, code, request) => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const { path, contentType, body } = request();
      let outcome: string;
      try {
        const response = await fetch(`${host.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${company.apiKey}`, "content-type": contentType }, body });
        const answer = await response.json<{ error?: { code?: string } }>();
        outcome = `${response.status} ${answer.error?.code ?? "?"}`;
      } catch (error) {
        outcome = `no answer: ${String((error as Error).cause ?? error)}`;
      }
      const next = await fetch(`${host.url}/v1/companies/${company.id}`, { headers: { authorization: `Bearer ${company.apiKey}` } }).then(
        (response) => String(response.status),
        (error: unknown) => `failed: ${String((error as Error).cause ?? error)}`,
      );
      outcomes.push(`${outcome}, then ${next}`);
    }
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => `${status} ${code}, then 200`));
  });
});

/** Sends a request whose chunked body breaks off at a chunk size that is not hex, as a broken or hostile client would; resolves with the answer's status line. */
function sendBrokenChunks(path: string, contentType: string): Promise<string> {
  const { hostname, port } = new URL(host.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    socket.on("data", (data: Uint8Array) => (answer += new TextDecoder().decode(data)));
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.on("error", () => undefined);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: bookkeeper.test\r\nAuthorization: Bearer ${company.apiKey}\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\nZZ\r\nxx\r\n0\r\n\r\n`);
  });
}

describe("a chunked body that breaks off (issue 21, finding C)", () => {
  it.each([
    ["a JSON body", () => `/v1/companies/${company.id}/rules`, "application/json"],
    ["a bank file", () => `/v1/companies/${company.id}/bank-accounts/${bankAccountId}/imports`, "text/csv"],
  ])("%s is answered 400 and logged as nothing of ours: no internal error", async (_what, path, contentType) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await sendBrokenChunks(path(), contentType)).toBe("HTTP/1.1 400 Bad Request");
      // The app sees the body fail just after the parser answers: give it the moment it takes.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });
});
