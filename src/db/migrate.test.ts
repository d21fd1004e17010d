import { describe, expect, it } from "vitest";
import { splitMigration } from "./migrate.ts";

describe("splitMigration", () => {
  it("splits on drizzle-kit's breakpoints and drops empty pieces", () => {
    const text = "CREATE TABLE a (x);\n--> statement-breakpoint\nCREATE INDEX i ON a (x);--> statement-breakpoint\n\n";
    expect(splitMigration(text)).toEqual(["CREATE TABLE a (x);", "CREATE INDEX i ON a (x);"]);
  });

  it("keeps a file without breakpoints whole", () => {
    expect(splitMigration("  CREATE TABLE a (x);  ")).toEqual(["CREATE TABLE a (x);"]);
  });
});
