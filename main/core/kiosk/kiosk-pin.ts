/**
 * The staff PIN that lets staff leave a kiosk's customer screen: the PIN's rules, its storage as
 * a scrypt hash (pin-hash.ts), and the limit on wrong tries.
 *
 * The PIN itself is never stored. What is stored is a scrypt hash with its own random salt and
 * its cost parameters, so the cost can be raised in a later version: a hash made with lower
 * parameters still verifies, and is rewritten with the current ones after the next correct PIN.
 * Wrong tries are limited (a few free ones, then lockouts that grow to a cap), and the limiter's
 * state is kept in a store, so restarting the app does not give an attacker fresh tries.
 */
import { CountersignError } from '../../../contract/errors.ts';
import { PIN_DIGITS } from '../../../contract/kiosk.ts';
import { pinProblem, trivialPinKind, TRIVIAL_PIN_ENGLISH } from '../../../contract/pin-rules.ts';
import type { Clock } from '../../../base/clock.ts';
import type { KeyValueStore } from '../storage/index.ts';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashSecret,
  needsRehash,
  parseStoredPin,
  verifyPin,
  type ScryptParams,
  type StoredPin,
} from './pin-hash.ts';

export * from './pin-hash.ts';

export const PIN_MIN_DIGITS = PIN_DIGITS.min;
export const PIN_MAX_DIGITS = PIN_DIGITS.max;

// ---------------------------------------------------------------------------------------------
// The PIN's rules (written once in contract/pin-rules.ts: the hub checks a fleet page's PIN by them too)

export { trivialPinKind };

/** Why a PIN of the right length is too easy to guess, in English, or null when it is not. */
export function trivialPinReason(pin: string): string | null {
  const reason = trivialPinKind(pin);
  return reason === null ? null : TRIVIAL_PIN_ENGLISH[reason];
}

/** Checks a PIN staff want to set; throws `invalid_input` with a message that says what to change. */
export function assertAcceptablePin(pin: unknown): asserts pin is string {
  const problem = pinProblem(pin);
  if (problem) {
    throw new CountersignError('invalid_input', problem.message, {
      detail: { field: 'pin' },
      text: problem.text,
    });
  }
}

/** Hashes an acceptable PIN (checked first) with a fresh 16-byte salt. */
export async function hashPin(
  pin: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  randomBytes?: (size: number) => Buffer,
): Promise<StoredPin> {
  assertAcceptablePin(pin);
  return hashSecret(pin, params, randomBytes);
}

// ---------------------------------------------------------------------------------------------
// The limit on wrong tries (pure; time is an argument)

export interface PinLockoutPolicy {
  /** Wrong PINs allowed before the first lockout. */
  freeTries: number;
  /** The first lockout; each further wrong PIN doubles it. */
  firstLockoutMs: number;
  maxLockoutMs: number;
}

export const DEFAULT_PIN_LOCKOUT: Readonly<PinLockoutPolicy> = Object.freeze({
  freeTries: 3,
  firstLockoutMs: 30_000,
  maxLockoutMs: 15 * 60_000,
});

export interface PinTriesState {
  /** Wrong PINs since the last correct one. */
  failures: number;
  /** Until when no PIN is checked (ms since the epoch), or null. */
  lockedUntil: number | null;
}

export const NO_FAILURES: Readonly<PinTriesState> = Object.freeze({ failures: 0, lockedUntil: null });

/** How long the lockout lasts after the `failures`-th wrong PIN in a row (0: none yet). */
export function lockoutMs(failures: number, policy: PinLockoutPolicy = DEFAULT_PIN_LOCKOUT): number {
  const beyond = failures - policy.freeTries;
  if (beyond < 0) return 0;
  // Capped before the power grows past what a number holds exactly.
  return Math.min(policy.maxLockoutMs, policy.firstLockoutMs * 2 ** Math.min(beyond, 30));
}

/**
 * Until when the PIN pad must wait, or null when a PIN may be tried now. When the wall clock has
 * been set back, the wait is never longer than the lockout itself: a clock moved back by a day
 * must not lock staff out for a day.
 */
export function lockedUntil(
  state: PinTriesState,
  now: number,
  policy: PinLockoutPolicy = DEFAULT_PIN_LOCKOUT,
): number | null {
  if (state.lockedUntil === null || state.lockedUntil <= now) return null;
  return Math.min(state.lockedUntil, now + lockoutMs(state.failures, policy));
}

export function afterWrongPin(
  state: PinTriesState,
  now: number,
  policy: PinLockoutPolicy = DEFAULT_PIN_LOCKOUT,
): PinTriesState {
  const failures = state.failures + 1;
  const wait = lockoutMs(failures, policy);
  return { failures, lockedUntil: wait > 0 ? now + wait : null };
}

/** Wrong PINs left before the next lockout begins. */
export function triesBeforeLockout(
  state: PinTriesState,
  policy: PinLockoutPolicy = DEFAULT_PIN_LOCKOUT,
): number {
  return Math.max(0, policy.freeTries - state.failures);
}

