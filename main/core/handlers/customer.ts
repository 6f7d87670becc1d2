/** customer.*: the hand-over to the customer, and what the customer may do on their screen. */
import { CountersignError } from '../../../contract/errors.ts';
import type { ContractHandlers } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

type CustomerMethods =
  'customer.present' | 'customer.state' | 'customer.begin' | 'customer.retry' | 'customer.done';

export function customerHandlers(ctx: HandlerContext): Pick<ContractHandlers, CustomerMethods> {
  const { verifications, customer } = ctx;
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
      // Kiosk: the customer starts on their own; a document check with a live selfie.
      const started = await verifications.start({
        type: 'document',
        document: { requireLiveCapture: true, requireMatchingSelfie: true },
        reference: kioskReference(ctx.station, ctx.clock.now()),
      });
      if (started.outcome === 'created' && started.session.id) {
        await verifications.handOver(started.session.id, 'screen');
      } else {
        customer.dispatch({ type: 'done' });
      }
      return customer.screen();
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

/** "Kiosk <station> <local date and time>": the time in the station's zone, like "today". */
export function kioskReference(station: string, now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `Kiosk ${station} ${local}`;
}
