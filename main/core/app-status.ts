/**
 * `app.status` for the staff window: which backend, whether Stripe answers, the queue, and the
 * problems staff should know about (a damaged store, a key the keychain would not give).
 * Announced on every change.
 */
import type { AppStatus } from '../../contract/ipc.ts';
import type { AppEvents } from './app-events.ts';
import type { BackendHost } from './backend-host.ts';
import type { Connectivity } from './connectivity.ts';
import type { StoreProblem } from './durable-doc.ts';
import { hubStatusOf } from './handlers/hub.ts';
import type { Logger } from './logger.ts';

export interface AppStatusModel {
  status(): AppStatus;
  /** A damaged file was met (restored, or lost). */
  noteProblem(problem: StoreProblem): void;
  /** Tells the staff window the status may have changed. */
  announce(): void;
}

/** What staff read about a store problem: by its error code, so a full disk is not "damaged". */
export function storeNoticeFor(problem: StoreProblem): string {
  if (problem.error.code === 'store_write_failed') {
    // The message says why (the disk is full, permission refused) and what to do (durable-doc.ts).
    return `${problem.error.message} Queued verifications wait and are sent once Countersign can save again.`;
  }
  return problem.recovered
    ? `A damaged file (${problem.store}) was restored from its last good copy. Check that recent verifications are listed.`
    : `A damaged file (${problem.store}) could not be restored: ${problem.error.message}`;
}

export interface AppStatusOptions {
  host: () => BackendHost | null;
  connectivity: Connectivity;
  events: AppEvents;
  logger: Logger;
  station: string;
  kiosk: boolean;
  version: string;
  /** A problem known before the backend opened (settings unreadable, seal key not kept). */
  initialNotice: string | null;
}

export function createAppStatus(o: AppStatusOptions): AppStatusModel {
  let storeNotice = o.initialNotice;
  const status = (): AppStatus => {
    const host = o.host();
    if (!host) throw new Error('The backend is not open yet.');
    const backend = host.current();
    return {
      backend: backend.kind,
      hub: hubStatusOf(backend),
      mode: backend.mode,
      maskedKey: backend.maskedKey,
      online: o.connectivity.online(),
      queued: backend.outbox.count,
      station: o.station,
      kiosk: o.kiosk,
      version: o.version,
      storeNotice,
      keyProblem: host.keyProblem(),
    };
  };
  const announce = () => {
    if (o.host()) o.events.emit('status.changed', status());
  };
  return {
    status,
    announce,
    noteProblem(problem) {
      storeNotice = storeNoticeFor(problem);
      o.logger.warn('store problem', {
        store: problem.store,
        recovered: problem.recovered,
        code: problem.error.code,
      });
      announce();
    },
  };
}
