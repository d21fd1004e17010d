/**
 * Refusals every client can read, on the edge host: `wrangler dev` (workerd
 * behind wrangler's proxy, a real socket) with a fresh local D1, reached by
 * Node's own fetch as any JavaScript client would. The Worker's limits are
 * its defaults (10 MiB bank files).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withWranglerDev, type StartedHost } from "../../bench/pilot.ts";
import { defaultImportBytesMax } from "../../src/http/env.ts";
import { refusalCases, refusalsThenNext, type RefusalTarget } from "./refusals.ts";

let target: RefusalTarget;
let stopped: Promise<void>;
let stop: () => void = () => undefined;

/** Starts wrangler dev and keeps it running until afterAll lets withWranglerDev return. */
function startWrangler(): Promise<StartedHost> {
  return new Promise((started, failed) => {
    stopped = withWranglerDev(async (dev) => {
      started(dev);
      await new Promise<void>((resolve) => (stop = resolve));
    }).catch(failed);
  });
}

async function post<Body>(dev: StartedHost, path: string, token: string, json: unknown): Promise<Body> {
  const response = await fetch(`${dev.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(json) });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json<Body>();
}

beforeAll(async () => {
  const dev = await startWrangler();
  const created = await post<{ company: { id: string }; apiKey: string }>(dev, "/v1/companies", dev.adminToken, { name: "Refusals at the edge", industry: "retail" });
  const account = await post<{ bankAccount: { id: string } }>(dev, `/v1/companies/${created.company.id}/bank-accounts`, created.apiKey, { name: "Checking", kind: "checking" });
  target = { url: dev.url, apiKey: created.apiKey, companyId: created.company.id, bankAccountId: account.bankAccount.id };
}, 120_000);

afterAll(async () => {
  stop();
  await stopped;
});

describe("refusals on wrangler dev, read by Node's own fetch", () => {
  it.each(refusalCases(defaultImportBytesMax))("answers %s with its envelope 20 times of 20, and the next request on the connection succeeds", async (_what, status, code, request) => {
    expect(await refusalsThenNext(target, request)).toEqual(Array.from({ length: 20 }, () => `${status} ${code}, then 200`));
  });
});
