/** sessions.*: what staff do with verifications. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

export function sessionsHandlers(ctx: HandlerContext): NamespaceHandlers<'sessions'> {
  const { verifications } = ctx;
  return {
    'sessions.start': async (input) => verifications.start(input),
    'sessions.list': async ({ since }) => verifications.list(since ?? startOfLocalDay(ctx.clock.now())),
    'sessions.get': async ({ id }) => verifications.detail(id),
    'sessions.retry': async ({ id }) => verifications.retry(id),
    'sessions.cancel': async ({ id }) => verifications.cancel(id),
    'sessions.redact': async ({ id }) => verifications.redact(id),
    'sessions.manualCheck': async (input) =>
      verifications.manualCheck(input, ctx.staff.signedIn()?.id ?? null),
    'sessions.result': async ({ id }) => {
      verifications.record(id);
      const result = await ctx.host.current().sessions.result(id);
      // Shown beside the data while it is visible: who asked for it.
      return { ...result, revealedBy: ctx.staff.signedIn()?.name ?? null };
    },
  };
}

export function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
