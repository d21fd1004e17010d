/**
 * Request bodies as bytes and a content type: valid JSON from the operation's
 * schema, that JSON broken (missing, extra, wrong-typed fields; nulls; huge
 * strings; deep nesting; invalid JSON; another content type), and uploads (raw
 * files or hand-made multipart, boundary troubles included). Bytes, so a fault's
 * reproduction is exactly what was sent.
 */
import fc from "fast-check";
import { hostileFile, hostileFilename, plausibleCsv, plausibleReceipt, utf8 } from "./hostile-files.ts";
import { resolveRef, schemaArbitrary, type JsonSchema, type SchemaRoot } from "./schema-arbitrary.ts";

export interface FuzzBody {
  contentType: string | undefined;
  bytes: Uint8Array;
}

const json = (value: unknown): FuzzBody => ({ contentType: "application/json", bytes: utf8(JSON.stringify(value).replace(/"@@number:([^@]+)@@"/g, "$1")) });

const wrongValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, -0, 2 ** 53 + 1, "", "null", [], {}, [null], { $gt: "" }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.constant("x".repeat(100_000)),
);

type Mutation = (value: Record<string, unknown>, schema: JsonSchema) => fc.Arbitrary<unknown>;

const dropRequired: Mutation = (value, schema) => {
  const required = (schema.required ?? []).filter((key) => key in value);
  if (required.length === 0) return fc.constant(value);
  return fc.constantFrom(...required).map((key) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)));
};

const addExtra: Mutation = (value) =>
  fc.tuple(fc.constantFrom("extra", "__proto__", "constructor", "id", "companyId", ""), wrongValue).map(([key, extra]) => ({ ...value, [key]: extra }));

const retype: Mutation = (value, schema) => {
  const keys = Object.keys({ ...schema.properties, ...value });
  if (keys.length === 0) return wrongValue;
  return fc.tuple(fc.constantFrom(...keys), wrongValue).map(([key, wrong]) => ({ ...value, [key]: wrong }));
};

/** JSON.stringify writes Infinity as null: a marker, swapped for the number's text after, writes it as sent. */
const numberMarker = (text: string): string => `@@number:${text}@@`;

/** Numbers JSON can write and a double cannot hold: 1e400 parses as Infinity. */
const hugeNumbers: Mutation = (value, schema) => {
  const keys = Object.keys({ ...schema.properties, ...value });
  if (keys.length === 0) return fc.constant(value);
  return fc.tuple(fc.constantFrom(...keys), fc.constantFrom("1e400", "-1e400", "9223372036854775808", "1e-400", "-0", "0.30000000000000004")).map(([key, n]) => ({ ...value, [key]: numberMarker(n) }));
};

const mutations: readonly Mutation[] = [dropRequired, addExtra, retype, hugeNumbers];

