/**
 * Opaque keyset cursors: a date and a tie-breaking key, base64 so clients
 * do not build them. Anything else a client sends is refused, never guessed.
 */
import { isCalendarDate } from "./dates.ts";
import { InvalidInput } from "./errors.ts";

export const encodeCursor = (date: string, key: string | number): string => btoa(`${date}|${key}`).replace(/=+$/, "");

const refuse = (): InvalidInput => new InvalidInput("cursor is not one this API gave out", { field: "cursor" });

/** The cursor's text; one that is not base64 was never given out. */
function cursorText(cursor: string): string {
  try {
    return atob(cursor);
  } catch {
    throw refuse();
  }
}

/** The cursor's date and key, if `keyValid` accepts the key; otherwise 422 on the `cursor` field. */
export function decodeCursor(cursor: string, keyValid: (key: string) => boolean): { date: string; key: string } {
  const [date, key, extra] = cursorText(cursor).split("|");
  if (extra !== undefined || date === undefined || key === undefined || !isCalendarDate(date) || !keyValid(key)) throw refuse();
  return { date, key };
}

/** A cursor over a key of several parts (a position, a time, an id), for lists not ordered by a date; no part holds "|". */
export const encodeKeyCursor = (...parts: readonly (string | number)[]): string => btoa(parts.join("|")).replace(/=+$/, "");

/** The cursor's parts, each accepted by its own check; otherwise 422 on the `cursor` field, as decodeCursor. */
export function decodeKeyCursor(cursor: string, partsValid: readonly ((part: string) => boolean)[]): string[] {
  const parts = cursorText(cursor).split("|");
  if (parts.length !== partsValid.length || !parts.every((part, index) => partsValid[index]?.(part) === true)) throw refuse();
  return parts;
}

/** Where a page of a list kept in the order rows were made starts: after this row. */
export interface CreatedKey {
  createdAt: string;
  id: string;
}

const isCreatedAt = (part: string): boolean => part.length <= 40 && !Number.isNaN(Date.parse(part));
const isRowId = (part: string): boolean => part !== "" && part.length <= 100;

/**
 * One page of a list in (createdAt, id) order: `read` is asked for one row
 * more than the page, which says whether another page follows.
 */
export async function pageByCreation<Row extends CreatedKey>(
  read: (page: { after: CreatedKey | undefined; limit: number }) => Promise<Row[]>,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeKeyCursor(query.cursor, [isCreatedAt, isRowId]);
  const rows = await read({ after: after === undefined ? undefined : { createdAt: after[0] as string, id: after[1] as string }, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > query.limit && last !== undefined ? encodeKeyCursor(last.createdAt, last.id) : null };
}
