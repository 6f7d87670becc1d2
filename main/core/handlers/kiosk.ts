/** kiosk.*: the staff-exit PIN (set by staff, typed on the kiosk's pad) and what staff read back. */
import { CountersignError } from '../../../contract/errors.ts';
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import { assertAcceptablePin, secondsUntil } from '../kiosk/index.ts';
import type { HandlerContext } from './context.ts';

export function kioskHandlers(ctx: HandlerContext): NamespaceHandlers<'kiosk'> {
  const { staffPin: pin, clock } = ctx;
  return {
    'kiosk.unlock': async ({ pin: typed }) => {
      if (!ctx.kiosk) {
        throw new CountersignError('invalid_state', 'This station is not a kiosk.', {
          text: { id: 'not_a_kiosk', params: {} },
        });
      }
      return ctx.unlockKiosk(typed);
    },
    'kiosk.setPin': async ({ pin: chosen }) => {
      if (ctx.settings.policy()?.policy.kioskPinHash) {
        throw new CountersignError('invalid_state', 'The kiosk PIN is managed by the hub.', {
          text: { id: 'settings_managed', params: {} },
        });
      }
      assertAcceptablePin(chosen);
      await pin.set(chosen);
      ctx.logger.child('kiosk').info('kiosk staff PIN set');
      return { pinSet: true };
    },
    'kiosk.status': async () => {
      const lockedAt = pin.lockedUntil();
      return {
        pinSet: pin.isSet(),
        lockedForSeconds: lockedAt === null ? null : secondsUntil(lockedAt, clock.now()),
        journal: ctx.journal.entries(),
      };
    },
  };
}
