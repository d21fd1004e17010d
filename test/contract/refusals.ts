/**
 * Refusals every client can read (issue 21, findings A and B), the same on
 * every host reached over a real socket: a body the app refuses before
 * reading it is answered with its envelope while Node's own fetch (undici)
 * is still sending it, and the connection stays usable for the next request.
 */

/** Where the refusals are sent: a host's URL and a company of its own. */
export interface RefusalTarget {
  url: string;
  apiKey: string;
  companyId: string;
  bankAccountId: string;
}

interface RefusedRequest {
  path: string;
  contentType: string;
  body: Uint8Array;
}

export type RefusalCase = [what: string, status: number, code: string, request: (target: RefusalTarget) => RefusedRequest];

/** Bodies past the host's limits, and one of a type the route does not take; `importBytesMax` is the host's bank-file limit. */
export function refusalCases(importBytesMax: number): RefusalCase[] {
  const overImport = Math.min(importBytesMax * 16, importBytesMax + 1024 * 1024);
  return [
    [`a bank file ${overImport - importBytesMax} bytes over the import limit`, 413, "payload_too_large", (t) => ({ path: `/v1/companies/${t.companyId}/bank-accounts/${t.bankAccountId}/imports`, contentType: "text/csv", body: new Uint8Array(overImport).fill(0x41) })],
    ["a 3 MB JSON body, three times the JSON limit", 413, "payload_too_large", (t) => ({ path: `/v1/companies/${t.companyId}/rules`, contentType: "application/json", body: new Uint8Array(3 * 1024 * 1024).fill(0x20) })],
    ["900 KB of text/plain where JSON belongs", 415, "unsupported_media_type", (t) => ({ path: `/v1/companies/${t.companyId}/bank-accounts`, contentType: "text/plain", body: new Uint8Array(900 * 1024).fill(0x41) })],
  ];
}

const reason = (error: unknown): string => String((error as Error).cause ?? error);

/** Sends the refused request 20 times, each followed by a valid one; what each pair got, as "413 payload_too_large, then 200". */
export async function refusalsThenNext(target: RefusalTarget, request: RefusalCase[3], attempts = 20): Promise<string[]> {
  const outcomes: string[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const { path, contentType, body } = request(target);
    let outcome: string;
    try {
      const response = await fetch(`${target.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${target.apiKey}`, "content-type": contentType }, body });
      const answer = await response.json<{ error?: { code?: string } }>();
      outcome = `${response.status} ${answer.error?.code ?? "?"}`;
    } catch (error) {
      outcome = `no answer: ${reason(error)}`;
    }
    const next = await fetch(`${target.url}/v1/companies/${target.companyId}`, { headers: { authorization: `Bearer ${target.apiKey}` } }).then(
      (response) => String(response.status),
      (error: unknown) => `failed: ${reason(error)}`,
    );
    outcomes.push(`${outcome}, then ${next}`);
  }
  return outcomes;
}
