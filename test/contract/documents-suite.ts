/**
 * Receipts over HTTP, on both hosts: uploaded raw or several at once, read
 * (text, a PDF's text layer; photos only where the host has OCR), matched to
 * the charge they are the slip of whichever arrives first, matched and
 * unmatched by hand; and every bad file stored as unreadable or refused with
 * a stable code, nothing stored changed.
 */
import { PDFDocument, StandardFonts } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

/** The same limit as the imports' on both hosts' contract runs. */
export const testDocumentBytesMax = 64 * 1024;

interface Pairing {
  transactionId: string;
  score: number;
  reasons: string[];
}
interface Document {
  id: string;
  filename: string | null;
  mediaType: string;
  status: string;
  unreadableReason: string | null;
  extracted: { vendor: string | null; date: string | null; totalMinor: number | null; taxMinor: number | null; tipMinor: number | null; currency: string | null; cardLast4: string | null };
  paidInCash: boolean;
  match: (Pairing & { source: string }) | null;
  suggestions: Pairing[];
}
interface Transaction {
  id: string;
  postedOn: string;
  description: string;
  amountMinor: number;
  documentIds: string[];
}

const receipt = (...lines: string[]): string => `${lines.join("\n")}\n`;

const kettle = receipt("THE COPPER KETTLE CAFE", "12 Wharf Street, Portland", "03/14/2025  08:12", "Oat Latte        4.75", "Scone            3.25", "Subtotal         8.00", "Tax              0.66", "TOTAL            8.66", "VISA ************4821");
const lumber = receipt("Greyfield Lumber & Supply", "Invoice 20931", "Date: 2025-03-17", "2x4 stud x12    59.88", "Screws           9.49", "Sub-total       69.37", "Sales tax        5.55", "Amount due      74.92", "Card: XXXX4821");
const cash = receipt("Marigold Bakery", "2025-03-18", "Rye loaf          6.50", "TOTAL             6.50", "CASH             10.00", "CHANGE            3.50");

async function pdfOf(lines: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Courier);
  const page = pdf.addPage([300, 60 + lines.length * 14]);
  lines.forEach((line, index) => page.drawText(line, { x: 20, y: page.getHeight() - 30 - index * 14, size: 10, font }));
  return pdf.save();
}

