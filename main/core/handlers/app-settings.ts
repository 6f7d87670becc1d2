/** app.status and settings.*: what the station is and how it is set up. */
import type { ContractHandlers } from '../../../contract/ipc.ts';
import type { HandlerContext } from './context.ts';

export function appAndSettingsHandlers(
  ctx: HandlerContext,
): Pick<ContractHandlers, 'app.status' | 'app.reportError' | 'settings.get' | 'settings.update'> {
  return {
    'app.status': async () => ctx.appStatus.status(),
    'app.reportError': async (report, caller) => ({ logged: ctx.windowErrors.report(caller.window, report) }),
    'settings.get': async () => ctx.settings.current(),
    'settings.update': async (patch) => {
      const settings = ctx.settings.update(patch);
      // Applied in place: reopening the backend would lose the simulator's sessions.
      const backend = ctx.host.current();
      backend.watcher.setIntervals(settings.fastIntervalMs, settings.slowIntervalMs);
      backend.history.setRetentionDays(settings.retentionDays);
      backend.history.pruneExpired();
      ctx.customer.refresh();
      return settings;
    },
  };
}
