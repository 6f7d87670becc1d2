/** settings.*: how the station is set up; a change applies at once, in place. */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import { managedView } from '../../../contract/policy.ts';
import type { HandlerContext } from './context.ts';

export function settingsHandlers(ctx: HandlerContext): NamespaceHandlers<'settings'> {
  return {
    'settings.get': async () => ctx.settings.current(),
    'settings.managed': async () => managedView(ctx.settings.policy()),
    'settings.update': async (patch) => {
      const settings = ctx.settings.update(patch);
      // Applied in place: reopening the backend would lose the simulator's sessions.
      const backend = ctx.host.current();
      backend.watcher.setIntervals(settings.fastIntervalMs, settings.slowIntervalMs);
      backend.history.setRetentionDays(settings.retentionDays);
      backend.history.pruneExpired();
      // A new idle or walk-away time applies to the screen shown now.
      ctx.customer.refresh();
      ctx.walkAway?.refresh();
      return settings;
    },
  };
}