export function describeDocumentsContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  beforeAll(() => {
    target = getTarget();
  });

  const path = (owner: CreatedCompany, rest: string) => `/v1/companies/${owner.id}${rest}`;
  const send = <Body>(owner: CreatedCompany, method: string, rest: string, options: Parameters<typeof call>[3] = {}) => call<Body>(target, method, path(owner, rest), { token: owner.apiKey, ...options });
  const uploadRaw = (owner: CreatedCompany, body: BodyInit, mediaType: string, filename?: string) =>
    send<{ documents: Document[] }>(owner, "POST", `/documents${filename === undefined ? "" : `?filename=${encodeURIComponent(filename)}`}`, { body, headers: { "content-type": mediaType } });
  const uploadText = async (owner: CreatedCompany, text: string, filename?: string): Promise<Document> => {
    const response = await uploadRaw(owner, text, "text/plain", filename);
    expect(response.status, response.text).toBe(201);
    return response.body.documents[0] as Document;
  };
  const document = async (owner: CreatedCompany, id: string): Promise<Document> => {
    const response = await send<{ document: Document }>(owner, "GET", `/documents/${id}`);
    expect(response.status, response.text).toBe(200);
    return response.body.document;
  };
  const transactions = async (owner: CreatedCompany): Promise<Transaction[]> => (await send<{ data: Transaction[] }>(owner, "GET", "/transactions?limit=500")).body.data;
  const byDescription = async (owner: CreatedCompany, text: string): Promise<Transaction> => (await transactions(owner)).find((row) => row.description.includes(text)) as Transaction;

  async function companyWithCard(): Promise<{ owner: CreatedCompany; card: string }> {
    const owner = await createCompany(target, "services");
    const created = await send<{ bankAccount: { id: string } }>(owner, "POST", "/bank-accounts", { json: { name: "Business Visa", kind: "credit_card", last4: "4821" } });
    expect(created.status, created.text).toBe(201);
    return { owner, card: created.body.bankAccount.id };
  }
  const importStatement = async (owner: CreatedCompany, bankAccount: string, ...rows: string[]): Promise<void> => {
    const response = await send(owner, "POST", `/bank-accounts/${bankAccount}/imports`, { body: `Date,Description,Amount\n${rows.join("\n")}\n`, headers: { "content-type": "text/csv" } });
    expect(response.status, response.text).toBe(201);
  };

  describe("documents: reading and matching", () => {
    it("reads a text receipt, keeps it unmatched until its charge arrives, then matches it with its reasons", async () => {
      const { owner, card } = await companyWithCard();
      const stored = await uploadText(owner, kettle, "kettle.txt");
      expect(stored).toMatchObject({
        filename: "kettle.txt",
        mediaType: "text/plain",
        status: "unmatched",
        unreadableReason: null,
        extracted: { date: "2025-03-14", totalMinor: 866, taxMinor: 66, cardLast4: "4821", currency: null },
        match: null,
      });
      expect(stored.extracted.vendor?.toUpperCase()).toContain("COPPER KETTLE");

      await importStatement(owner, card, "2025-03-15,COPPER KETTLE CAFE PORTLAND OR,-8.66", "2025-03-15,HARBORLINE FUEL 0032,-8.66", "2025-03-16,NORTHWIND TELECOM,-64.10");
      const matched = await document(owner, stored.id);
      const charge = await byDescription(owner, "COPPER KETTLE");
      expect(matched).toMatchObject({ status: "matched", match: { transactionId: charge.id, source: "auto" } });
      expect(matched.match?.score).toBeGreaterThanOrEqual(0.8);
      expect(matched.match?.reasons).toEqual(expect.arrayContaining(["amount exact", "date +1 day"]));
      expect(matched.match?.reasons.some((reason) => /^vendor 0\.\d\d$|^vendor 1(\.00)?$/.test(reason))).toBe(true);
      expect(charge.documentIds).toEqual([stored.id]);
      expect((await byDescription(owner, "HARBORLINE")).documentIds).toEqual([]);
    });

    it("matches a receipt at once when its charge is already in the books, and a PDF's text layer as a text's", async () => {
      const { owner, card } = await companyWithCard();
      await importStatement(owner, card, "2025-03-19,GREYFIELD LUMBER 118,-74.92", "2025-03-19,GREYFIELD LUMBER 118,-69.37");
      const pdf = await pdfOf(lumber.trimEnd().split("\n"));
      const response = await uploadRaw(owner, pdf, "application/pdf", "lumber.pdf");
      expect(response.status, response.text).toBe(201);
      const stored = response.body.documents[0] as Document;
      const charge = (await transactions(owner)).find((row) => row.amountMinor === -7492) as Transaction;
      expect(stored).toMatchObject({ mediaType: "application/pdf", status: "matched", extracted: { date: "2025-03-17", totalMinor: 7492, taxMinor: 555, cardLast4: "4821" }, match: { transactionId: charge.id } });
      expect(stored.match?.reasons).toContain("date +2 days");
    });

    it("gives two same-amount coffees on neighbouring days each its own charge, deciding them together", async () => {
      const { owner, card } = await companyWithCard();
      const first = await uploadText(owner, receipt("Brightwater Coffee Co", "2025-04-01", "Flat white 5.20", "TOTAL 5.20", "VISA xxxx4821"));
      const second = await uploadText(owner, receipt("Brightwater Coffee Co", "2025-04-02", "Flat white 5.20", "TOTAL 5.20", "VISA xxxx4821"));
      await importStatement(owner, card, "2025-04-01,BRIGHTWATER COFFEE,-5.20", "2025-04-02,BRIGHTWATER COFFEE,-5.20");
      const [a, b] = [await document(owner, first.id), await document(owner, second.id)];
      const dayOf = new Map((await transactions(owner)).map((row) => [row.id, row.postedOn]));
      // Each receipt to the charge of its own day: a greedy pass could give the second receipt's charge to the first (a day later is common).
      expect(dayOf.get(a.match?.transactionId ?? "")).toBe("2025-04-01");
      expect(dayOf.get(b.match?.transactionId ?? "")).toBe("2025-04-02");
    });

    it("gives a charge to the slip that fits it best, whichever slip arrived first", async () => {
      const { owner, card } = await companyWithCard();
      await importStatement(owner, card, "2025-05-02,BLUE BOTTLE COFFEE,-6.50");
      const stranger = await uploadText(owner, receipt("KWIK MART 22", "Date: 2025-05-01", "TOTAL 6.50", "VISA ****4821"));
      const charge = await byDescription(owner, "BLUE BOTTLE");
      expect(stranger.match?.transactionId).toBe(charge.id);
      const right = await uploadText(owner, receipt("BLUE BOTTLE COFFEE", "Date: 2025-05-01", "TOTAL 6.50", "VISA ****4821"));
      expect(right).toMatchObject({ status: "matched", match: { transactionId: charge.id, source: "auto" } });
      expect(await document(owner, stranger.id)).toMatchObject({ match: null });
      expect((await byDescription(owner, "BLUE BOTTLE")).documentIds).toEqual([right.id]);
    });

    it("leaves a cash receipt unmatched, even beside a charge of the same amount", async () => {
      const { owner, card } = await companyWithCard();
      const stored = await uploadText(owner, cash);
      expect(stored).toMatchObject({ paidInCash: true, extracted: { totalMinor: 650 } });
      await importStatement(owner, card, "2025-03-18,MARIGOLD BAKERY,-6.50");
      expect(await document(owner, stored.id)).toMatchObject({ status: "unmatched", match: null });
      expect((await byDescription(owner, "MARIGOLD")).documentIds).toEqual([]);
    });

    it("answers the same bytes again with the document they made (200), and stores each file of a multipart upload on its own", async () => {
      const { owner } = await companyWithCard();
      const first = await uploadText(owner, kettle);
      const again = await uploadRaw(owner, kettle, "text/plain");
      expect(again.status, again.text).toBe(200);
      expect(again.body.documents.map((stored) => stored.id)).toEqual([first.id]);

      const form = new FormData();
      form.append("file", new Blob([lumber], { type: "text/plain" }), "lumber.txt");
      form.append("file", new Blob(["PK\u0003\u0004zip"], { type: "application/zip" }), "archive.zip");
      form.append("file", new Blob([kettle], { type: "text/plain" }), "kettle-again.txt");
      const several = await send<{ documents: (Document | { filename: string; status: "failed"; error: { code: string } })[] }>(owner, "POST", "/documents", { body: form });
      expect(several.status, several.text).toBe(201);
      expect(several.body.documents.map((stored) => [stored.filename, stored.status])).toEqual([
        ["lumber.txt", "unmatched"],
        ["archive.zip", "failed"],
        [null, "unmatched"],
      ]);
      expect(several.body.documents[1]).toMatchObject({ error: { code: "unsupported_media_type" } });
      expect((several.body.documents[2] as Document).id).toBe(first.id);
      const listed = await send<{ data: Document[] }>(owner, "GET", "/documents");
      expect(listed.body.data).toHaveLength(2);
    });

    it("lists documents a page at a time, filtered by status", async () => {
      const { owner, card } = await companyWithCard();
      await uploadText(owner, kettle);
      await uploadText(owner, cash);
      await uploadText(owner, lumber);
      await importStatement(owner, card, "2025-03-15,COPPER KETTLE CAFE,-8.66");
      const matched = await send<{ data: Document[] }>(owner, "GET", "/documents?status=matched");
      expect(matched.body.data.map((stored) => stored.extracted.totalMinor)).toEqual([866]);
      const firstPage = await send<{ data: Document[]; nextCursor: string | null }>(owner, "GET", "/documents?limit=2");
      expect(firstPage.body.data).toHaveLength(2);
      const rest = await send<{ data: Document[]; nextCursor: string | null }>(owner, "GET", `/documents?limit=2&cursor=${encodeURIComponent(firstPage.body.nextCursor ?? "")}`);
      expect(rest.body).toMatchObject({ nextCursor: null });
      expect(new Set([...firstPage.body.data, ...rest.body.data].map((stored) => stored.id)).size).toBe(3);
      expectError(await send(owner, "GET", "/documents?status=lost"), 422, "validation_failed");
      expectError(await send(owner, "GET", "/documents?limit=0"), 422, "validation_failed");
    });
  });

  describe("documents: matching by hand", () => {
    it("matches by hand, refuses a charge that has a receipt unless told to replace it, and unmatches", async () => {
      const { owner, card } = await companyWithCard();
      await importStatement(owner, card, "2025-03-15,COPPER KETTLE CAFE,-8.66", "2025-03-20,SUNDRY CHARGE,-12.00");
      const auto = await uploadText(owner, kettle);
      const charge = await byDescription(owner, "COPPER KETTLE");
      const sundry = await byDescription(owner, "SUNDRY");
      expect(auto.match?.transactionId).toBe(charge.id);
      const other = await uploadText(owner, receipt("Unreadable scrawl", "no total here"));

      const refused = expectError(await send(owner, "POST", `/documents/${other.id}/match`, { json: { transactionId: charge.id } }), 409, "transaction_has_document");
      expect(refused.error.message).toContain("replace=true");
      expect(await document(owner, auto.id)).toMatchObject({ status: "matched" });

      const replaced = await send<{ document: Document }>(owner, "POST", `/documents/${other.id}/match?replace=true`, { json: { transactionId: charge.id } });
      expect(replaced.status, replaced.text).toBe(200);
      expect(replaced.body.document).toMatchObject({ status: "matched", match: { transactionId: charge.id, source: "manual", score: 1, reasons: ["matched by hand"] } });
      expect(await document(owner, auto.id)).toMatchObject({ status: "unmatched", match: null });
      expect((await byDescription(owner, "COPPER KETTLE")).documentIds).toEqual([other.id]);

      // Moving a document to another charge frees the first.
      const moved = await send<{ document: Document }>(owner, "POST", `/documents/${other.id}/match`, { json: { transactionId: sundry.id } });
      expect(moved.body.document.match?.transactionId).toBe(sundry.id);
      expect((await byDescription(owner, "COPPER KETTLE")).documentIds).toEqual([]);

      const undone = await send<{ document: Document }>(owner, "DELETE", `/documents/${other.id}/match`);
      expect(undone.status, undone.text).toBe(200);
      // A person's own match leaves nothing behind; the matcher's stays as a suggestion.
      expect(undone.body.document).toMatchObject({ status: "unmatched", match: null, suggestions: [] });
      expect((await byDescription(owner, "SUNDRY")).documentIds).toEqual([]);
      // Unmatching what has no match changes nothing.
      expect((await send<{ document: Document }>(owner, "DELETE", `/documents/${other.id}/match`)).body.document).toEqual(undone.body.document);
      const again = await send<{ document: Document }>(owner, "POST", `/documents/${auto.id}/match`, { json: { transactionId: charge.id } });
      expect(again.body.document.match?.source).toBe("manual");
      const blank = await uploadRaw(owner, new Uint8Array(0), "text/plain");
      const unreadable = blank.body.documents[0] as Document;
      expect((await send(owner, "POST", `/documents/${unreadable.id}/match`, { json: { transactionId: sundry.id } })).status).toBe(200);
      const freed = await send<{ document: Document }>(owner, "DELETE", `/documents/${unreadable.id}/match`);
      expect(freed.body.document).toMatchObject({ status: "unreadable", match: null, suggestions: [] });
    });

    it("removes a document sent by mistake, freeing its charge, so the right file can be sent again", async () => {
      const { owner, card } = await companyWithCard();
      await importStatement(owner, card, "2025-03-15,COPPER KETTLE CAFE,-8.66");
      const wrongType = await uploadRaw(owner, kettle, "application/octet-stream", "kettle.txt");
      const mistaken = wrongType.body.documents[0] as Document;
      const stranger = await companyWithCard();
      expectError(await send(stranger.owner, "DELETE", `/documents/${mistaken.id}`), 404, "not_found");
      const removed = await send(owner, "DELETE", `/documents/${mistaken.id}`);
      expect(removed.status, removed.text).toBe(204);
      expectError(await send(owner, "GET", `/documents/${mistaken.id}`), 404, "not_found");
      expectError(await send(owner, "DELETE", `/documents/${mistaken.id}`), 404, "not_found");
      expect((await byDescription(owner, "COPPER KETTLE")).documentIds).toEqual([]);
      // The same bytes are a new document now, and take the charge again.
      const again = await uploadText(owner, kettle, "kettle.txt");
      expect(again.id).not.toBe(mistaken.id);
      expect(again).toMatchObject({ status: "matched" });
      expect((await byDescription(owner, "COPPER KETTLE")).documentIds).toEqual([again.id]);
    });

    it("answers 404 for another company's transaction or document, and 422 for a bad body, changing nothing", async () => {
      const { owner, card } = await companyWithCard();
      const stranger = await companyWithCard();
      await importStatement(stranger.owner, stranger.card, "2025-03-15,COPPER KETTLE CAFE,-8.66");
      const theirs = await byDescription(stranger.owner, "COPPER KETTLE");
      const mine = await uploadText(owner, kettle);
      await importStatement(owner, card, "2025-05-01,SOMETHING ELSE,-1.00");
      const before = await document(owner, mine.id);
      expectError(await send(owner, "POST", `/documents/${mine.id}/match`, { json: { transactionId: theirs.id } }), 404, "not_found");
      expectError(await send(stranger.owner, "GET", `/documents/${mine.id}`), 404, "not_found");
      expectError(await send(stranger.owner, "DELETE", `/documents/${mine.id}/match`), 404, "not_found");
      expectError(await send(owner, "POST", "/documents/no-such-document/match", { json: { transactionId: theirs.id } }), 404, "not_found");
      expectError(await send(owner, "POST", `/documents/${mine.id}/match`, { json: { transaction: theirs.id } }), 422, "validation_failed");
      expectError(await send(owner, "POST", `/documents/${mine.id}/match`, { json: {} }), 422, "validation_failed");
      expect(await document(owner, mine.id)).toEqual(before);
      expect((await byDescription(stranger.owner, "COPPER KETTLE")).documentIds).toEqual([]);
    });
  });

  describe("documents: bad files", () => {
    it("stores a 0-byte file, a truncated PDF, a PDF with no text and a PNG of garbage as unreadable, each with its reason", async () => {
      const { owner } = await companyWithCard();
      const whole = await pdfOf(["Some receipt", "TOTAL 1.00"]);
      const blank = await (async () => {
        const pdf = await PDFDocument.create();
        pdf.addPage([200, 200]);
        return pdf.save();
      })();
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 300 }, (_, index) => (index * 37) % 256)]);
      const cases: [BodyInit, string, RegExp][] = [
        [new Uint8Array(0), "text/plain", /empty/],
        [whole.slice(0, Math.floor(whole.length / 2)), "application/pdf", /PDF/],
        [blank, "application/pdf", /text/],
        [png, "image/png", target.name === "node" ? /photo/ : /OCR/],
        [new TextEncoder().encode("%PDF-1.7 then nothing"), "image/png", /not one/],
      ];
      for (const [body, mediaType, reason] of cases) {
        const response = await uploadRaw(owner, body, mediaType);
        expect(response.status, response.text).toBe(201);
        const stored = response.body.documents[0] as Document;
        expect(stored).toMatchObject({ status: "unreadable", mediaType, match: null, extracted: { totalMinor: null } });
        expect(stored.unreadableReason).toMatch(reason);
      }
      const unreadable = await send<{ data: Document[] }>(owner, "GET", "/documents?status=unreadable");
      expect(unreadable.body.data).toHaveLength(cases.length);
    });

    it("refuses a type it does not take with 415, and a file over the limit with 413, storing nothing", async () => {
      const { owner } = await companyWithCard();
      expectError(await uploadRaw(owner, "Date,Amount\n", "text/csv"), 415, "unsupported_media_type");
      expectError(await uploadRaw(owner, "GIF89a", "image/gif"), 415, "unsupported_media_type");
      expectError(await uploadRaw(owner, new Uint8Array([1, 2, 3, 4]), "application/octet-stream"), 415, "unsupported_media_type");
      expectError(await uploadRaw(owner, "x".repeat(testDocumentBytesMax + 1), "text/plain"), 413, "payload_too_large");
      // In a multipart request, one file over the limit refuses the request, though the request is under its own.
      const form = new FormData();
      form.append("file", new Blob([kettle], { type: "text/plain" }), "kettle.txt");
      form.append("file", new Blob(["x".repeat(testDocumentBytesMax + 1)], { type: "text/plain" }), "huge.txt");
      expect(expectError(await send(owner, "POST", "/documents", { body: form }), 413, "payload_too_large").error.message).toContain("huge.txt");
      // A request over three files' worth is refused as it streams in.
      const many = new FormData();
      for (let index = 0; index < 4; index++) many.append("file", new Blob(["y".repeat(testDocumentBytesMax - 100)], { type: "text/plain" }), `part-${index}.txt`);
      expectError(await send(owner, "POST", "/documents", { body: many }), 413, "payload_too_large");
      expect((await send<{ data: Document[] }>(owner, "GET", "/documents")).body.data).toEqual([]);
    });

    it("takes an untyped upload by what its first bytes say", async () => {
      const { owner } = await companyWithCard();
      const response = await uploadRaw(owner, await pdfOf(lumber.trimEnd().split("\n")), "application/octet-stream", "scan.pdf");
      expect(response.status, response.text).toBe(201);
      expect(response.body.documents[0]).toMatchObject({ mediaType: "application/pdf", filename: "scan.pdf", extracted: { totalMinor: 7492 } });
    });
  });
}
