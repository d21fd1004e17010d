/**
 * The import contract (issue 4), run unchanged against both hosts: raw and
 * multipart uploads, deduplication, per-file atomicity, rejections kept,
 * idempotency, limits, and the transactions they produce.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, expectError, type ContractTarget, type CreatedCompany } from "./client.ts";

/** Both test hosts run with this import limit, so a too-large file is cheap to send. */
export const testImportBytesMax = 64 * 1024;

interface Report {
  id: string;
  filename: string | null;
  status: string;
  dialect: Record<string, unknown>;
  rows: { total: number; inserted: number; duplicate: number; rejected: number; skipped: number };
  rejections: { line: number; reason: string; raw: string }[];
  skipped: { line: number; reason: string; raw: string }[];
}
interface Failed {
  filename: string | null;
  status: "failed";
  error: { code: string; message: string };
}
interface Transaction {
  id: string;
  bankAccountId: string;
  postedOn: string;
  amountMinor: number;
  currency: string;
  description: string;
  vendor: string;
  category: { accountCode: string; accountName: string; source: string; confidence: number; ruleId: string | null; reason: string } | null;
  status: string;
  entryNumber: number | null;
  transferTransactionId: string | null;
}

const chaseMarch =
  "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\r\n" +
  'DEBIT,03/14/2025,"CARD PURCHASE 03/13 KROGER #417 CINCINNATI OH CARD 0412",-45.17,DEBIT_CARD,12034.55,,\r\n' +
  "DEBIT,03/14/2025,SQ *BLUE OAK COFFEE,-4.50,DEBIT_CARD,12079.72,,\r\n" +
  "DEBIT,03/14/2025,SQ *BLUE OAK COFFEE,-4.50,DEBIT_CARD,12084.22,,\r\n" +
  'CREDIT,03/03/2025,"ORIG CO NAME:SQUARE INC ORIG ID:9424300002 DESC DATE:250303 CO ENTRY DESCR:SQ250303 SEC:CCD",2088.62,ACH_CREDIT,12088.72,,\r\n';

/** The next export, overlapping March's last days. */
const chaseApril =
  "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\r\n" +
  "DEBIT,04/02/2025,FINDLAY MKT PROP RENT    PPD ID: 6553315237,-4200.00,ACH_DEBIT,7834.55,,\r\n" +
  "DEBIT,03/14/2025,SQ *BLUE OAK COFFEE,-4.50,DEBIT_CARD,12079.72,,\r\n" +
  "DEBIT,03/14/2025,SQ *BLUE OAK COFFEE,-4.50,DEBIT_CARD,12084.22,,\r\n";

const withBadRow = "Date,Description,Amount\n2025-03-02,Staples,-12.40\n2025-03-03,Broken row,twelve\n2025-03-04,Client payment,900.00\n";

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

