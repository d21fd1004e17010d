/**
 * Dates as whole days since 1970-01-01 (UTC). The generator handles a million
 * transactions, so it works on integers and formats each day once.
 */

export type Day = number;

const msPerDay = 86_400_000;

export function dayFromParts(year: number, month: number, dayOfMonth: number): Day {
  return Math.round(Date.UTC(year, month - 1, dayOfMonth) / msPerDay);
}

export interface DayParts {
  year: number;
  month: number;
  dayOfMonth: number;
}

export function partsOfDay(day: Day): DayParts {
  const date = new Date(day * msPerDay);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

/** 0 is Sunday, 6 is Saturday. */
export function weekdayOf(day: Day): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: Day): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Day {
  if (n > 0) {
    const first = dayFromParts(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayFromParts(year, month + 1, 1) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
}

const holidaysByYear = new Map<number, ReadonlySet<Day>>();

/**
 * The Federal Reserve's holidays, when ACH does not settle. A holiday on a
 * Sunday is observed on the Monday; one on a Saturday is not moved.
 */
export function bankHolidays(year: number): ReadonlySet<Day> {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    const fixed = [
      [1, 1],
      [6, 19],
      [7, 4],
      [11, 11],
      [12, 25],
    ].map(([month, dayOfMonth]) => {
      const day = dayFromParts(year, month ?? 1, dayOfMonth ?? 1);
      return weekdayOf(day) === 0 ? day + 1 : day;
    });
    holidays = new Set([
      ...fixed,
      nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
      nthWeekday(year, 2, 1, 3), // Washington's Birthday
      nthWeekday(year, 5, 1, -1), // Memorial Day
      nthWeekday(year, 9, 1, 1), // Labor Day
      nthWeekday(year, 10, 1, 2), // Columbus Day
      nthWeekday(year, 11, 4, 4), // Thanksgiving
    ]);
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

const businessDays = new Map<Day, boolean>();

/** Remembered per day: every transaction asks, and finding a day's year takes a Date. */
export function isBusinessDay(day: Day): boolean {
  let business = businessDays.get(day);
  if (business === undefined) {
    business = !isWeekend(day) && !bankHolidays(partsOfDay(day).year).has(day);
    businessDays.set(day, business);
  }
  return business;
}

/** Banks post on business days: a weekend or holiday moves to the next one. */
export function nextBusinessDay(day: Day): Day {
  let result = day;
  while (!isBusinessDay(result)) result++;
  return result;
}

export interface MonthSpan {
  /** "YYYY-MM" */
  key: string;
  year: number;
  month: number;
  first: Day;
  last: Day;
  /** 0-based position in the generated period. */
  index: number;
}

/** Parses "YYYY-MM" strictly. */
export function parseMonthKey(key: string): { year: number; month: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12 || year < 1900 || year > 9999) return null;
  return { year, month };
}

export function monthSpans(startYear: number, startMonth: number, count: number): MonthSpan[] {
  const spans: MonthSpan[] = [];
  for (let index = 0; index < count; index++) {
    const zeroBased = startMonth - 1 + index;
    const year = startYear + Math.floor(zeroBased / 12);
    const month = (zeroBased % 12) + 1;
    const first = dayFromParts(year, month, 1);
    const last = dayFromParts(year, month + 1, 1) - 1;
    spans.push({ key: `${year}-${String(month).padStart(2, "0")}`, year, month, first, last, index });
  }
  return spans;
}

export type DateFormat = "YYYY-MM-DD" | "MM/DD/YYYY" | "M/D/YYYY" | "MM/DD/YY" | "DD/MM/YYYY" | "MMDD" | "YYMMDD" | "MM/DD";

const pad2 = (n: number): string => String(n).padStart(2, "0");

function formatUncached(day: Day, format: DateFormat): string {
  const { year, month, dayOfMonth } = partsOfDay(day);
  switch (format) {
    case "YYYY-MM-DD":
      return `${year}-${pad2(month)}-${pad2(dayOfMonth)}`;
    case "MM/DD/YYYY":
      return `${pad2(month)}/${pad2(dayOfMonth)}/${year}`;
    case "M/D/YYYY":
      return `${month}/${dayOfMonth}/${year}`;
    case "MM/DD/YY":
      return `${pad2(month)}/${pad2(dayOfMonth)}/${pad2(year % 100)}`;
    case "DD/MM/YYYY":
      return `${pad2(dayOfMonth)}/${pad2(month)}/${year}`;
    case "MMDD":
      return `${pad2(month)}${pad2(dayOfMonth)}`;
    case "YYMMDD":
      return `${pad2(year % 100)}${pad2(month)}${pad2(dayOfMonth)}`;
    case "MM/DD":
      return `${pad2(month)}/${pad2(dayOfMonth)}`;
  }
}

const formatters = new Map<DateFormat, (day: Day) => string>();

/**
 * formatDay for one format: for callers that format many days in the same
 * one, such as a statement's rows. Each (day, format) is formatted once for
 * the life of the process.
 */
export function dayFormatter(format: DateFormat): (day: Day) => string {
  let formatter = formatters.get(format);
  if (formatter === undefined) {
    const byDay = new Map<Day, string>();
    formatter = (day) => {
      let text = byDay.get(day);
      if (text === undefined) {
        text = formatUncached(day, format);
        byDay.set(day, text);
      }
      return text;
    };
    formatters.set(format, formatter);
  }
  return formatter;
}

export function formatDay(day: Day, format: DateFormat): string {
  return dayFormatter(format)(day);
}

export const isoDate: (day: Day) => string = dayFormatter("YYYY-MM-DD");
