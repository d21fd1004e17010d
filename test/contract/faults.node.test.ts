/** What a client sees when the database goes away under a running Node host. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { call, createCompany, expectError, type ContractTarget } from "./client.ts";

let host: RunningNodeHost;
let directory: string;
let target: ContractTarget;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "bookkeeper-faults-"));
  host = await startNodeHost({ databaseUrl: `file:${join(directory, "books.db")}`, adminToken: "faults", port: 0 });
  target = { name: "node", adminToken: "faults", fetch: (path, init) => fetch(`${host.url}${path}`, init) };
});

afterAll(async () => {
  await host.close().catch(() => undefined);
  rmSync(directory, { recursive: true, force: true });
});

describe("an internal failure", () => {
  it("answers 500 internal_error with a request id, logs it, and leaks nothing", async () => {
    const company = await createCompany(target);
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    host.connection.close();

    const response = await call<{ error: { details: { requestId: string } } }>(
      target,
      "GET",
      `/v1/companies/${company.id}`,
      { token: company.apiKey },
    );
    expectError(response, 500, "internal_error");
    const requestId = response.body.error.details.requestId;
    expect(requestId).toBe(response.headers.get("x-request-id"));
    expect(response.text).not.toMatch(/closed|libsql|sqlite/i);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(requestId), expect.anything());
    logged.mockRestore();

    const health = await call(target, "GET", "/health");
    expect(health.status).toBe(200);
  });
});

/** Sends bytes no well-behaved client library would, and reads the raw answer. */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(request));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("end", () => {
      resolve(answer);
    });
    socket.on("error", reject);
  });
}

describe("requests Node's HTTP parser refuses before the app", () => {
  const envelopeOf = (answer: string) => {
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    return { statusLine: head.split("\r\n")[0] ?? "", head, body: JSON.parse(body) as { error: { code: string } } };
  };

  it("answers headers over the limit with a JSON 431", async () => {
    const answer = await rawRequest(host.url, `GET /v1/companies/${"x".repeat(20_000)} HTTP/1.1\r\nhost: a\r\n\r\n`);
    const { statusLine, head, body } = envelopeOf(answer);
    expect(statusLine).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(head).toContain("content-type: application/json");
    // As every answer of the app's own carries it (secureHeaders): the body is JSON, never to be sniffed as a page.
    expect(head).toContain("x-content-type-options: nosniff");
    expect(body.error.code).toBe("headers_too_large");
  });

  it("answers a forbidden byte in a header with a JSON 400", async () => {
    const answer = await rawRequest(host.url, "GET /health HTTP/1.1\r\nhost: a\r\nauthorization: Bearer bk_\u0001x\r\n\r\n");
    const { statusLine, body } = envelopeOf(answer);
    expect(statusLine).toBe("HTTP/1.1 400 Bad Request");
    expect(body.error.code).toBe("bad_request");
  });
});

describe("npm run serve's start-up failures", () => {
  const serve = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ["--disable-warning=ExperimentalWarning", "src/node/server.ts"],
        // Start-up loads every module (OCR included): on a busy CI machine that alone can take many seconds.
        { env: { ...process.env, ...env }, timeout: 50_000 },
        (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
        },
      );
    });

  it.each([
    ["a PORT that is not a number", () => ({ PORT: "eighty" }), /PORT must be an integer/],
    ["a PORT already in use", () => ({ PORT: new URL(host.url).port }), /already in use/],
    ["a DATABASE_URL of no known kind", () => ({ DATABASE_URL: "ftp://books.example/db" }), /DATABASE_URL is not usable/],
  ])("exits 1 with one plain line for %s", async (_, env, expected) => {
    const result = await serve({ DATABASE_URL: `file:${join(directory, "serve.db")}`, ADMIN_TOKEN: "x", ...env() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^Cannot start the server: /);
    expect(result.stderr).toMatch(expected);
  });
});
