/**
 * Every operation of the app's OpenAPI document, and for each an arbitrary
 * request plan: which ids go in the path, which query parameters and headers,
 * which body, which credentials. Ids are chosen as picks, resolved against
 * the ids the run knows only when the request is sent (world.ts), since
 * earlier requests make new ones.
 */
import fc from "fast-check";
import { jsonBody, strayBody, uploadBody, type FuzzBody } from "./bodies.ts";
import { idPlaceholder, resolveRef, schemaArbitrary, type JsonSchema, type SchemaRoot } from "./schema-arbitrary.ts";

interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument extends SchemaRoot {
  paths: Record<string, Record<string, OperationObject>>;
}

export interface Operation {
  method: string;
  /** As the document writes it: `/v1/companies/{companyId}/rules/{ruleId}`. */
  template: string;
  parameters: ParameterObject[];
  bodySchema: JsonSchema | undefined;
  /** Takes a raw file or multipart, which the document does not describe as a schema. */
  upload: boolean;
}

const methods = ["get", "post", "put", "patch", "delete"];
/** Methods fetch may send with or without a body (not HEAD or GET with one; never TRACE or CONNECT). */
const otherMethods = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Uploads take their files as the raw body: the document names no schema for them. */
const isUpload = (method: string, template: string): boolean => method === "POST" && /\/(imports|documents)$/.test(template);

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!methods.includes(method)) continue;
      const upper = method.toUpperCase();
      operations.push({
        method: upper,
        template,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content?.["application/json"]?.schema,
        upload: isUpload(upper, template),
      });
    }
  }
  return operations;
}

export type IdChoice = { kind: "own"; pick: number } | { kind: "other"; pick: number } | { kind: "literal"; value: string; raw: boolean };

/** Whose credentials: the fuzz company's key mostly; sometimes none, a wrong one, the admin's, another company's. */
export type AuthChoice = "own" | "none" | "wrong" | "malformed" | "admin" | "otherKey";

export interface RequestPlan {
  operation: Operation;
  pathIds: Record<string, IdChoice>;
  query: [string, string][];
  headers: Record<string, string>;
  body: FuzzBody | undefined;
  auth: AuthChoice;
  /** Another method than the document's, now and then: routing must refuse it in the envelope too. */
  method: string;
  /** Appended to the query as written, unencoded: broken percent-escapes, empty names, brackets. */
  rawQuery: string;
  /** How many copies go at once: two races the same write against itself (imports, keys, corrections). */
  copies: number;
}

const hostileSegment = fc.oneof(
  fc.constantFrom("", "0", "-1", "null", "undefined", "../", "..%2F..%2Fhealth", "..", ".", "%00", "' OR '1'='1", "1; DROP TABLE companies;--", "*", "%", "?x=1", "#frag", "\u202Eevil", "🧾", "a/b"),
  fc.constant("9".repeat(400)),
  fc.constant("x".repeat(5000)),
  fc.uuid(),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
);

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { arbitrary: fc.nat().map((pick): IdChoice => ({ kind: "own", pick })), weight: 40 },
  { arbitrary: fc.nat().map((pick): IdChoice => ({ kind: "other", pick })), weight: 2 },
  { arbitrary: hostileSegment.map((value): IdChoice => ({ kind: "literal", value, raw: false })), weight: 3 },
  // Unencoded, so the URL itself changes shape: routing must still answer with the envelope.
  { arbitrary: fc.constantFrom("../", "..", "%2e%2e", "a/../b").map((value): IdChoice => ({ kind: "literal", value, raw: true })), weight: 1 },
);

const hostileQueryValue = fc.oneof(
  fc.constantFrom("", " ", "abc", "-1", "0", "1.5", "1e20", "100000000000000000000", "NaN", "Infinity", "0x10", "1e400", "9007199254740993", "-9223372036854775809", "true", "null", "[]", "{}", "' OR 1=1 --", "%00", "\u0000"),
  fc.constantFrom("2025-02-30", "2025-13-01", "0000-00-00", "9999-12-31", "-001-01-01", "2025-1-1", "2025-02-29", "2024-02-29", "1970-01-01", "20250101"),
  fc.constant("x".repeat(10_000)),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
);

function boundaryValues(schema: JsonSchema): string[] {
  const values: string[] = [];
  for (const bound of [schema.minimum, schema.maximum]) if (bound !== undefined) values.push(String(bound - 1), String(bound), String(bound + 1));
  if (schema.maxLength !== undefined) values.push("a".repeat(schema.maxLength), "a".repeat(schema.maxLength + 1));
  if (schema.enum !== undefined) values.push(...schema.enum.map((v) => String(v).toUpperCase()), `${String(schema.enum[0])} `);
  return values;
}

const asQueryString = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

function queryValue(root: SchemaRoot, raw: JsonSchema | undefined): fc.Arbitrary<string> {
  const schema = resolveRef(root, raw ?? {});
  const valid = schemaArbitrary(root, schema).map(asQueryString);
  const edges = boundaryValues(schema);
  const boundary = edges.length === 0 ? hostileQueryValue : fc.constantFrom(...edges);
  return fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: boundary, weight: 2 }, { arbitrary: hostileQueryValue, weight: 2 });
}

