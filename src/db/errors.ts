/** Drivers wrap SQLite's error in one or two layers; the message is what both hosts share. */
function messagesOf(error: unknown): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages;
}

/** True when a UNIQUE constraint refused the write; `hint` narrows it to one index's columns. */
export function isUniqueViolation(error: unknown, hint?: string): boolean {
  return messagesOf(error).some(
    (message) => message.includes("UNIQUE constraint failed") && (hint === undefined || message.includes(hint)),
  );
}

/** True when insertAccountAtFreeCode found no free code left in its ranges. */
export function isCodeRangeExhausted(error: unknown): boolean {
  return messagesOf(error).some((message) => message.includes("NOT NULL constraint failed: accounts.code"));
}

/** True when another writer took an entry number between our read of the last one and our batch (see migrations/0003_books.sql). */
export function isEntryNumberTaken(error: unknown): boolean {
  return messagesOf(error).some((message) => message.includes("journal_entry_sealed") || message.includes("UNIQUE constraint failed: journal_"));
}
