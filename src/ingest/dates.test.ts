import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideDateOrder, isoOf, readDate, type DateOrder } from "./dates.ts";

const iso = (cell: string, order: DateOrder): string | null => {
  const date = readDate(cell, order);
  return date ? isoOf(date) : null;
};

describe("readDate", () => {
  it.each([
    ["2025-03-12", "YMD", "2025-03-12"],
    ["2025/03/12", "MDY", "2025-03-12"],
    ["20250312", "DMY", "2025-03-12"],
    ["03/12/2025", "MDY", "2025-03-12"],
    ["3/2/2025", "MDY", "2025-03-02"],
    ["03/12/25", "MDY", "2025-03-12"],
    ["12/03/2025", "DMY", "2025-03-12"],
    ["12.03.2025", "DMY", "2025-03-12"],
    ["12.03.25", "DMY", "2025-03-12"],
    ["12-03-2025", "DMY", "2025-03-12"],
    ["12 Mar 2025", "MDY", "2025-03-12"],
    ["Mar 12, 2025", "DMY", "2025-03-12"],
    ["12-Mar-25", "MDY", "2025-03-12"],
    ["March 12, 2025", "MDY", "2025-03-12"],
    ["12. März 2025", "DMY", "2025-03-12"],
    ["12 mrt 2025", "DMY", "2025-03-12"],
    ["12 févr. 2025", "DMY", "2025-02-12"],
    ["12 dic 2025", "DMY", "2025-12-12"],
    ["2025-03-12T14:03:00Z", "YMD", "2025-03-12"],
    ["2025-03-12 14:03:00", "YMD", "2025-03-12"],
    ["03/12/2025 2:03 PM", "MDY", "2025-03-12"],
    ["12.03.2025 14:03", "DMY", "2025-03-12"],
    ["01/01/99", "MDY", "1999-01-01"],
  ] as const)("reads %j as %s into %s", (cell, order, expected) => {
    expect(iso(cell, order)).toBe(expected);
  });

  it.each([
    ["02/30/2025", "MDY"],
    ["13/01/2025", "MDY"],
    ["31/04/2025", "DMY"],
    ["2025-02-29", "YMD"],
    ["12 Foo 2025", "DMY"],
    ["yesterday", "MDY"],
    ["", "MDY"],
    ["12/03", "MDY"],
  ] as const)("refuses %j as %s", (cell, order) => {
    expect(iso(cell, order)).toBeNull();
  });

  it("reads back any date it could have written, in each order", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2068-12-31"), noInvalidDate: true }), (date) => {
        const y = date.getUTCFullYear();
        const m = String(date.getUTCMonth() + 1).padStart(2, "0");
        const d = String(date.getUTCDate()).padStart(2, "0");
        const expected = `${y}-${m}-${d}`;
        expect(iso(`${m}/${d}/${y}`, "MDY")).toBe(expected);
        expect(iso(`${d}.${m}.${String(y).slice(2)}`, "DMY")).toBe(expected);
        expect(iso(expected, "YMD")).toBe(expected);
      }),
    );
  });
});

describe("decideDateOrder", () => {
  it("lets one day above 12 decide the whole column", () => {
    expect(decideDateOrder(["03/04/2025", "03/05/2025", "03/14/2025"])).toEqual({ ok: true, order: "MDY", decidedBy: "content" });
    expect(decideDateOrder(["03/04/2025", "14/03/2025"])).toEqual({ ok: true, order: "DMY", decidedBy: "content" });
    expect(decideDateOrder(["2025-03-04", "2025-03-05"])).toMatchObject({ ok: true, decidedBy: "content" });
  });

  it("uses the pinned order when the column stays ambiguous, and refuses it otherwise", () => {
    expect(decideDateOrder(["03/04/2025", "04/05/2025"], "DMY")).toEqual({ ok: true, order: "DMY", decidedBy: "setting" });
    const refused = decideDateOrder(["03/04/2025", "04/05/2025"]);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toContain("pin the bank account's dateFormat");
  });

  it("refuses a column no order reads, naming a cell", () => {
    expect(decideDateOrder(["03/14/2025", "14/03/2025"])).toEqual({ ok: false, reason: "the dates mix month-first and day-first" });
    expect(decideDateOrder(["03/14/2025", "soon"])).toEqual({ ok: false, reason: 'not a date: "soon"' });
    expect(decideDateOrder(["", " "])).toEqual({ ok: false, reason: "the date column is empty" });
  });
});
