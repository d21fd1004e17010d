/**
 * Opaque keyset cursors: a date and a tie-breaking key, base64 so clients
 * do not build them. Anything else a client sends is refused, never guessed.
 */
import { isCalendarDate } from "./dates.ts";
import { InvalidInput } from "./errors.ts";

export const encodeCursor = (date: string, key: string | number): string => btoa(`${date}|${key}`).replace(/=+$/, "");

/** The cursor's date and key, if `keyValid` accepts the key; otherwise 422 on the `cursor` field. */
export function decodeCursor(cursor: string, keyValid: (key: string) => boolean): { date: string; key: string } {
  const refuse = () => new InvalidInput("cursor is not one this API gave out", { field: "cursor" });
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw refuse();
  }
  const [date, key, extra] = text.split("|");
  if (extra !== undefined || date === undefined || key === undefined || !isCalendarDate(date) || !keyValid(key)) throw refuse();
  return { date, key };
}

/** A cursor over a key of several parts (a position, a time, an id), for lists not ordered by a date; no part holds "|". */
export const encodeKeyCursor = (...parts: readonly (string | number)[]): string => btoa(parts.join("|")).replace(/=+$/, "");

/** The cursor's parts, each accepted by its own check; otherwise 422 on the `cursor` field, as decodeCursor. */
export function decodeKeyCursor(cursor: string, partsValid: readonly ((part: string) => boolean)[]): string[] {
  const refuse = () => new InvalidInput("cursor is not one this API gave out", { field: "cursor" });
  let text: string;
  try {
    text = atob(cursor);
  } catch {
    throw refuse();
  }
  const parts = text.split("|");
  if (parts.length !== partsValid.length || !parts.every((part, index) => partsValid[index]?.(part) === true)) throw refuse();
  return parts;
}