export function describeImportsContract(getTarget: () => ContractTarget): void {
  let target: ContractTarget;
  let company: CreatedCompany;
  let checking: string;
  beforeAll(async () => {
    target = getTarget();
    company = await createCompany(target, "retail");
    checking = await bankAccount(company, "Checking", "checking");
  });

  async function bankAccount(owner: CreatedCompany, name: string, kind: string, csv?: unknown): Promise<string> {
    const response = await call<{ bankAccount: { id: string } }>(target, "POST", `/v1/companies/${owner.id}/bank-accounts`, {
      token: owner.apiKey,
      json: csv === undefined ? { name, kind } : { name, kind, csv },
    });
    expect(response.status, response.text).toBe(201);
    return response.body.bankAccount.id;
  }

  const importsPath = (owner: CreatedCompany, account: string): string => `/v1/companies/${owner.id}/bank-accounts/${account}/imports`;

  const upload = (owner: CreatedCompany, account: string, body: Uint8Array | string, headers: Record<string, string> = {}, query = "") =>
    call<{ imports: (Report | Failed)[] }>(target, "POST", `${importsPath(owner, account)}${query}`, {
      token: owner.apiKey,
      body: typeof body === "string" ? body : (body),
      headers: { "content-type": "text/csv", ...headers },
    });

  const transactions = async (owner: CreatedCompany, query = ""): Promise<Transaction[]> => {
    const all: Transaction[] = [];
    let cursor: string | null = null;
    do {
      const separator = query === "" ? "?" : "&";
      const page: { status: number; text: string; body: { data: Transaction[]; nextCursor: string | null } } = await call(
        target,
        "GET",
        `/v1/companies/${owner.id}/transactions${query}${cursor === null ? "" : `${separator}cursor=${encodeURIComponent(cursor)}`}`,
        { token: owner.apiKey },
      );
      expect(page.status, page.text).toBe(200);
      all.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return all;
  };

  describe("importing a file", () => {
    it("imports a raw file, reports its dialect and rows, and keeps two real identical rows as two", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Chase", "checking");
      const response = await upload(owner, account, chaseMarch, {}, "?filename=march.csv");
      expect(response.status, response.text).toBe(201);
      const [report] = response.body.imports as Report[];
      expect(report?.filename).toBe("march.csv");
      expect(report?.rows).toEqual({ total: 4, inserted: 4, duplicate: 0, rejected: 0, skipped: 0 });
      expect(report?.dialect).toMatchObject({ delimiter: ",", header: true, dateOrder: "MDY", encoding: "utf-8" });

      const rows = await transactions(owner);
      expect(rows.map((t) => `${t.postedOn} ${t.amountMinor} ${t.vendor}`).sort()).toEqual([
        "2025-03-03 208862 Square Inc",
        "2025-03-14 -450 Blue Oak Coffee",
        "2025-03-14 -450 Blue Oak Coffee",
        "2025-03-14 -4517 Kroger",
      ]);
      expect(rows.every((t) => t.currency === "USD" && t.bankAccountId === account)).toBe(true);
      // The retail rule pack knows Square settlements and Kroger; the coffee roaster waits for review in suspense.
      expect(rows.map((t) => `${t.vendor} ${t.status} ${t.category?.accountCode} ${t.category?.source}`).sort()).toEqual([
        "Blue Oak Coffee review 6999 none",
        "Blue Oak Coffee review 6999 none",
        "Kroger categorized 5010 rule",
        "Square Inc categorized 4000 rule",
      ]);
      expect(rows.find((t) => t.vendor === "Kroger")?.description).toBe("CARD PURCHASE 03/13 KROGER #417 CINCINNATI OH CARD 0412");
    });

    it("answers the same bytes again with the earlier report, and inserts nothing", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Chase", "checking");
      const first = await upload(owner, account, chaseMarch);
      const again = await upload(owner, account, chaseMarch);
      expect(again.status, again.text).toBe(200);
      expect((again.body.imports[0] as Report).id).toBe((first.body.imports[0] as Report).id);
      expect((again.body.imports[0] as Report).status).toBe("already_imported");
      expect(await transactions(owner)).toHaveLength(4);
      const list = await call<{ data: Report[] }>(target, "GET", importsPath(owner, account), { token: owner.apiKey });
      expect(list.body.data).toHaveLength(1);
    });

    it("adds only the new rows of an overlapping statement", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Chase", "checking");
      await upload(owner, account, chaseMarch);
      const april = await upload(owner, account, chaseApril);
      expect(april.status, april.text).toBe(201);
      expect((april.body.imports[0] as Report).rows).toEqual({ total: 3, inserted: 1, duplicate: 2, rejected: 0, skipped: 0 });
      expect(await transactions(owner)).toHaveLength(5);
    });

    it("keeps an unreadable row as a rejection with its line, reason and raw text; strict=true refuses the file instead", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Checking", "checking");
      const strict = await upload(owner, account, withBadRow, {}, "?strict=true");
      const refused = expectError(strict, 422, "rows_rejected");
      expect(JSON.stringify(refused.error.details)).toContain("Broken row");
      expect(await transactions(owner)).toHaveLength(0);

      const lenient = await upload(owner, account, withBadRow);
      expect(lenient.status, lenient.text).toBe(201);
      const report = lenient.body.imports[0] as Report;
      expect(report.rows).toEqual({ total: 3, inserted: 2, duplicate: 0, rejected: 1, skipped: 0 });
      expect(report.rejections).toEqual([{ line: 3, reason: 'not an amount: "twelve"', raw: "2025-03-03,Broken row,twelve" }]);
      const shown = await call<{ import: Report }>(target, "GET", `${importsPath(owner, account)}/${report.id}`, { token: owner.apiKey });
      expect(shown.body.import.rejections).toEqual(report.rejections);
    });

    it("imports each file of a multipart request on its own: one bad file leaves the others imported", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Checking", "checking");
      const form = new FormData();
      form.append("file", new Blob([encode(chaseMarch)]), "march.csv");
      form.append("file", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 0])]), "scan.png");
      form.append("file", new Blob([encode(withBadRow)]), "other.csv");
      const response = await call<{ imports: (Report | Failed)[] }>(target, "POST", importsPath(owner, account), { token: owner.apiKey, body: form });
      expect(response.status, response.text).toBe(201);
      expect(response.body.imports.map((r) => [r.filename, r.status])).toEqual([
        ["march.csv", "imported"],
        ["scan.png", "failed"],
        ["other.csv", "imported"],
      ]);
      expect((response.body.imports[1] as Failed).error).toMatchObject({ code: "unreadable_file" });
      expect(await transactions(owner)).toHaveLength(6);
    });

    it("reads a card export whose charges are positive, and stores money out as negative", async () => {
      const owner = await createCompany(target, "services");
      const card = await bankAccount(owner, "Amex", "credit_card");
      const amex = "Date,Description,Amount\n03/05/2025,PROCARE SOFTWARE,79.00\n03/11/2025,AUTOPAY PAYMENT - THANK YOU,-1832.55\n03/18/2025,WAL-MART #2253,161.41\n";
      const response = await upload(owner, card, amex);
      expect((response.body.imports[0] as Report).dialect).toMatchObject({ signConvention: "positive_is_outflow", signConventionFrom: "content" });
      expect((await transactions(owner)).map((t) => t.amountMinor).sort((a, b) => a - b)).toEqual([-16141, -7900, 183255]);
    });

    it("uses the bank account's pinned date format where the file alone is ambiguous", async () => {
      const owner = await createCompany(target, "retail");
      const ambiguous = "Date,Description,Amount\n03/04/2025,One,-1.00\n04/05/2025,Two,-2.00\n";
      const unpinned = await bankAccount(owner, "Unpinned", "checking");
      const refused = expectError(await upload(owner, unpinned, ambiguous), 422, "unreadable_file");
      expect(refused.error.message).toContain("dateFormat");
      const pinned = await bankAccount(owner, "Pinned", "checking", { dateFormat: "DD/MM/YYYY" });
      const accepted = await upload(owner, pinned, ambiguous);
      expect(accepted.status, accepted.text).toBe(201);
      expect((await transactions(owner, `?bankAccountId=${pinned}`)).map((t) => t.postedOn)).toEqual(["2025-05-04", "2025-04-03"]);
    });

    it("lets a bookkeeper pin what a refusal asked for on an existing bank account, and upload again", async () => {
      const owner = await createCompany(target, "retail");
      const ambiguous = "Date,Description,Amount\n03/04/2025,One,-1.00\n04/05/2025,Two,-2.00\n";
      const account = await bankAccount(owner, "Checking", "checking");
      expectError(await upload(owner, account, ambiguous), 422, "unreadable_file");
      const path = `/v1/companies/${owner.id}/bank-accounts/${account}`;
      const patch = (json: unknown, who = owner) => call<{ bankAccount: { csv: unknown } }>(target, "PATCH", path, { token: who.apiKey, json });

      const pinned = await patch({ csv: { dateFormat: "MM/DD/YYYY" } });
      expect(pinned.status, pinned.text).toBe(200);
      expect(pinned.body.bankAccount.csv).toEqual({ signConvention: "auto", dateFormat: "MM/DD/YYYY" });
      expect((await call<{ bankAccount: { csv: unknown } }>(target, "GET", path, { token: owner.apiKey })).body.bankAccount.csv).toEqual(pinned.body.bankAccount.csv);
      expect((await upload(owner, account, ambiguous)).status).toBe(201);
      expect((await transactions(owner)).map((t) => t.postedOn)).toEqual(["2025-04-05", "2025-03-04"]);

      // Bad settings change nothing; another company's key cannot reach the account; null clears the pin.
      expectError(await patch({ csv: { dateFormat: "DD-MON-YY" } }), 422, "validation_failed");
      expectError(await patch({ csv: null, name: "Renamed" }), 422, "validation_failed");
      expectError(await patch({ csv: null }, company), 404, "not_found");
      expect((await call<{ bankAccount: { csv: unknown } }>(target, "GET", path, { token: owner.apiKey })).body.bankAccount.csv).toEqual(pinned.body.bankAccount.csv);
      expect((await patch({ csv: null })).body.bankAccount.csv).toBeNull();
    });

    it("imports a large file in one batch, chunked under D1's parameter limit", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Checking", "checking");
      const lines = ["Date,Description,Amount"];
      for (let i = 0; i < 600; i++) lines.push(`2025-03-${String((i % 28) + 1).padStart(2, "0")},Row ${i},-${(i + 1).toFixed(2)}`);
      const response = await upload(owner, account, `${lines.join("\n")}\n`);
      expect(response.status, response.text).toBe(201);
      expect((response.body.imports[0] as Report).rows.inserted).toBe(600);
      const stored = await transactions(owner, "?limit=500");
      expect(stored).toHaveLength(600);
      // Each a distinct version-7 UUID: random, never derived from the row, in the order the rows were booked.
      for (const { id } of stored) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(stored.map((t) => t.id)).size).toBe(600);
    });
  });

  describe("racing uploads", () => {
    it("stores the same file sent twice at once as one import, and overlapping files as their union", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Checking", "checking");
      const same = await Promise.all([upload(owner, account, chaseMarch), upload(owner, account, chaseMarch)]);
      expect(same.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(new Set(same.map((r) => (r.body.imports[0] as Report).id)).size).toBe(1);
      const overlapping = await Promise.all([upload(owner, account, chaseApril), upload(owner, account, `${chaseApril}DEBIT,04/03/2025,LATE ROW,-1.00,DEBIT_CARD,0,,\r\n`)]);
      expect(overlapping.map((r) => r.status)).toEqual([201, 201]);
      // March's four, April's rent, and the late row: each once.
      expect(await transactions(owner)).toHaveLength(6);
    });
  });

  describe("idempotency", () => {
    it("replays the first answer for the same Idempotency-Key, and refuses the key for another file", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Checking", "checking");
      const first = await upload(owner, account, chaseMarch, { "idempotency-key": "upload-1" });
      const replay = await upload(owner, account, chaseMarch, { "idempotency-key": "upload-1" });
      expect(replay.status).toBe(first.status);
      expect(replay.body).toEqual(first.body);
      expectError(await upload(owner, account, withBadRow, { "idempotency-key": "upload-1" }), 409, "idempotency_key_reused");
      expect(await transactions(owner)).toHaveLength(4);
      // A key first sent with bytes imported earlier (without a key) now names that import.
      expect((await upload(owner, account, chaseApril)).status).toBe(201);
      expect((await upload(owner, account, chaseApril, { "idempotency-key": "late-key" })).status).toBe(200);
      expectError(await upload(owner, account, withBadRow, { "idempotency-key": "late-key" }), 409, "idempotency_key_reused");
    });
  });

  describe("pages of transactions", () => {
    it("walks every transaction once with the cursor, newest first, and filters by account and dates", async () => {
      const owner = await createCompany(target, "retail");
      const a = await bankAccount(owner, "A", "checking");
      const b = await bankAccount(owner, "B", "savings");
      await upload(owner, a, chaseMarch);
      await upload(owner, b, withBadRow);
      const walked = await transactions(owner, "?limit=2");
      expect(walked).toHaveLength(6);
      expect(new Set(walked.map((t) => t.id)).size).toBe(6);
      const dates = walked.map((t) => t.postedOn);
      expect(dates).toEqual([...dates].sort().reverse());
      expect((await transactions(owner, `?bankAccountId=${b}`)).map((t) => t.bankAccountId)).toEqual([b, b]);
      expect((await transactions(owner, "?from=2025-03-04&to=2025-03-13")).map((t) => t.postedOn)).toEqual(["2025-03-04"]);
    });
  });

  describe("bad input: a clear code, and nothing stored changes", () => {
    it.each([
      ["an empty file", "", "unreadable_file", "empty"],
      ["binary data", "\u0000\u0001\u0002\u0003\u0004\u0005PK\u0003\u0004\u0000\u0000", "unreadable_file", "binary"],
      ["no date column", "Description,Amount\nCoffee,-4.50\nTea,-3.00\n", "unreadable_file", "date"],
      ["no amount column", "Date,Description\n2025-03-01,Coffee\n2025-03-02,Tea\n", "unreadable_file", "amount"],
    ])("refuses %s with 422", async (_label, body, code, words) => {
      const before = await transactions(company);
      const refused = expectError(await upload(company, checking, body), 422, code);
      expect(refused.error.message.toLowerCase()).toContain(words);
      expect(await transactions(company)).toEqual(before);
      const list = await call<{ data: Report[] }>(target, "GET", importsPath(company, checking), { token: company.apiKey });
      expect(list.body.data).toHaveLength(0);
    });

    it("answers any bytes at all with a report or a 4xx and a reason, never a 500", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Fuzzed", "checking");
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
          const response = await upload(owner, account, bytes);
          expect([200, 201, 422], response.text).toContain(response.status);
          if (response.status === 422) expect((response.body as unknown as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
        }),
        { numRuns: 25 },
      );
    });

    it("refuses a file over the import limit with 413", async () => {
      const big = `Date,Description,Amount\n${"2025-03-01,Coffee,-4.50\n".repeat(Math.ceil(testImportBytesMax / 24) + 10)}`;
      expectError(await upload(company, checking, big), 413, "payload_too_large");
    });

    it("keeps a filename people can read: control characters out, a '%' kept", async () => {
      const owner = await createCompany(target, "retail");
      const account = await bankAccount(owner, "Names", "checking");
      const percent = await upload(owner, account, chaseMarch, { "content-disposition": 'attachment; filename="100%.csv"' });
      expect(percent.status, percent.text).toBe(201);
      expect((percent.body.imports[0] as Report).filename).toBe("100%.csv");
      const controls = await upload(owner, account, withBadRow, {}, "?filename=a%00b%0Ac%1B.csv");
      expect((controls.body.imports[0] as Report).filename).toBe("abc.csv");
    });

    it("refuses a body that is neither a file nor multipart with 415", async () => {
      expectError(await upload(company, checking, "{}", { "content-type": "application/json" }), 415, "unsupported_media_type");
    });

    it.each([
      ["?from=2025-03-10&to=2025-03-01", "from", "invalid_period"],
      ["?from=2025-02-30", "from", "validation_failed"],
      ["?limit=0", "limit", "validation_failed"],
      ["?limit=501", "limit", "validation_failed"],
      ["?status=posted", "status", "validation_failed"],
      ["?cursor=not-a-cursor", "cursor", "validation_failed"],
    ])("refuses transactions%s with 422", async (query, field, code) => {
      const refused = expectError(await call(target, "GET", `/v1/companies/${company.id}/transactions${query}`, { token: company.apiKey }), 422, code);
      expect(refused.error.message).toContain(field);
    });

    it("answers another company's bank account, import and transactions with 404 or nothing", async () => {
      const other = await createCompany(target, "retail");
      const theirs = await bankAccount(other, "Theirs", "checking");
      const theirImport = ((await upload(other, theirs, chaseMarch)).body.imports[0] as Report).id;
      expectError(await upload(company, theirs, chaseMarch), 404, "not_found");
      expectError(await call(target, "GET", importsPath(company, theirs), { token: company.apiKey }), 404, "not_found");
      expectError(await call(target, "GET", `${importsPath(company, checking)}/${theirImport}`, { token: company.apiKey }), 404, "not_found");
      expect((await transactions(company)).some((t) => t.bankAccountId === theirs)).toBe(false);
      expectError(await call(target, "GET", `/v1/companies/${company.id}/transactions?bankAccountId=${theirs}`, { token: company.apiKey }), 404, "not_found");
    });
  });
}
