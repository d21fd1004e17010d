/**
 * A photo of a receipt over HTTP on the Node host, read by the real OCR
 * (tesseract.js with its English model from npm, nothing fetched), and
 * matched to its charge like any other receipt. The photo is drawn here with
 * the generator's renderer, from text written for this test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GeneratedReceipt } from "../../seed/model.ts";
import { receiptPng } from "../../seed/receipt-files.ts";
import { startNodeHost, type RunningNodeHost } from "../../src/node/host.ts";
import { photosWaitingMax } from "../../src/node/ocr.ts";

const adminToken = "ocr-test-admin";
const folder = mkdtempSync(join(tmpdir(), "bookkeeper-ocr-"));
let host: RunningNodeHost;

beforeAll(async () => {
  host = await startNodeHost({ databaseUrl: `file:${join(folder, "ocr.db")}`, adminToken, port: 0 });
});
afterAll(async () => {
  await host.close();
  rmSync(folder, { recursive: true, force: true });
});

const text = ["NORTHGATE HARDWARE", "410 Canal Road", "Date: 06/11/2025", "Deck screws 2lb      14.99", "Wood glue             6.49", "Subtotal             21.48", "Tax                   1.50", "TOTAL                22.98", "MASTERCARD ****9902", ""].join("\n");

async function send(method: string, path: string, token: string, body: BodyInit, type: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${host.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": type }, body });
  return { status: response.status, json: await response.json<Record<string, unknown>>() };
}

describe("a receipt's photo on the Node host", () => {
  it("is read by OCR and matched to its charge, with the card's last four", async () => {
    const created = (await send("POST", "/v1/companies", adminToken, JSON.stringify({ name: "Canal Works", industry: "services" }), "application/json")).json as { company: { id: string }; apiKey: string };
    const at = (path: string): string => `/v1/companies/${created.company.id}${path}`;
    const card = ((await send("POST", at("/bank-accounts"), created.apiKey, JSON.stringify({ name: "Mastercard", kind: "credit_card", last4: "9902" }), "application/json")).json as { bankAccount: { id: string } }).bankAccount.id;
    const imported = await send("POST", at(`/bank-accounts/${card}/imports`), created.apiKey, "Date,Description,Amount\n2025-06-12,NORTHGATE HDWE #12,-22.98\n2025-06-12,CANAL STREET DELI,-22.98\n", "text/csv");
    expect(imported.status).toBe(201);

    // Only the look of the photo (type size, margins) is drawn from the receipt; its words are the text above.
    const photo = await receiptPng({ id: "photo-1", textSeed: 7, date: 0 } as GeneratedReceipt, text);
    const uploaded = await send("POST", at("/documents?filename=photo.png"), created.apiKey, photo, "image/png");
    expect(uploaded.status).toBe(201);
    const [document] = (uploaded.json as { documents: { status: string; mediaType: string; extracted: Record<string, unknown>; match: { reasons: string[] } | null }[] }).documents;
    expect(document).toMatchObject({ mediaType: "image/png", status: "matched", extracted: { date: "2025-06-11", totalMinor: 2298, taxMinor: 150, cardLast4: "9902" } });
    expect(String(document?.extracted.vendor).toUpperCase()).toContain("NORTHGATE");
    expect(document?.match?.reasons).toEqual(expect.arrayContaining(["amount exact", "date +1 day", "card 9902"]));
  });
});

describe("photos sent faster than OCR reads them", () => {
  it("queue up to a bound; past it, each is refused unstored with 429 and Retry-After, and the same bytes are read once sent again", async () => {
    const created = (await send("POST", "/v1/companies", adminToken, JSON.stringify({ name: "Photo Storm", industry: "retail" }), "application/json")).json as { company: { id: string }; apiKey: string };
    const at = (path: string): string => `/v1/companies/${created.company.id}${path}`;
    const photos = await Promise.all(Array.from({ length: photosWaitingMax * 2 }, (_, index) => receiptPng({ id: `storm-${index}`, textSeed: index, date: 0 } as GeneratedReceipt, `STORM SUPPLY ${index}\nTOTAL 1.00\n`)));
    const answers = await Promise.all(
      photos.map(async (photo) => {
        const response = await fetch(`${host.url}${at("/documents")}`, { method: "POST", headers: { authorization: `Bearer ${created.apiKey}`, "content-type": "image/png" }, body: photo });
        const json = await response.json<{ error?: { code: string } }>();
        return { status: response.status, code: json.error?.code, retryAfter: response.headers.get("retry-after") };
      }),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    expect(answers.filter((answer) => answer.status !== 201 && answer.status !== 429)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer).toEqual({ status: 429, code: "too_many_uploads", retryAfter: "30" });
    const listed = await (await fetch(`${host.url}${at("/documents?limit=100")}`, { headers: { authorization: `Bearer ${created.apiKey}` } })).json<{ data: unknown[] }>();
    expect(listed.data).toHaveLength(answers.length - refused.length);
    const again = photos[answers.findIndex((answer) => answer.status === 429)] as Uint8Array;
    expect((await send("POST", at("/documents"), created.apiKey, again, "image/png")).status).toBe(201);
  });
});
