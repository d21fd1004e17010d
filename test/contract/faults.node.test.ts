/** What a client sees when the database goes away under a running Node host. */
import { mkdtempSync, rmSync } from "node:fs";
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
