/**
 * The closed set of error codes the API can answer with, and the HTTP status
 * each one maps to. Adding a code is a contract change: clients switch on it.
 */
export const errorStatus = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  last_active_key: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
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
  currency_mismatch: 422,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;
export type ErrorStatus = (typeof errorStatus)[ErrorCode];

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** The one error type that crosses layers; `app.onError` turns it into the envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
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

/** Echoing a caller's id in a message helps them debug; echoing 20 KB of it helps nobody. */
export function quoteId(id: string): string {
  return JSON.stringify(id.length > 64 ? `${id.slice(0, 64)}…` : id);
}
