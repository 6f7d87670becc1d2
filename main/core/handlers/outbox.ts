/** outbox.*: the creations waiting to be sent to Stripe, and taking one out before it goes. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

export function outboxHandlers(ctx: HandlerContext): NamespaceHandlers<'outbox'> {
  return {
    'outbox.status': async () => {
      const items = ctx.host.current().outbox.list();
      return {
        queued: items.length,
        items: items.map((i) => ({
          clientReferenceId: i.clientReferenceId,
          reference: i.reference,
          queuedAt: i.queuedAt,
          lastErrorCode: i.lastError?.code ?? null,
        })),
      };
    },
    'outbox.withdraw': async ({ clientReferenceId }) => ctx.verifications.withdraw(clientReferenceId),
  };
}
