/** customer.*: the hand-over to the customer, and what the customer may do on their screen. */
import { randomBytes } from 'node:crypto';
import { CountersignError } from '../../../contract/errors.ts';
import type { ContractHandlers, CustomerScreen } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

type CustomerMethods =
  'customer.present' | 'customer.state' | 'customer.begin' | 'customer.retry' | 'customer.done';

export function customerHandlers(ctx: HandlerContext): Pick<ContractHandlers, CustomerMethods> {
  const { verifications, customer } = ctx;
  const references = createKioskReferences(ctx.station);
  /**
   * One Begin, one session: a begin in progress is shared by every Begin that comes while it
   * runs (a double click, a stuck finger), and a Begin is taken only from the welcome screen, so
   * calls in a burst make one session, not one each.
   */
  let beginning: Promise<CustomerScreen> | null = null;
  const beginOnce = async (): Promise<CustomerScreen> => {
    if (customer.screen().screen !== 'welcome') {
      throw new CountersignError('invalid_state', 'A verification is already under way on this screen.', {
        text: { id: 'screen_busy', params: {} },
      });
    }
    // Kiosk: the customer starts on their own; a document check with a live selfie.
    const started = await verifications.start({
      type: 'document',
      document: { requireLiveCapture: true, requireMatchingSelfie: true },
      reference: references.next(ctx.clock.now()),
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
          { text: { id: 'staff_starts', params: {} } },
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
        throw new CountersignError('invalid_state', 'There is nothing to try again right now.', {
          text: { id: 'nothing_to_retry', params: {} },
        });
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
 * "Kiosk <station> <local date and time> <6 random characters>": the time in the station's zone,
 * like "today"; the suffix keeps customers in the same minute apart.
 */
export function kioskReference(station: string, now: number, suffix = randomSuffix()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `Kiosk ${station.slice(0, 64)} ${local} ${suffix}`;
}

/**
 * Kiosk references that never repeat: 6 random characters (about 10^9 values per minute, so
 * two runs of the app practically never meet), and within this run the references already given
 * this minute are remembered and a clash is drawn again, so none repeats even in a burst.
 */
export function createKioskReferences(
  station: string,
  suffix: () => string = randomSuffix,
): { next(now: number): string } {
  let minute = '';
  const given = new Set<string>();
  return {
    next(now) {
      for (;;) {
        const reference = kioskReference(station, now, suffix());
        const thisMinute = reference.slice(0, reference.lastIndexOf(' '));
        if (thisMinute !== minute) {
          minute = thisMinute;
          given.clear();
        }
        if (!given.has(reference)) {
          given.add(reference);
          return reference;
        }
      }
    },
  };
}

const SUFFIX_LENGTH = 6;
/** [0-9A-Z] without look-alikes (no 0/O, 1/I): 32 symbols, so a byte maps without bias. */
const SUFFIX_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function randomSuffix(): string {
  return [...randomBytes(SUFFIX_LENGTH)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}
