/**
 * The one error type that the core throws, distinguished by `code`.
 */

/** Codes of {@link SessionManagerError}, one for each way an operation fails. */
export type SessionErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_SESSION_TOKEN'
  | 'SESSION_EXPIRED'
  | 'INVALID_STAMP'
  | 'NO_SESSIONS'
  | 'NO_ACTIVE_SESSION'
  | 'SESSION_NOT_FOUND'
  | 'KEY_PAIR_NOT_FOUND'
  | 'KEY_PAIR_IN_USE'
  | 'STORAGE_UNAVAILABLE'
  | 'STORE_SESSION_FAILED'
  | 'CLEAR_SESSION_FAILED'
  | 'CLEAR_ALL_SESSIONS_FAILED'
  | 'STORAGE_FAILED'
  | 'SIGNING_FAILED';

/**
 * An error from the session core. `code` names what failed, and `cause`
 * keeps the underlying error, such as an IndexedDB `DOMException`.
 */
export class SessionManagerError extends Error {
  override name = 'SessionManagerError';
  readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : {cause});
    this.code = code;
  }
}

/** Returns true when `error` is a {@link SessionManagerError} with `code`. */
export function isSessionError(
  error: unknown,
  code?: SessionErrorCode,
): error is SessionManagerError {
  return (
    error instanceof SessionManagerError &&
    (code === undefined || error.code === code)
  );
}
