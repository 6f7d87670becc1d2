/**
 * Errors the renderer makes itself (main cannot be reached, a check in the page failed): their
 * message is already in the page's language, so the console shows it as it is
 * (staff/error-text.ts `describeError`).
 */
import type { ErrorCode, ErrorPayload } from '../../../contract/errors.ts';

const written = new WeakSet<ErrorPayload>();

/** An error the renderer makes itself, with a message already in the page's language. */
export function localError(code: ErrorCode, message: string): ErrorPayload {
  const error = { code, message };
  written.add(error);
  return error;
}

/** Whether this payload was made by `localError` in this page. */
export function isLocalError(error: ErrorPayload): boolean {
  return written.has(error);
}
