/**
 * A JSON Schema as a fast-check arbitrary of values it accepts: the subset the
 * app's OpenAPI document uses (object, properties, required, enum, string
 * lengths and patterns, integer and number bounds, arrays, anyOf, nullable
 * types, $ref). Valid values reach deep into the handlers; the mutations in
 * mutations.ts then break them in ways a validator must refuse.
 */
import fc from "fast-check";

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}

/** Where `#/components/schemas/...` references point. */
export interface SchemaRoot {
  components?: { schemas?: Record<string, JsonSchema> };
}

export function resolveRef(root: SchemaRoot, schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  const target = root.components?.schemas?.[name];
  if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
  return resolveRef(root, target);
}

/** Strings that look real: words a bookkeeper would type, plus any unicode. */
const plainText = fc.oneof(
  fc.constantFrom("Coffee", "STARBUCKS #123", "Rent", "6100", "4000", "1000", "USD", "x"),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  // Any code point, lone surrogates included: JSON can carry them, UTF-8 and SQLite text cannot.
  fc.string({ unit: "binary", maxLength: 20 }),
);

/** Real calendar days around the books' data: a date-shaped pattern alone gives 2025-97-63. */
const isoDay = fc.date({ min: new Date("2024-06-01T00:00:00Z"), max: new Date("2026-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/**
 * The patterns the document uses, each with strings that match it. A pattern
 * not listed here gets free text: the server's refusal is then the test.
 */
const patternArbitraries: Record<string, fc.Arbitrary<string>> = {
  "^\\d{4}-\\d{2}-\\d{2}$": fc.oneof({ arbitrary: isoDay, weight: 9 }, { arbitrary: fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/), weight: 1 }),
  "^[A-Z]{3}$": fc.oneof(fc.constantFrom("USD", "EUR", "GBP"), fc.stringMatching(/^[A-Z]{3}$/)),
  "^\\d{4}$": fc.oneof(fc.constantFrom("4242", "0000"), fc.stringMatching(/^\d{4}$/)),
};

function patternString(pattern: string): fc.Arbitrary<string> {
  return patternArbitraries[pattern] ?? fc.string({ maxLength: 20 });
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 200;
  if (schema.pattern !== undefined) return patternString(schema.pattern);
  const free = fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 40) });
  const typed = plainText.filter((s) => s.length >= minLength && s.length <= maxLength);
  return fc.oneof(typed, free);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const min = schema.minimum ?? exclusiveMin ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  if (integer) return fc.integer({ min: Math.ceil(min + (exclusiveMin === undefined ? 0 : 1)), max: Math.floor(max) });
  const double = fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: exclusiveMin !== undefined });
  return fc.oneof(double, fc.constant(max));
}

/**
 * A placeholder for a real id of the run, put in where a body names one
 * (`transactionId`): world.ts swaps it for an id when the request is sent,
 * so corrections and matches reach past "not found".
 */
export const idPlaceholder = (parameter: string, pick: number): string => `@@${parameter}#${pick}@@`;

function propertyArbitrary(root: SchemaRoot, name: string, property: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const generated = schemaArbitrary(root, property, depth + 1);
  if (!name.endsWith("Id") && name !== "accountCode") return generated;
  return fc.oneof({ arbitrary: fc.nat().map((pick) => idPlaceholder(name, pick)), weight: 3 }, { arbitrary: generated, weight: 1 });
}

function objectArbitrary(root: SchemaRoot, schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) shape[name] = propertyArbitrary(root, name, property, depth);
  return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((key) => key in shape) });
}

function typedArbitrary(root: SchemaRoot, schema: JsonSchema, type: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "string":
      return stringArbitrary(schema);
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = schemaArbitrary(root, schema.items ?? {}, depth + 1);
      // Few items: a valid request is worth more spread over operations than long.
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, (schema.minItems ?? 0) + 4) });
    }
    case "object":
      return objectArbitrary(root, schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values the schema accepts (as far as this subset can tell). */
export function schemaArbitrary(root: SchemaRoot, raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(root, raw);
  if (depth > 8) return fc.constant(null);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined) return fc.oneof(...choices.map((choice) => schemaArbitrary(root, choice, depth + 1)));
  const types = schema.type === undefined ? (schema.properties === undefined ? [] : ["object"]) : [schema.type].flat();
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => typedArbitrary(root, schema, type, depth)));
}
