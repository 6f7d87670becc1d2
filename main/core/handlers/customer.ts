/**
 * customer.*: the hand-over to the customer, and what the customer may do on their screen: begin
 * (kiosk), try again, finish, choose their language, call staff.
 */
import { CountersignError } from '../../../contract/errors.ts';
import type { CustomerScreen, NamespaceHandlers } from '../../../contract/ipc.ts';
import { createKioskReferences } from '../kiosk/index.ts';
import type { HandlerContext } from './context.ts';

export function customerHandlers(ctx: HandlerContext): NamespaceHandlers<'customer'> {
  const { verifications, customer, clock } = ctx;
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
    'customer.setLanguage': async ({ language }) => {
      // The fleet's policy may offer fewer languages (issue 18): only those can be picked.
      const offered = ctx.settings.policy()?.policy.languagesOffered;
      if (offered && !offered.includes(language)) {
        throw new CountersignError('invalid_input', 'This language is not offered at this station.');
      }
      customer.dispatch({ type: 'language', language });
      return customer.screen();
    },
    'customer.help': async () => {
      const onScreen = customer.sessionId();
      const call = ctx.journal.callForHelp(onScreen);
      if (!call.repeated) {
        if (onScreen) ctx.host.current().timelines.add(onScreen, 'help_requested', clock.now());
        ctx.host.current().reportHelpCall({ at: call.calledAt, sessionId: onScreen });
        ctx.logger.child('kiosk').warn('a customer asked for staff', { session: onScreen ?? 'none' });
      }
      return call;
    },
  };
}