/** Each parameter left out, given once, or given twice; now and then one the document does not know. */
function mixedQuery(root: SchemaRoot, parameters: ParameterObject[]): fc.Arbitrary<[string, string][]> {
  const perParameter = parameters.map((p) =>
    fc.oneof(
      { arbitrary: fc.constant<[string, string][]>([]), weight: 3 },
      { arbitrary: queryValue(root, p.schema).map((v): [string, string][] => [[p.name, v]]), weight: 4 },
      { arbitrary: fc.tuple(queryValue(root, p.schema), queryValue(root, p.schema)).map(([a, b]): [string, string][] => [[p.name, a], [p.name, b]]), weight: 1 },
    ),
  );
  const unknown = fc.oneof({ arbitrary: fc.constant<[string, string][]>([]), weight: 9 }, { arbitrary: fc.tuple(fc.constantFrom("format", "limit", "x", "__proto__"), hostileQueryValue).map((pair): [string, string][] => [pair]), weight: 1 });
  return fc.tuple(fc.tuple(...perParameter), unknown).map(([lists, extra]) => [...lists.flat(), ...extra]);
}

/** A value the schema allows; for an id or an account code, one of the run's real ones. */
function cleanValue(root: SchemaRoot, parameter: ParameterObject): fc.Arbitrary<string> {
  if (parameter.name.endsWith("Id") || parameter.name === "accountCode") return fc.nat().map((pick) => idPlaceholder(parameter.name, pick));
  return schemaArbitrary(root, resolveRef(root, parameter.schema ?? {})).map(asQueryString);
}

/** Only values the schema allows, so the request gets past validation; no cursor, which only a page can give. */
function cleanQuery(root: SchemaRoot, parameters: ParameterObject[]): fc.Arbitrary<[string, string][]> {
  const perParameter = parameters
    .filter((p) => p.name !== "cursor")
    .map((p) => fc.option(cleanValue(root, p).map((v): [string, string] => [p.name, v]), { nil: undefined }));
  return fc.tuple(...perParameter).map((pairs) => pairs.filter((pair) => pair !== undefined));
}

function queryArbitrary(root: SchemaRoot, parameters: ParameterObject[]): fc.Arbitrary<[string, string][]> {
  if (parameters.length === 0) return fc.constant([]);
  return fc.oneof({ arbitrary: cleanQuery(root, parameters), weight: 3 }, { arbitrary: mixedQuery(root, parameters), weight: 2 });
}

const rawQuery = fc.constantFrom("%zz=1", "limit=%E0%A4%A", "from=%", "a[b]=1", "&&&", "=x", "limit", "format=csv%00", "limit=1&limit=2&limit=3", "%FF%FE=%FF");

/** Header values fetch will send: printable ASCII, sometimes long. */
const headerValue = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 0, maxLength: 40 }), fc.constant("k".repeat(300)), fc.uuid());

function headersArbitrary(parameters: ParameterObject[]): fc.Arbitrary<Record<string, string>> {
  const shape: Record<string, fc.Arbitrary<string>> = {};
  for (const p of parameters) shape[p.name] = fc.oneof({ arbitrary: fc.uuid(), weight: 3 }, { arbitrary: headerValue.map((v) => v.trim()), weight: 1 });
  const headers = fc.record(shape, { requiredKeys: [] }).map((partial): Record<string, string> => {
    const present: Record<string, string> = {};
    for (const [name, value] of Object.entries(partial)) if (typeof value === "string") present[name] = value;
    return present;
  });
  return fc.oneof({ arbitrary: fc.constant<Record<string, string>>({}), weight: 2 }, { arbitrary: headers, weight: 1 });
}

const authChoice = fc.oneof(
  { arbitrary: fc.constant<AuthChoice>("own"), weight: 16 },
  { arbitrary: fc.constantFrom<AuthChoice>("none", "wrong", "malformed", "admin", "otherKey"), weight: 4 },
);

function bodyArbitrary(root: SchemaRoot, operation: Operation): fc.Arbitrary<FuzzBody | undefined> {
  if (operation.upload) return uploadBody;
  if (operation.bodySchema !== undefined) return jsonBody(root, operation.bodySchema);
  // fetch refuses a body on GET; every other method may get one it does not expect.
  return operation.method === "GET" ? fc.constant(undefined) : strayBody;
}

export function planArbitrary(root: SchemaRoot, operation: Operation): fc.Arbitrary<RequestPlan> {
  const byPlace = (place: string): ParameterObject[] => operation.parameters.filter((p) => p.in === place);
  const pathIds: Record<string, fc.Arbitrary<IdChoice>> = {};
  for (const p of byPlace("path")) pathIds[p.name] = idChoice;
  return fc.record({
    operation: fc.constant(operation),
    pathIds: fc.record(pathIds),
    query: queryArbitrary(root, byPlace("query")),
    headers: headersArbitrary(byPlace("header")),
    body: bodyArbitrary(root, operation),
    auth: authChoice,
    rawQuery: fc.oneof({ arbitrary: fc.constant(""), weight: 15 }, { arbitrary: rawQuery, weight: 1 }),
    method: fc.oneof({ arbitrary: fc.constant(operation.method), weight: 19 }, { arbitrary: fc.constantFrom(...otherMethods.filter((m) => m !== operation.method)), weight: 1 }),
    copies: fc.oneof({ arbitrary: fc.constant(1), weight: operation.method === "GET" ? 19 : 6 }, { arbitrary: fc.constant(2), weight: 1 }),
  });
}

/** Any operation of the document, each as likely as the next. */
export function requestPlans(document: OpenApiDocument): fc.Arbitrary<RequestPlan> {
  return fc.oneof(...operationsOf(document).map((operation) => planArbitrary(document, operation)));
}
