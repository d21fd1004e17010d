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
import { refusalCases, refusalsThenNext } from "./refusals.ts";

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

describe("refusals on the Node host, read by Node's own fetch", () => {
  it.each(refusalCases(testImportBytesMax))("answers %s with its envelope 20 times of 20, and the next request on the connection succeeds", async (_what, status, code, request) => {
    expect(await refusalsThenNext({ url: host.url, apiKey: company.apiKey, companyId: company.id, bankAccountId }, request)).toEqual(Array.from({ length: 20 }, () => `${status} ${code}, then 200`));
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
