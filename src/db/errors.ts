/**
 * The database's refusals, recognized once. D1 and libSQL wrap SQLite's error
 * in one or two layers and D1 keeps only its message, so the message text is
 * what both hosts share; it is read here and nowhere else. Everything above
 * storage asks `instanceof ConstraintViolation` and its `kind`.
 */

/**
 * - unique: a unique index refused the row (`target` names its columns);
 * - entry_number_taken: another writer took an entry number between our read of the last one and our batch;
 * - code_range_exhausted: insertAccountAtFreeCode found no free code left in its ranges;
 * - ledger_invariant: a journal trigger refused an unbalanced, edited or deleted entry (a bug, never a race).
 */
export type ConstraintKind = "unique" | "entry_number_taken" | "code_range_exhausted" | "ledger_invariant";

export class ConstraintViolation extends Error {
  readonly kind: ConstraintKind;
  /** What SQLite named: the index's columns ("bank_accounts.company_id, bank_accounts.name") or the trigger's word. */
  readonly target: string;

  constructor(kind: ConstraintKind, target: string, options: ErrorOptions) {
    super(`the database refused the write (${kind}: ${target})`, options);
    this.name = "ConstraintViolation";
    this.kind = kind;
    this.target = target;
  }

  /** A refusal that another writer caused, which the same work may win on a second try. */
  get lostRace(): boolean {
    return this.kind === "unique" || this.kind === "entry_number_taken";
  }
}

function messagesOf(error: unknown): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    messages.push(current.message);
    current = current.cause;
  }
  return messages;
}

const ledgerTriggerWords = ["journal_entry_unbalanced", "journal_entry_immutable"];

/** The typed refusal a driver error stands for, or undefined when it is not a constraint's refusal. */
export function constraintViolationOf(error: unknown): ConstraintViolation | undefined {
  if (error instanceof ConstraintViolation) return error;
  for (const message of messagesOf(error)) {
    // See migrations/0003_books.sql: a line for an entry already written, or an entry number already used.
    if (message.includes("journal_entry_sealed")) return new ConstraintViolation("entry_number_taken", "journal_entry_sealed", { cause: error });
    const unique = /UNIQUE constraint failed: ([\w., ]+)/.exec(message);
    if (unique?.[1] !== undefined) {
      const kind = unique[1].startsWith("journal_") ? "entry_number_taken" : "unique";
      return new ConstraintViolation(kind, unique[1].trim(), { cause: error });
    }
    if (message.includes("NOT NULL constraint failed: accounts.code")) return new ConstraintViolation("code_range_exhausted", "accounts.code", { cause: error });
    const word = ledgerTriggerWords.find((candidate) => message.includes(candidate));
    if (word !== undefined) return new ConstraintViolation("ledger_invariant", word, { cause: error });
  }
  return undefined;
}
