import { describe, expect, it } from "vitest";
import * as domain from "../shared/errors.ts";
import { AppError, asAppError, errorStatus } from "./errors.ts";

type DomainErrorClass = new (message: string, details?: Record<string, unknown>) => domain.DomainError;

const domainErrorClasses: [string, DomainErrorClass][] = Object.entries(domain as Record<string, unknown>).flatMap(([name, value]) =>
  typeof value === "function" && value.prototype instanceof domain.DomainError ? [[name, value as DomainErrorClass]] : [],
);

describe("asAppError", () => {
  it("finds domain errors to map", () => {
    expect(domainErrorClasses.length).toBeGreaterThan(10);
  });

  it.each(domainErrorClasses)("maps %s to a code of the contract, keeping its message, details and cause", (_, ErrorClass) => {
    const error = new ErrorClass("what went wrong", { field: "x" });
    const answer = asAppError(error);
    expect(answer).toBeInstanceOf(AppError);
    expect(answer?.code).not.toBe("internal_error");
    expect(Object.keys(errorStatus)).toContain(answer?.code);
    expect(answer?.message).toBe("what went wrong");
    expect(answer?.details).toEqual({ field: "x" });
    expect(answer?.cause).toBe(error);
  });

  it("leaves what the contract does not name to be answered as an internal error", () => {
    expect(asAppError(new Error("a bug"))).toBeUndefined();
    expect(asAppError("a string")).toBeUndefined();
  });
});
