import { InvalidPeriod } from "./errors.ts";

/** YYYY-MM-DD naming a day that exists: no 2025-02-30, no 2025-13-45. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The first and last ISO dates of some rows, or undefined when there are none; one pass, no sort. */
export function dateRange(rows: Iterable<{ postedOn: string }>): { first: string; last: string } | undefined {
  let range: { first: string; last: string } | undefined;
  for (const { postedOn } of rows) {
    if (range === undefined) range = { first: postedOn, last: postedOn };
    else if (postedOn < range.first) range.first = postedOn;
    else if (postedOn > range.last) range.last = postedOn;
  }
  return range;
}

/** A period's bounds the right way round, or 422 invalid_period. */
export function checkPeriod(from: string, to: string): void {
  if (from > to) throw new InvalidPeriod(`from (${from}) is after to (${to})`, { field: "from" });
}
