/**
 * The API's error contract: a closed set of snake_case codes, each with its
 * HTTP status, and the one place where the domain's errors become them.
 * Adding a code is a contract change: clients switch on it.
 */
import {
  CategoryUnchanged,
  Conflict,
  CurrencyMismatch,
  DomainError,
  IdempotencyKeyReused,
  InvalidInput,
  InvalidPeriod,
  LastActiveKey,
  LimitReached,
  NothingToAccept,
  NotATransfer,
  TransactionHasDocument,
  NotFound,
  RowsRejected,
  TransferSide,
  UnknownAccount,
  UnknownBankAccount,
  UnreadableFile,
  PhotoReaderBusy,
  UnsafePattern,
} from "../shared/errors.ts";

export const errorStatus = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  last_active_key: 409,
  limit_reached: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_uploads: 429,
  rate_limited: 429,
  headers_too_large: 431,
  validation_failed: 422,
  unreadable_file: 422,
  rows_rejected: 422,
  idempotency_key_reused: 409,
  unknown_account: 422,
  unknown_bank_account: 422,
  unsafe_pattern: 422,
  invalid_period: 422,
  category_unchanged: 409,
  nothing_to_accept: 409,
  transfer_side: 409,
  not_a_transfer: 409,
  transaction_has_document: 409,
  currency_mismatch: 422,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorStatus = (typeof errorStatus)[ErrorCode];

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An answer the edge gives: a code from the contract, a message for people, details for programs. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): ErrorStatus {
    return errorStatus[this.code];
  }

  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = { error: { code: this.code, message: this.message } };
    if (this.details !== undefined) envelope.error.details = this.details;
    return envelope;
  }
}

type DomainErrorClass = abstract new (...args: never[]) => DomainError;

/** Every domain error the services throw, and the code a client sees for it. */
const codeOfDomainError: readonly (readonly [DomainErrorClass, ErrorCode])[] = [
  [NotFound, "not_found"],
  [InvalidInput, "validation_failed"],
  [UnknownAccount, "unknown_account"],
  [UnknownBankAccount, "unknown_bank_account"],
  [UnsafePattern, "unsafe_pattern"],
  [InvalidPeriod, "invalid_period"],
  [Conflict, "conflict"],
  [LastActiveKey, "last_active_key"],
  [LimitReached, "limit_reached"],
  [IdempotencyKeyReused, "idempotency_key_reused"],
  [CurrencyMismatch, "currency_mismatch"],
  [UnreadableFile, "unreadable_file"],
  [PhotoReaderBusy, "too_many_uploads"],
  [RowsRejected, "rows_rejected"],
  [CategoryUnchanged, "category_unchanged"],
  [NothingToAccept, "nothing_to_accept"],
  [TransferSide, "transfer_side"],
  [NotATransfer, "not_a_transfer"],
  [TransactionHasDocument, "transaction_has_document"],
];

/**
 * Any failure a handler may meet, as the answer the contract gives for it; or
 * undefined for a failure the contract does not name (a bug, a database that
 * went away, a domain error missing from the table), which is answered 500.
 */
export function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (!(error instanceof DomainError)) return undefined;
  const code = codeOfDomainError.find(([kind]) => error instanceof kind)?.[1];
  return code === undefined ? undefined : new AppError(code, error.message, error.details, { cause: error });
}
