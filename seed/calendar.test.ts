import { describe, expect, it } from "vitest";
import { bankHolidays, dayFromParts, isBusinessDay, isoDate, nextBusinessDay } from "./calendar.ts";

describe("bank holidays", () => {
  it("are the Federal Reserve's for 2025, with a Sunday holiday observed on Monday", () => {
    expect([...bankHolidays(2025)].sort((a, b) => a - b).map(isoDate)).toEqual([
      "2025-01-01",
      "2025-01-20",
      "2025-02-17",
      "2025-05-26",
      "2025-06-19",
      "2025-07-04",
      "2025-09-01",
      "2025-10-13",
      "2025-11-11",
      "2025-11-27",
      "2025-12-25",
    ]);
    // 2022-12-25 was a Sunday: observed Monday the 26th.
    expect(bankHolidays(2022).has(dayFromParts(2022, 12, 26))).toBe(true);
  });

  it("move a posting to the next business day, past weekends and holidays", () => {
    expect(isoDate(nextBusinessDay(dayFromParts(2025, 1, 1)))).toBe("2025-01-02");
    // Friday 2025-07-04, then the weekend.
    expect(isoDate(nextBusinessDay(dayFromParts(2025, 7, 4)))).toBe("2025-07-07");
    expect(isBusinessDay(dayFromParts(2025, 7, 3))).toBe(true);
  });
});