function deepNesting(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** Text that is not the JSON it claims to be, or JSON that is not an object. */
const brokenJsonText = fc.oneof(
  fc.constantFrom("", "{", "{\"name\":", "nul", "{'name':'x'}", "[1,2,", "{\"a\":1}{\"b\":2}", "\uFEFF{}", "{\"name\":\"a\",\"name\":\"b\"}", "\"just a string\"", "42", "null", "[]", "true"),
  fc.constantFrom("{\"name\":\"\\ud800\",\"industry\":\"retail\"}", "{\"name\":\"a\u0000b\"}", "{\"name\":\"tab\there\"}", "{\"confidenceThreshold\":1e400}", "{\"position\":-1e400}", "{\"accountCode\":\"6100\"}\u0000"),
  fc.integer({ min: 100, max: 20_000 }).map(deepNesting),
  fc.integer({ min: 100, max: 5_000 }).map((depth) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
  fc.string({ maxLength: 50 }),
);

const wrongContentType = fc.constantFrom<string | undefined>(undefined, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=utf-16", "APPLICATION/JSON", "application/json-patch+json", "");

/** A JSON operation's body: mostly valid, often broken. */
export function jsonBody(root: SchemaRoot, raw: JsonSchema): fc.Arbitrary<FuzzBody | undefined> {
  const schema = resolveRef(root, raw);
  const valid = schemaArbitrary(root, schema);
  const mutated = valid.chain((value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return wrongValue;
    return fc.oneof(...mutations.map((mutate) => mutate(value as Record<string, unknown>, schema)));
  });
  return fc.oneof(
    { arbitrary: valid.map(json), weight: 5 },
    { arbitrary: mutated.map(json), weight: 4 },
    { arbitrary: brokenJsonText.map((text) => ({ contentType: "application/json", bytes: utf8(text) })), weight: 2 },
    { arbitrary: fc.tuple(valid, wrongContentType).map(([value, contentType]) => ({ contentType, bytes: utf8(JSON.stringify(value)) })), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

interface Part {
  field: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

const partTypes = ["text/csv", "text/plain", "application/octet-stream", "application/pdf", "image/png", "image/jpeg", "application/zip", ""];

const part: fc.Arbitrary<Part> = fc.record({
  field: fc.constantFrom("file", "files", "", "x"),
  filename: hostileFilename,
  contentType: fc.constantFrom(...partTypes),
  bytes: hostileFile,
});

function multipartBytes(boundary: string, parts: readonly Part[], closed: boolean): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const p of parts) {
    const type = p.contentType === "" ? "" : `Content-Type: ${p.contentType}\r\n`;
    chunks.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.filename.replace(/["\r\n]/g, "_")}"\r\n${type}\r\n`), p.bytes, utf8("\r\n"));
  }
  if (closed) chunks.push(utf8(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const boundary = "fuzzBoundary7MA4YWxkTrZu0gW";

/** Many small files: past the per-request file count (50), the upload must be refused, not tried. */
const manyParts = fc.integer({ min: 45, max: 60 }).chain((count) => fc.array(part.map((p) => ({ ...p, bytes: p.bytes.slice(0, 64) })), { minLength: count, maxLength: count }));

/** Several files in one request, sometimes with a missing or wrong boundary, or never closed. */
const multipart: fc.Arbitrary<FuzzBody> = fc
  .tuple(fc.oneof({ arbitrary: fc.array(part, { maxLength: 4 }), weight: 9 }, { arbitrary: manyParts, weight: 1 }), fc.constantFrom("ok", "ok", "ok", "none", "wrong", "unclosed"))
  .map(([parts, how]) => ({
    contentType: how === "none" ? "multipart/form-data" : `multipart/form-data; boundary=${how === "wrong" ? "other" : boundary}`,
    bytes: multipartBytes(boundary, parts, how !== "unclosed"),
  }));

/** Just over the hosts' 64 KiB test limit, or far over it: refused while streaming, as 413. */
const oversized: fc.Arbitrary<FuzzBody> = fc.constantFrom(64 * 1024 + 1, 300 * 1024).map((size) => ({ contentType: "text/csv", bytes: new Uint8Array(size).fill(0x41) }));

const rawUploadType = fc.constantFrom<string | undefined>("text/csv", "text/plain", "application/octet-stream", "application/pdf", "image/png", "image/jpeg", "application/json", "text/html", undefined, "text/csv; charset=utf-16");

/** An upload operation's body: one raw file of any type, or multipart. */
export const uploadBody: fc.Arbitrary<FuzzBody | undefined> = fc.oneof(
  { arbitrary: plausibleCsv.map((text) => ({ contentType: "text/csv", bytes: utf8(text) })), weight: 3 },
  { arbitrary: plausibleReceipt.map((text) => ({ contentType: "text/plain", bytes: utf8(text) })), weight: 2 },
  { arbitrary: fc.tuple(hostileFile, rawUploadType).map(([bytes, contentType]) => ({ contentType, bytes })), weight: 6 },
  { arbitrary: multipart, weight: 3 },
  { arbitrary: oversized, weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

/** An operation that takes no body may still get one. */
export const strayBody: fc.Arbitrary<FuzzBody | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 8 },
  { arbitrary: brokenJsonText.map((text) => ({ contentType: "application/json", bytes: utf8(text) })), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }).map(json), weight: 1 },
);
