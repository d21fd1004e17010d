import { describe, expect, it } from "vitest";
import { drawsProgress } from "./terminal.ts";

describe("drawsProgress", () => {
  const terminal = { isTTY: true };
  it("draws on a terminal outside CI", () => {
    expect(drawsProgress(terminal, {})).toBe(true);
    expect(drawsProgress(terminal, { CI: "false" })).toBe(true);
    expect(drawsProgress(terminal, { CI: "0" })).toBe(true);
  });
  it("stays quiet in CI, whatever CI says it is, and in a pipe", () => {
    expect(drawsProgress(terminal, { CI: "true" })).toBe(false);
    expect(drawsProgress(terminal, { CI: "1" })).toBe(false);
    expect(drawsProgress(terminal, { CI: "woodpecker" })).toBe(false);
    expect(drawsProgress({ isTTY: false }, {})).toBe(false);
    expect(drawsProgress({}, {})).toBe(false);
  });
});
