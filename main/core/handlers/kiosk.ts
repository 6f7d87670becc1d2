/**
 * kiosk.* and the kiosk's customer methods (issue 9): the customer's language, the call for
 * help, the staff-exit PIN (set by staff, typed on the kiosk's PIN pad) and what staff read back.
 */
import { CountersignError } from '../../../contract/errors.ts';
import type { ContractHandlers, UnlockResult } from '../../../contract/ipc.ts';
import type { AppEvents } from '../app-events.ts';
import type { KioskJournal } from '../kiosk-journal.ts';
import { assertAcceptablePin, type StaffPin } from '../kiosk-pin.ts';
import type { Logger } from '../../../base/logger.ts';
import type { HandlerContext } from './context.ts';

type KioskMethods =
  'customer.setLanguage' | 'customer.help' | 'kiosk.unlock' | 'kiosk.setPin' | 'kiosk.status';

export interface KioskParts {
  pin: StaffPin;
  journal: KioskJournal;
  events: AppEvents;
  logger: Logger;
}

const secondsUntil = (at: number, now: number) => Math.max(1, Math.ceil((at - now) / 1000));

export function kioskHandlers(ctx: HandlerContext, parts: KioskParts): Pick<ContractHandlers, KioskMethods> {
  const { customer, clock } = ctx;
  const { pin, journal, events, logger } = parts;
  const onScreen = () => customer.sessionId();
  const step = (type: string) => {
    const id = onScreen();
    if (id) ctx.host.current().timelines.add(id, type, clock.now());
  };

  const unlock = async (typed: string): Promise<UnlockResult> => {
    if (!pin.isSet()) return { outcome: 'no_pin' };
    const lockedAt = pin.lockedUntil();
    if (lockedAt !== null)
      return { outcome: 'locked', retryAfterSeconds: secondsUntil(lockedAt, clock.now()) };
    let check;
    try {
      check = await pin.check(typed);
    } catch (error) {
      // Another try locked the pad while this one waited (two taps at once).
      const after = error instanceof CountersignError ? error.detail.retryAfterSeconds : undefined;
      if (typeof after === 'number') return { outcome: 'locked', retryAfterSeconds: Math.max(1, after) };
      throw error;
    }
    if (check.ok) {
      journal.add('staff_unlocked', onScreen());
      logger.info('kiosk unlocked by staff PIN');
      events.emit('kiosk.unlocked', null);
      return { outcome: 'unlocked' };
    }
    if (check.lockedUntil !== null) {
      journal.add('pin_locked_out', onScreen());
      logger.warn('kiosk PIN pad locked after wrong PINs');
    }
    return {
      outcome: 'wrong',
      triesBeforeLockout: check.triesBeforeLockout,
      retryAfterSeconds: check.lockedUntil === null ? null : secondsUntil(check.lockedUntil, clock.now()),
    };
  };

  return {
    'customer.setLanguage': async ({ language }) => {
      customer.dispatch({ type: 'language', language });
      return customer.screen();
    },
    'customer.help': async () => {
      const call = journal.callForHelp(onScreen());
      if (!call.repeated) {
        step('help_requested');
        ctx.host.current().reportHelpCall({ at: call.calledAt, sessionId: onScreen() });
        logger.warn('a customer asked for staff', { session: onScreen() ?? 'none' });
      }
      return call;
    },
    'kiosk.unlock': async ({ pin: typed }) => {
      if (!ctx.kiosk) {
        throw new CountersignError('invalid_state', 'This station is not a kiosk.', {
          text: { id: 'not_a_kiosk', params: {} },
        });
      }
      return unlock(typed);
    },
    'kiosk.setPin': async ({ pin: chosen }) => {
      assertAcceptablePin(chosen);
      await pin.set(chosen);
      logger.info('kiosk staff PIN set');
      return { pinSet: true };
    },
    'kiosk.status': async () => {
      const lockedAt = pin.lockedUntil();
      return {
        pinSet: pin.isSet(),
        lockedForSeconds: lockedAt === null ? null : secondsUntil(lockedAt, clock.now()),
        journal: journal.entries(),
      };
    },
  };
}
