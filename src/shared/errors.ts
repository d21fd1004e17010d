/**
 * What can go wrong, in the domain's own words. Services and pure modules
 * throw these and know nothing of HTTP; the edge (src/http/errors.ts) maps
 * each class to a stable code and status, once, the way formancehq/ledger's
 * API maps its controller's errors.
 */
export abstract class DomainError extends Error {
  /** What a client may act on: the field at fault, the rows refused, the limit. */
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** No such thing in this company, or it belongs to another one: the two are never told apart. */
export class NotFound extends DomainError {}
/** A value that passed the schema but not the domain's rules; `details.field` names it. */
export class InvalidInput extends DomainError {}
export class UnknownAccount extends DomainError {}
export class UnknownBankAccount extends DomainError {}
/** A rule's regular expression could backtrack catastrophically. */
export class UnsafePattern extends DomainError {}
export class InvalidPeriod extends DomainError {}
/** The request contradicts what is stored (a duplicate name, no free ledger code, a write that kept losing races). */
export class Conflict extends DomainError {}
export class LastActiveKey extends DomainError {}
/** A company holds as many of something (rules, active keys, bank accounts) as its host allows; `details` says {resource, limit, count}. */
export class LimitReached extends DomainError {}
export class IdempotencyKeyReused extends DomainError {}
export class CurrencyMismatch extends DomainError {}
export class UnreadableFile extends DomainError {}
/** The host is reading as many photos as it may hold waiting (or is shutting down): send the photo again later; nothing was stored. */
export class PhotoReaderBusy extends DomainError {}
/** strict=true, and some rows could not be read. */
export class RowsRejected extends DomainError {}
/** A correction to the account the transaction is already in. */
export class CategoryUnchanged extends DomainError {}
/** Accepting a suggestion where there is none to accept, or nothing waiting for review. */
export class NothingToAccept extends DomainError {}
/** A correction to one side of a transfer between the company's own accounts: unpair it first. */
export class TransferSide extends DomainError {}
/** Unpairing a transaction that is not one side of a transfer. */
export class NotATransfer extends DomainError {}
/** Matching a document by hand to a transaction that already has another. */
export class TransactionHasDocument extends DomainError {}

/** Echoing a caller's id in a message helps them debug; echoing 20 KB of it helps nobody. */
export function quoteId(id: string): string {
  return JSON.stringify(id.length > 64 ? `${id.slice(0, 64)}…` : id);
}
