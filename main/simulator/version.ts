/**
 * The one API version the simulator renders: the app's pin (contract/stripe-api-version.ts), so the app and
 * its simulator cannot disagree. Requests naming another version are refused (see server.ts).
 */
import { ApiError } from './stripe-errors.ts';

export { STRIPE_API_VERSION as SIMULATED_API_VERSION } from '../../contract/stripe-api-version.ts';
import { STRIPE_API_VERSION } from '../../contract/stripe-api-version.ts';

/** Stripe's version names: a date, optionally followed by a release name (2026-10-28.endive). */
const VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

/**
 * Checks a request's Stripe-Version header. Absent means the account's default, which for the
 * simulator is the pinned version. A malformed name is refused as Stripe refuses it; a
 * well-formed other version is refused too, since the simulator cannot render its shapes.
 */
export function checkRequestedVersion(requested: string | null): void {
  if (requested === null || requested === STRIPE_API_VERSION) return;
  if (!VERSION_FORMAT.test(requested)) {
    throw refused(`Invalid Stripe API version: ${requested}`);
  }
  throw refused(
    `The simulator renders API version ${STRIPE_API_VERSION} only; it cannot answer as ${requested}.`,
  );
}

function refused(message: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, undefined, undefined, true);
}
