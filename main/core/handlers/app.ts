/** app.*: what the station is, and a window's uncaught error for the log. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

export function appHandlers(ctx: HandlerContext): NamespaceHandlers<'app'> {
  return {
    'app.status': async () => ctx.appStatus.status(),
    'app.reportError': async (report, caller) => ({ logged: ctx.windowErrors.report(caller.window, report) }),
  };
}
