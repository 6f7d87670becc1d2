/** customer.*: the hand-over to the customer, and what the customer may do on their screen. */
import { randomBytes } from 'node:crypto';
import { CountersignError } from '../../../contract/errors.ts';
import type { ContractHandlers, CustomerScreen } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

type CustomerMethods =
  'customer.present' | 'customer.state' | 'customer.begin' | 'customer.retry' | 'customer.done';

export function customerHandlers(ctx: HandlerContext): Pick<ContractHandlers, CustomerMethods> {
  const { verifications, customer } = ctx;
  /**
   * One Begin, one session: a begin in progress is shared by every Begin that comes while it
   * runs (a double click, a stuck finger), and a Begin is taken only from the welcome screen, so
   * calls in a burst make one session, not one each.
   */
  let beginning: Promise<CustomerScreen> | null = null;
  const beginOnce = async (): Promise<CustomerScreen> => {
    if (customer.screen().screen !== 'welcome') {
      throw new CountersignError('invalid_state', 'A verification is already under way on this screen.');
    }
    // Kiosk: the customer starts on their own; a document check with a live selfie.
    const started = await verifications.start({
      type: 'document',
      document: { requireLiveCapture: true, requireMatchingSelfie: true },
      reference: kioskReference(ctx.station, ctx.clock.now()),
    });
    if (started.outcome === 'created' && started.session.id) {
      try {
        await verifications.handOver(started.session.id, 'screen');
      } catch (error) {
        // Never leave the customer on a screen only staff can leave.
        customer.dispatch({ type: 'done' });
        throw error;
      }
    } else {
      customer.dispatch({ type: 'done' });
    }
    return customer.screen();
  };
  return {
    'customer.present': async ({ id, via }) => verifications.handOver(id, via),
    'customer.state': async () => customer.screen(),
    'customer.begin': async () => {
      if (!ctx.kiosk) {
        throw new CountersignError(
          'invalid_state',
          'At this counter, a member of staff starts the verification.',
        );
      }
      beginning ??= beginOnce().finally(() => {
        beginning = null;
      });
      return beginning;
    },
    'customer.retry': async () => {
      const id = customer.sessionId();
      if (!id || customer.screen().screen !== 'requires_input') {
        throw new CountersignError('invalid_state', 'There is nothing to try again right now.');
      }
      await verifications.retry(id);
      return customer.screen();
    },
    'customer.done': async () => {
      customer.dispatch({ type: 'done' });
      return customer.screen();
    },
  };
}

/**
 * "Kiosk <station> <local date and time> <4 random characters>": the time in the station's zone,
 * like "today"; the suffix keeps two customers in the same minute apart.
 */
export function kioskReference(station: string, now: number, suffix = randomSuffix()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `Kiosk ${station} ${local} ${suffix}`;
}

/** 4 characters of [0-9A-Z] without look-alikes (no 0/O, 1/I): ~700,000 values. */
function randomSuffix(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...randomBytes(4)].map((b) => alphabet[b % alphabet.length]).join('');
}
