import { describe, expect, it } from "vitest";
import { assertWithinD1Limits, StatementLimitError } from "./statement-limits.ts";

describe("assertWithinD1Limits", () => {
  it("allows exactly 100 parameters and refuses 101", () => {
    expect(() => assertWithinD1Limits("select 1", 100)).not.toThrow();
    expect(() => assertWithinD1Limits("select 1", 101)).toThrow(StatementLimitError);
  });

  it("measures the statement in UTF-8 bytes, not characters", () => {
    expect(() => assertWithinD1Limits("a".repeat(100_000), 0)).not.toThrow();
    expect(() => assertWithinD1Limits("a".repeat(100_001), 0)).toThrow(/100001 bytes/);
    // 50,001 two-byte characters: under the limit in characters, over it in bytes.
    expect(() => assertWithinD1Limits("é".repeat(50_001), 0)).toThrow(StatementLimitError);
  });
});
