/**
 * The app's typed errors. Every failure that can reach a person (staff, customer, operator)
 * is one of these codes with a message that says what to do next. Stripe's own error classes,
 * keychain failures and bad input are all translated into this one shape at the edge where
 * they happen, so nothing above the core ever has to know about the SDK or keytar.
 */
import type { ErrorText } from './error-messages.ts';

export const ERROR_CODES = [
  // keychain (vault)
  'keychain_unavailable',
  'keychain_locked',
  'keychain_refused',
  'key_malformed',
  'key_missing',
  // Stripe (gateway)
  'stripe_authentication',
  'stripe_permission',
  'stripe_rate_limit',
  'stripe_invalid_request',
  'stripe_idempotency',
  'stripe_connection',
  'stripe_api',
  // sessions
  'session_not_found',
  'invalid_state',
  'attempts_exhausted',
  // Countersign Hub (the station's hub backend)
  'hub_unreachable',
  'hub_code_invalid',
  'hub_station_revoked',
  // staff sign-in and roles
  'not_permitted',
  // input and storage
  'invalid_input',
  'store_corrupt',
  'store_write_failed',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorPayload {
  code: ErrorCode;
  /** The core's English sentence: logs, diagnostics, and the fallback of an old window. */
  message: string;
  /** The same sentence as an id with params (contract/error-messages.ts), said in any language. */
  text?: ErrorText;
}

export class CountersignError extends Error {
  override readonly name = 'CountersignError';
  readonly code: ErrorCode;
  /** True when the same call may succeed later without anyone changing anything. */
  readonly retryable: boolean;
  /** Extra facts safe to show or log (never secrets): a Stripe error code, a field name... */
  readonly detail: Readonly<Record<string, string | number | undefined>>;
  /** What the message says as an id with params, so a window says it in its own language. */
  readonly text: ErrorText | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      retryable?: boolean;
      detail?: Record<string, string | number | undefined>;
      text?: ErrorText;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.detail = Object.freeze({ ...(options.detail ?? {}) });
    this.text = options.text;
  }

  toPayload(): ErrorPayload {
    return this.text === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, text: this.text };
  }
}

export function isCountersignError(value: unknown): value is CountersignError {
  return value instanceof CountersignError;
}

/**
 * Turns anything thrown into the payload that crosses a boundary (IPC, harness, log).
 * Unknown errors never leak their text: it may contain a request body or a secret.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isCountersignError(error)) return error.toPayload();
  return {
    code: 'internal',
    message: 'Something went wrong inside Countersign. Try again; if it keeps happening, restart the app.',
  };
}
