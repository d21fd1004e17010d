/** Row ids are random, never derived from content: ids are identities, and content changes meaning (a re-import, a correction). */
export function newId(): string {
  return crypto.randomUUID();
}

/**
 * A version-7 UUID (RFC 9562): 48 bits of the time in milliseconds, then 74
 * random bits. Still random, never derived from content, but ids made in
 * later milliseconds sort after earlier ones (within one millisecond, in any
 * order), so a bulk insert appends to its indexes instead of splitting pages
 * all over them. The random bits are a
 * version-4 UUID's (Node and workerd draw those from a pooled source, far
 * faster than a call for 16 random bytes each time): its variant is already
 * right, and only its version digit changes.
 */
export function newSortableId(nowMs: number = Date.now()): string {
  const time = Math.floor(nowMs).toString(16).padStart(12, "0").slice(-12);
  // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keep from the digit after the "4".
  return `${time.slice(0, 8)}-${time.slice(8)}-7${crypto.randomUUID().slice(15)}`;
}