/**
 * The limiter's state read back from a store. A value that is there but unreadable counts as
 * the free tries used up (the next wrong PIN locks): damaging the file must not buy fresh tries.
 */
export function parsePinTries(value: unknown, policy: PinLockoutPolicy = DEFAULT_PIN_LOCKOUT): PinTriesState {
  if (value === undefined) return { ...NO_FAILURES };
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const failuresOk = typeof v.failures === 'number' && Number.isInteger(v.failures) && v.failures >= 0;
  const lockOk =
    v.lockedUntil === null || (typeof v.lockedUntil === 'number' && Number.isFinite(v.lockedUntil));
  if (!failuresOk || !lockOk) return { failures: policy.freeTries, lockedUntil: null };
  return { failures: v.failures as number, lockedUntil: v.lockedUntil as number | null };
}

// ---------------------------------------------------------------------------------------------
// The staff PIN of this station: the pieces above on a store and a clock

export const STAFF_PIN_KEY = 'kiosk.staffPin';
export const PIN_TRIES_KEY = 'kiosk.pinTries';

export type PinCheck =
  | { ok: true }
  /** Wrong PIN. `lockedUntil` is set when this one started a lockout. */
  | { ok: false; triesBeforeLockout: number; lockedUntil: number | null };

export interface StaffPin {
  isSet(): boolean;
  /** Checks the PIN's rules (`invalid_input`), hashes it and stores the hash; tries start afresh. */
  set(pin: string): Promise<void>;
  /**
   * Takes a hash made elsewhere (the hub's policy, issue 18) in place of the PIN's; false when it
   * is not a hash this station can check, or is the one already held. Tries start afresh.
   */
  adopt(hash: unknown): boolean;
  clear(): void;
  /**
   * Checks a PIN typed at the kiosk. Throws `invalid_state` when no PIN is set or while locked
   * out (retryable, with `retryAfterSeconds`); no PIN is hashed then.
   */
  check(pin: string): Promise<PinCheck>;
  /** Until when the PIN pad is locked (for the pad to count down), or null. */
  lockedUntil(): number | null;
}

export interface StaffPinOptions {
  store: KeyValueStore;
  clock: Pick<Clock, 'now'>;
  params?: ScryptParams;
  policy?: PinLockoutPolicy;
  randomBytes?: (size: number) => Buffer;
}

/** The same wait as `waitText`, as the error text's params. */
function waitParams(ms: number): { wait: number; unit: 'seconds' | 'minutes' } {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60
    ? { wait: seconds, unit: 'seconds' }
    : { wait: Math.ceil(seconds / 60), unit: 'minutes' };
}

function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function createStaffPin(options: StaffPinOptions): StaffPin {
  const { store, clock } = options;
  const params = options.params ?? DEFAULT_SCRYPT_PARAMS;
  const policy = options.policy ?? DEFAULT_PIN_LOCKOUT;
  const tries = () => parsePinTries(store.get(PIN_TRIES_KEY), policy);
  const saveTries = (state: PinTriesState) => store.set(PIN_TRIES_KEY, state);
  const stored = () => parseStoredPin(store.get(STAFF_PIN_KEY));

  return {
    isSet: () => stored() !== null,
    async set(pin) {
      const hashed = await hashPin(pin, params, options.randomBytes);
      store.set(STAFF_PIN_KEY, hashed);
      saveTries({ ...NO_FAILURES });
    },
    adopt(hash) {
      const parsed = parseStoredPin(hash);
      if (!parsed || JSON.stringify(parsed) === JSON.stringify(stored())) return false;
      store.set(STAFF_PIN_KEY, parsed);
      saveTries({ ...NO_FAILURES });
      return true;
    },
    clear() {
      store.delete(STAFF_PIN_KEY);
      store.delete(PIN_TRIES_KEY);
    },
    lockedUntil: () => lockedUntil(tries(), clock.now(), policy),
    async check(pin) {
      const current = stored();
      if (current === null) {
        throw new CountersignError(
          'invalid_state',
          'No staff PIN is set for this kiosk. Set one in Settings.',
          { text: { id: 'pin_not_set', params: {} } },
        );
      }
      const until = lockedUntil(tries(), clock.now(), policy);
      if (until !== null) {
        const wait = until - clock.now();
        throw new CountersignError('invalid_state', `Too many wrong PINs. Try again in ${waitText(wait)}.`, {
          retryable: true,
          detail: { retryAfterSeconds: Math.ceil(wait / 1000) },
          text: { id: 'pin_locked', params: waitParams(wait) },
        });
      }
      if (await verifyPin(pin, current)) {
        saveTries({ ...NO_FAILURES });
        if (needsRehash(current, params)) {
          store.set(STAFF_PIN_KEY, await hashPin(pin, params, options.randomBytes).catch(() => current));
        }
        return { ok: true };
      }
      // Read again: another check may have finished while this one was hashing.
      const next = afterWrongPin(tries(), clock.now(), policy);
      saveTries(next);
      return {
        ok: false,
        triesBeforeLockout: triesBeforeLockout(next, policy),
        lockedUntil: next.lockedUntil,
      };
    },
  };
}
