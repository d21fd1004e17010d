/**
 * Dates as banks write them. A single cell can be ambiguous (03/04/2025), so
 * the order of day and month is decided over the whole column: a day above
 * 12 anywhere settles it. A column that never settles uses the bank
 * account's pinned format, or is refused with a reason that says so.
 */
import { withoutAccents } from "../shared/text.ts";

export type DateOrder = "YMD" | "MDY" | "DMY";

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Month names and abbreviations in English, German, Dutch, French and Spanish, lowercased, without accents. */
const monthNames: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, "jan january januar janv janvier januari ene enero"],
      [2, "feb february februar fevr fev fevrier februari febrero"],
      [3, "mar march marz mrz maerz mars maart mrt marzo"],
      [4, "apr april avr avril abr abril"],
      [5, "may mai mei mayo"],
      [6, "jun june juni juin junio"],
      [7, "jul july juli juil juillet julio"],
      [8, "aug august aout ago agosto augustus"],
      [9, "sep sept september septembre septiembre"],
      [10, "oct october okt oktober octobre octubre"],
      [11, "nov november novembre noviembre"],
      [12, "dec december dez dezember decembre dic diciembre"],
    ] as const
  ).flatMap(([month, names]) => names.split(" ").map((name) => [name, month] as const)),
);

const fold = (text: string): string =>
  withoutAccents(text)
    .toLowerCase()
    .replace(/\.$/, "");

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Two-digit years pivot the POSIX way: 69-99 are the 1900s, 00-68 the 2000s. */
function fullYear(text: string): number {
  const value = Number(text);
  if (text.length === 4) return value;
  return value >= 69 ? 1900 + value : 2000 + value;
}

function valid(year: number, month: number, day: number): CalendarDate | null {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2199) return null;
  return day <= daysIn(year, month) ? { year, month, day } : null;
}

/** Drops a time of day and any zone: "2025-03-12T14:03:00Z", "03/12/2025 2:03 PM", "12.03.2025 14:03". */
function withoutTime(cell: string): string {
  const text = cell.trim();
  const time = text.search(/[T\s]\d{1,2}:\d{2}/);
  return (time >= 0 ? text.slice(0, time) : text).trim();
}

/** Reads one cell in the given order; null if it is not a date that way. */
export function readDate(cell: string, order: DateOrder): CalendarDate | null {
  const text = withoutTime(cell);
  if (text === "") return null;
  const tokens = text.split(/[\s/.,-]+/).filter((t) => t !== "");
  if (tokens.length !== 3 && !(tokens.length === 1 && /^\d{8}$/.test(text))) return null;
  if (tokens.length === 1) {
    // 20250312
    return valid(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)));
  }
  const named = tokens.findIndex((t) => /^\p{L}+$/u.test(t));
  if (named >= 0) {
    const month = monthNames.get(fold(tokens[named] as string));
    if (month === undefined) return null;
    const numbers = tokens.filter((_, i) => i !== named);
    if (!numbers.every((t) => /^\d{1,4}$/.test(t))) return null;
    const [first = "", second = ""] = numbers;
    // "12 Mar 2025", "Mar 12, 2025", "2025 Mar 12": a four-digit number is the year; otherwise the year comes last.
    if (first.length === 4) return valid(fullYear(first), month, Number(second));
    return valid(fullYear(second), month, Number(first));
  }
  if (!tokens.every((t) => /^\d{1,4}$/.test(t))) return null;
  const [a = "", b = "", c = ""] = tokens;
  // A four-digit year first is year-month-day in every convention.
  if (a.length === 4) return valid(Number(a), Number(b), Number(c));
  if (order === "YMD" || a.length > 2 || b.length > 2 || (c.length !== 2 && c.length !== 4)) return null;
  return order === "MDY" ? valid(fullYear(c), Number(a), Number(b)) : valid(fullYear(c), Number(b), Number(a));
}

/** True when some order reads the cell as a date. */
export const readsAsDateInSomeOrder = (cell: string): boolean =>
  readDate(cell, "MDY") !== null || readDate(cell, "DMY") !== null || readDate(cell, "YMD") !== null;

export type DateOrderDecision = { ok: true; order: DateOrder; decidedBy: "content" | "setting" } | { ok: false; reason: string };

/**
 * Picks the order that reads every non-empty cell. If both month-first and
 * day-first read them all, nothing in the column tells them apart; then the
 * pinned order decides, or the file is refused.
 */
export function decideDateOrder(cells: readonly string[], pinned?: DateOrder): DateOrderDecision {
  // A year of daily rows writes a few hundred distinct dates: each is read once, not once per row.
  const present = [...new Set(cells)].filter((c) => c.trim() !== "");
  if (present.length === 0) return { ok: false, reason: "the date column is empty" };
  const readsAll = (order: DateOrder): boolean => present.every((cell) => readDate(cell, order) !== null);
  const viable = (["YMD", "MDY", "DMY"] as const).filter(readsAll);
  if (pinned && viable.includes(pinned)) return { ok: true, order: pinned, decidedBy: "setting" };
  if (viable.length === 0) {
    const unreadable = present.find((cell) => readDate(cell, "MDY") === null && readDate(cell, "DMY") === null);
    return {
      ok: false,
      reason: unreadable === undefined ? "the dates mix month-first and day-first" : `not a date: ${JSON.stringify(unreadable)}`,
    };
  }
  // ISO and month-name dates read the same in every order.
  if (viable.length === 3 || viable.length === 1) return { ok: true, order: viable[0] as DateOrder, decidedBy: "content" };
  if (viable.includes("MDY") && viable.includes("DMY")) {
    return {
      ok: false,
      reason: "every date reads both as month/day and as day/month (no day above 12); pin the bank account's dateFormat",
    };
  }
  return { ok: true, order: viable[0] as DateOrder, decidedBy: "content" };
}

export function isoOf(date: CalendarDate): string {
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}
