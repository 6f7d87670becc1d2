/** diagnostics.export: one file staff can send to support (see diagnostics.ts). */
import type { NamespaceHandlers } from '../../../contract/ipc.ts';
import { DIAGNOSTICS_LOG_LINES, buildDiagnostics } from '../app/index.ts';
import type { HandlerContext } from './context.ts';

export function diagnosticsHandlers(ctx: HandlerContext): NamespaceHandlers<'diagnostics'> {
  const source = ctx.diagnostics;
  return {
    'diagnostics.export': async () => {
      const backend = ctx.host.current();
      const queued = backend.outbox.list();
      return buildDiagnostics({
        generatedAt: ctx.clock.now(),
        status: ctx.appStatus.status(),
        platform: source.platform,
        settings: ctx.settings.current(),
        problems: [...backend.records.problems, ...backend.outbox.problems],
        counts: {
          history: backend.records.size,
          outbox: queued.length,
          activeSessions: backend.watcher.tracked().length,
        },
        outbox: queued.map((i) => ({
          queuedAt: i.queuedAt,
          attempts: i.attempts,
          lastErrorCode: i.lastError?.code ?? null,
        })),
        logLines: await source.logTail(DIAGNOSTICS_LOG_LINES).catch(() => ['(the log could not be read)']),
      });
    },
  };
}
