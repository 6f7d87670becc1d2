/**
 * The kiosk's staff-exit PIN pad: a typed PIN checked against the stored hash, wrong PINs
 * locked out (kiosk-pin.ts decides how long), every unlock and lock-out written to the journal
 * staff read. Says what the pad shows next; never the PIN.
 */
import { CountersignError } from '../../../contract/errors.ts';
import type { UnlockResult } from '../../../contract/ipc.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { KioskJournal } from './kiosk-journal.ts';
import type { StaffPin } from './kiosk-pin.ts';

export interface KioskUnlockOptions {
  pin: StaffPin;
  journal: KioskJournal;
  clock: Clock;
  logger: Logger;
  /** The session on the customer screen, for the journal. */
  sessionOnScreen: () => string | null;
  /** The right PIN was typed: main opens the staff console. */
  onUnlocked: () => void;
}

/** Whole seconds until `at`, at least 1: the pad counts down in seconds. */
export const secondsUntil = (at: number, now: number): number => Math.max(1, Math.ceil((at - now) / 1000));

export function createKioskUnlock(o: KioskUnlockOptions): (typed: string) => Promise<UnlockResult> {
  return async (typed) => {
    if (!o.pin.isSet()) return { outcome: 'no_pin' };
    const lockedAt = o.pin.lockedUntil();
    if (lockedAt !== null)
      return { outcome: 'locked', retryAfterSeconds: secondsUntil(lockedAt, o.clock.now()) };
    let check;
    try {
      check = await o.pin.check(typed);
    } catch (error) {
      // Another try locked the pad while this one waited (two taps at once).
      const after = error instanceof CountersignError ? error.detail.retryAfterSeconds : undefined;
      if (typeof after === 'number') return { outcome: 'locked', retryAfterSeconds: Math.max(1, after) };
      throw error;
    }
    if (check.ok) {
      o.journal.add('staff_unlocked', o.sessionOnScreen());
      o.logger.info('kiosk unlocked by staff PIN');
      o.onUnlocked();
      return { outcome: 'unlocked' };
    }
    if (check.lockedUntil !== null) {
      o.journal.add('pin_locked_out', o.sessionOnScreen());
      o.logger.warn('kiosk PIN pad locked after wrong PINs');
    }
    return {
      outcome: 'wrong',
      triesBeforeLockout: check.triesBeforeLockout,
      retryAfterSeconds: check.lockedUntil === null ? null : secondsUntil(check.lockedUntil, o.clock.now()),
    };
  };
}
