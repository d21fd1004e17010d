import { describe, expect, it } from "vitest";
import { llmStatusAsOf } from "./service.ts";

describe("an import's LLM status as it is reported", () => {
  const createdAt = "2026-01-01T10:00:00.000Z";
  const at = (seconds: number): number => Date.parse(createdAt) + seconds * 1000;

  it("is pending while the work can still be running, and failed once it cannot be", () => {
    expect(llmStatusAsOf("pending", createdAt, at(30))).toBe("pending");
    expect(llmStatusAsOf("pending", createdAt, at(119))).toBe("pending");
    expect(llmStatusAsOf("pending", createdAt, at(121))).toBe("failed");
  });

  it("never changes a status the work wrote when it ended", () => {
    for (const status of ["done", "budget_spent", "failed"] as const) expect(llmStatusAsOf(status, createdAt, at(3600))).toBe(status);
  });
});
