/**
 * What a failed creation attempt means for its queued item, decided in one pure function so the
 * drain loop only carries the decision out: keep it while Stripe refuses the key, give up on a
 * refusal that repeating cannot change, or try again later.
 */
import { CountersignError, isCountersignError } from '../../../contract/errors.ts';

/** Unexpected errors are tried a few times: they may come from a passing fault. */
const MAX_INTERNAL_ATTEMPTS = 5;
/** Answers about the key, not about the creation: nothing queued is given up for these. */
const KEY_REFUSED: ReadonlySet<string> = new Set([
  'stripe_authentication',
  'stripe_permission',
  // A hub that refuses this station (revoked): kept until the station is connected again.
  'hub_station_revoked',
]);

export type FailureAction =
  /** Stripe refuses the key: stop this drain, keep every item until the key is fixed. */
  | 'hold_for_key'
  /** Refused for good (an invalid request): record the creation as failed. */
  | 'fail'
  | 'retry';

/** Anything thrown, as the app's typed error (an unknown one never shows its text). */
export function asCountersignError(thrown: unknown): CountersignError {
  return isCountersignError(thrown)
    ? thrown
    : new CountersignError('internal', 'The outbox met an unexpected error.', { cause: thrown });
}

/** `attempts` counts this failed attempt too. */
export function failureAction(error: CountersignError, attempts: number): FailureAction {
  if (KEY_REFUSED.has(error.code)) return 'hold_for_key';
  if (error.retryable) return 'retry';
  return error.code === 'internal' && attempts < MAX_INTERNAL_ATTEMPTS ? 'retry' : 'fail';
}
