import { describe, expect, it } from "vitest";
import { z } from "zod";
import { describeZodError } from "./router.ts";

const item = z.strictObject({ transactionId: z.string(), accountCode: z.string() });
const items = z.array(item).min(1, "send at least one").max(2, "at most 2 per request");
/** A body that is a list, or the list under a key: the shape of the bulk corrections. */
const body = z.union([items, z.strictObject({ corrections: items })]);

const messageFor = (value: unknown): string => {
  const result = body.safeParse(value);
  if (result.success) throw new Error("expected the value to be refused");
  return describeZodError(result.error).message;
};

describe("describeZodError", () => {
  it("tells a union's problems from the branch the value was meant for, not 'Invalid input'", () => {
    const three = Array.from({ length: 3 }, () => ({ transactionId: "t", accountCode: "6100" }));
    expect(messageFor(three)).toBe("(body): at most 2 per request");
    expect(messageFor({ corrections: three })).toBe("corrections: at most 2 per request");
    expect(messageFor([{ transactionId: "t" }])).toMatch(/^0\.accountCode: /);
    expect(messageFor({ corrections: [{ transactionId: "t" }] })).toMatch(/^corrections\.0\.accountCode: /);
    expect(messageFor({ corrections: [], extra: 1 })).toContain('"extra"');
  });

  it("names the body when the value is neither branch's type", () => {
    expect(messageFor("x")).toMatch(/^\(body\): /);
    expect(messageFor("x")).not.toContain("Invalid input;");
  });
});
