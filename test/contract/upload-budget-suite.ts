/**
 * The upload budget on a host whose bound is small (testUploadsInFlightBytesMax):
 * while one upload holds its share, another that would pass the bound is
 * turned away with 429 and Retry-After, before its body is read; an upload
 * whose client goes away mid-body stores nothing; and once the budget is
 * free, uploads are taken again.
 */
import { describe, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget } from "./client.ts";
import { testImportBytesMax } from "./imports-suite.ts";

/** Room for one streamed upload (which claims a whole file's worth, testImportBytesMax) and little else. */
export const testUploadsInFlightBytesMax = 100 * 1024;

/** A bank file of about `bytes` bytes, every row its own. */
function statementOf(bytes: number, tag: string): string {
  const rows = ["Date,Description,Amount"];
  for (let row = 0; rows.join("\n").length < bytes; row++) rows.push(`2025-01-${String(1 + (row % 28)).padStart(2, "0")},CARD PURCHASE ${tag} ${row},-${1 + (row % 90)}.25`);
  return `${rows.join("\n")}\n`;
}

async function until<Result>(attempt: () => Promise<Result>, done: (result: Result) => boolean, what: string): Promise<Result> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const result = await attempt();
    if (done(result)) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function describeUploadBudgetContract(target: () => ContractTarget): void {
  describe("the upload budget", () => {
    it("turns an upload away with 429 while others hold the budget, keeps nothing of an upload whose client went away, and takes uploads again after", async () => {
      const host = target();
      const owner = await createCompany(host, "retail");
      const account = await call<{ bankAccount: { id: string } }>(host, "POST", `/v1/companies/${owner.id}/bank-accounts`, { token: owner.apiKey, json: { name: "Checking", kind: "checking" } });
      expect(account.status, account.text).toBe(201);
      const importsPath = `/v1/companies/${owner.id}/bank-accounts/${account.body.bankAccount.id}/imports`;
      const headers = { authorization: `Bearer ${owner.apiKey}`, "content-type": "text/csv" };

      // An upload whose client sends part of its body and then holds it: sent in chunks, it claims a whole file's worth.
      let sender: ReadableStreamDefaultController<Uint8Array> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          sender = controller;
        },
      });
      sender?.enqueue(new TextEncoder().encode("Date,Description,Amount\n2025-01-02,HELD UPLOAD,-1.00\n"));
      const held = host.fetch(importsPath, { method: "POST", headers, body, duplex: "half" } as RequestInit).then(
        async (response) => ({ status: response.status, text: await response.text() }),
        () => ({ status: 0, text: "the client's own request failed" }),
      );

      // Once it holds its share, a 50 KB file no longer fits: 429, told when to come back, and nothing read or stored.
      const large = statementOf(50 * 1024, "LARGE");
      expect(large.length).toBeLessThan(testImportBytesMax);
      const turnedAway = await until(() => call(host, "POST", `${importsPath}?filename=large.csv`, { token: owner.apiKey, body: large, headers: { "content-type": "text/csv" } }), (response) => response.status !== 201, "the held upload to take its share");
      expectError(turnedAway, 429, "too_many_uploads");
      expect(turnedAway.headers.get("retry-after")).toBe("1");
      expect((turnedAway.body as { error: { message: string } }).error.message).toContain(`${testUploadsInFlightBytesMax} bytes`);

      // The held upload's client goes away mid-body: the host keeps nothing of it.
      sender?.error(new Error("the client went away"));
      const gone = await held;
      // Its client sees its own request fail, or (where nothing stands between them, as inside workerd) a 400: never an internal error.
      expect([0, 400], gone.text).toContain(gone.status);
      // Its share comes back: the same file is taken now.
      const taken = await until(() => call<{ imports: { rows: { inserted: number } }[] }>(host, "POST", `${importsPath}?filename=large.csv`, { token: owner.apiKey, body: large, headers: { "content-type": "text/csv" } }), (response) => response.status !== 429, "the budget to be free");
      expect(taken.status, taken.text).toBe(201);
      const listed = await call<{ data: { filename: string | null; rows: { inserted: number } }[] }>(host, "GET", importsPath, { token: owner.apiKey });
      expect(listed.body.data.map((report) => report.filename)).toEqual(["large.csv"]);
      const descriptions: string[] = [];
      for (let cursor: string | null = ""; cursor !== null; ) {
        const page: Awaited<ReturnType<typeof call<{ data: { description: string }[]; nextCursor: string | null }>>> = await call(host, "GET", `/v1/companies/${owner.id}/transactions?limit=500${cursor === "" ? "" : `&cursor=${encodeURIComponent(cursor)}`}`, { token: owner.apiKey });
        descriptions.push(...page.body.data.map((transaction) => transaction.description));
        cursor = page.body.nextCursor;
      }
      expect(descriptions.filter((description) => description.includes("HELD UPLOAD"))).toEqual([]);
      expect(descriptions).toHaveLength(taken.body.imports[0]?.rows.inserted ?? -1);
    });
  });
}
