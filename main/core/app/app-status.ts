/**
 * `app.status` for the staff window: which backend, whether Stripe answers, the queue, and the
 * problems staff should know about (a damaged store, a key the keychain would not give).
 * Announced on every change.
 */
import type { AppStatus, StoreNotice, UpdateState } from '../../../contract/ipc.ts';
import type { AppEvents } from './app-events.ts';
import type { BackendHost } from '../backend/index.ts';
import type { Connectivity } from '../stripe/index.ts';
import type { StoreProblem } from '../storage/index.ts';
import { hubStatusOf } from '../hub-client/index.ts';
import type { Logger } from '../../../base/logger.ts';

export interface AppStatusModel {
  status(): AppStatus;
  /** A damaged file was met (restored, or lost). */
  noteProblem(problem: StoreProblem): void;
  /** Tells the staff window the status may have changed. */
  announce(): void;
}

export interface AppStatusOptions {
  host: BackendHost;
  connectivity: Connectivity;
  events: AppEvents;
  logger: Logger;
  station: string;
  kiosk: boolean;
  version: string;
  /** A problem known before the backend opened (settings unreadable, seal key not kept). */
  initialNotice: StoreNotice | null;
  /** The station's update, as main reports it (main/core/updates). */
  update?: () => UpdateState | null;
}

/**
 * The notice staff see before the backend opens, the gravest first: a changed audit trail, then
 * settings back to their defaults, then a seal key the keychain did not keep.
 */
export function startNotice(found: {
  auditBreak: { seq: number } | null;
  settingsDamaged: boolean;
  sealKeyNotKept: boolean;
}): StoreNotice | null {
  if (found.auditBreak) return { code: 'audit_broken', params: { seq: found.auditBreak.seq } };
  if (found.settingsDamaged) return { code: 'settings_defaults', params: {} };
  if (found.sealKeyNotKept) return { code: 'seal_key_not_kept', params: {} };
  return null;
}

export function createAppStatus(o: AppStatusOptions): AppStatusModel {
  // The last problem met: a code with params, worded by the staff window in its language.
  let storeNotice = o.initialNotice;
  const status = (): AppStatus => {
    const host = o.host;
    const backend = host.current();
    return {
      backend: backend.kind,
      hub: hubStatusOf(backend.hub),
      mode: backend.mode,
      maskedKey: backend.maskedKey,
      maskedRestrictedKey: backend.maskedRestrictedKey,
      online: o.connectivity.online(),
      queued: backend.outbox.count,
      station: o.station,
      kiosk: o.kiosk,
      version: o.version,
      storeNotice,
      keyProblem: host.keyProblem(),
      update: o.update?.() ?? null,
    };
  };
  const announce = () => {
    if (o.host.started()) o.events.emit('status.changed', status());
  };
  return {
    status,
    announce,
    noteProblem(problem) {
      storeNotice = problem.notice;
      o.logger.warn('store problem', {
        store: problem.store,
        recovered: problem.recovered,
        code: problem.error.code,
        notice: problem.notice.code,
      });
      announce();
    },
  };
}
