import { describe, expect, it } from "vitest";
import { createCompanyRoute } from "../src/companies/routes.ts";
import { answerOf, answers } from "./answers.ts";

describe("answers", () => {
  it("are the schemas the routes declare, checking what the API answers", () => {
    const created = { company: { id: "c1" }, apiKey: "bk_x" };
    // A partial company is not what the route declares: the client would say so instead of reading undefined later.
    expect(answers.createdCompany.safeParse(created).success).toBe(false);
    expect(answers.trialBalance.safeParse({ balanced: true }).success).toBe(false);
  });

  it("refuse a status the route declares no JSON answer for", () => {
    expect(() => answerOf(createCompanyRoute, 200 as never)).toThrow("no JSON answer for 200");
  });
});
