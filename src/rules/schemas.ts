import { z } from "@hono/zod-openapi";
import { ruleOrigins } from "../shared/vocabulary.ts";
import { displayName } from "../http/fields.ts";
import { directions, textOperators, type RuleConditions } from "../categorize/rules.ts";
import type { RuleWithAccount } from "../db/queries/rules.ts";

const textCondition = z.strictObject({
  operator: z.enum(textOperators).openapi({ description: "contains and equals ignore case and repeated spaces; matches is a case-insensitive regular expression" }),
  value: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters"),
});

const minorBound = z.number().int("must be an integer number of minor units").nonnegative().max(Number.MAX_SAFE_INTEGER);

export const ruleConditionsSchema = z
  .strictObject({
    description: textCondition.optional(),
    vendor: textCondition.optional().openapi({ description: "The normalized vendor name, as transactions show it" }),
    amount: z
      .strictObject({ minMinor: minorBound.optional(), maxMinor: minorBound.optional() })
      .optional()
      .openapi({ description: "Bounds on the amount's size whatever its sign, in minor units, inclusive" }),
    direction: z.enum(directions).optional().openapi({ description: "in: money arriving; out: money leaving" }),
    bankAccountId: z.string().optional().openapi({ description: "Only transactions of this bank account" }),
  })
  .openapi("RuleConditions");

const action = z.strictObject({
  accountCode: z.string().min(1).openapi({ example: "6100" }),
  renameVendor: displayName.nullable().optional().openapi({ description: "Shown as the transaction's vendor instead of the one derived from its description" }),
});

const position = z.number().int().min(1).max(1_000_000).openapi({ description: "Rules are tried by ascending position; equal positions oldest first" });

export const createRuleBody = z
  .strictObject({ name: displayName, conditions: ruleConditionsSchema, action, position: position.optional() })
  .openapi("CreateRule");

export const updateRuleBody = z
  .strictObject({ name: displayName.optional(), conditions: ruleConditionsSchema.optional(), action: action.optional(), position: position.optional() })
  .refine((body) => Object.keys(body).length > 0, "name one of name, conditions, action or position to change")
  .openapi("UpdateRule");

export const ruleSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    name: z.string(),
    conditions: ruleConditionsSchema,
    action: z.object({ accountCode: z.string(), accountName: z.string(), renameVendor: z.string().nullable() }),
    origin: z.enum(ruleOrigins).openapi({
      description: "pack: seeded from the industry's defaults, and gives way where the company's people moved a vendor's transactions elsewhere; person: written or changed by someone at the company, and always applies",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Rule");

export const ruleJson = (row: RuleWithAccount): z.infer<typeof ruleSchema> => ({
  id: row.id,
  position: row.position,
  name: row.name,
  conditions: JSON.parse(row.conditions) as RuleConditions,
  action: { accountCode: row.accountCode, accountName: row.accountName, renameVendor: row.renameVendor },
  origin: row.origin,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
