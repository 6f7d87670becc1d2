/**
 * What the staff window is told of updates (the status bar's "update ready, installs tonight"):
 * the shell reports each step of electron-updater, the core keeps the last one and announces it.
 * A failed or corrupt download is logged and retried, never installed; staff are not troubled
 * with it (the next check tries again).
 */
import type { UpdateState } from '../../../contract/updates.ts';
import type { Logger } from '../../../base/logger.ts';

export interface UpdatesModel {
  state(): UpdateState | null;
  /** The shell: a step of electron-updater (checking, downloading, ready, failed). */
  report(state: UpdateState | null): void;
}

export function createUpdatesModel(options: { logger: Logger; onChange: () => void }): UpdatesModel {
  let current: UpdateState | null = null;
  return {
    state: () => current,
    report(next) {
      if (next?.phase === 'failed') {
        options.logger.warn('update: the check or download failed; it is retried', {
          version: next.version ?? undefined,
          code: next.code ?? undefined,
        });
      } else if (next?.phase === 'ready') {
        options.logger.info('update: downloaded and checked (sha512); it installs when allowed', {
          version: next.version ?? undefined,
        });
      }
      const changed = JSON.stringify(next) !== JSON.stringify(current);
      // A failure is not shown: the station keeps what it had (a ready update stays ready).
      if (next?.phase === 'failed' && current?.phase === 'ready') return;
      current = next;
      if (changed) options.onChange();
    },
  };
}
