/**
 * The notice staff get about a store problem, as a code with params (contract/notices.ts): the
 * staff window words it in its own language. Chosen here by what happened, so a full disk is
 * never called a damaged file.
 */
import { CountersignError, isCountersignError, type ErrorPayload } from '../../../contract/errors.ts';
import type { NoticeStore, StoreNotice } from '../../../contract/notices.ts';

/** A store that was damaged or failed: reported to staff as a notice, and to the log. */
export interface StoreProblem {
  /** Logical store name, e.g. `outbox` or `history-00012`. */
  store: string;
  error: ErrorPayload;
  /** True when a good copy was found and put back; false when the data could not be recovered. */
  recovered: boolean;
  at: number;
  /** What staff are told, as a code with params: the staff window words it in its language. */
  notice: StoreNotice;
}

/** The kind of file a logical store name is (`history-00012` → history); never the name itself. */
export function noticeStore(name: string): NoticeStore {
  if (name === 'history-catalog') return 'history_catalogue';
  if (name.startsWith('history')) return 'history';
  if (name === 'outbox-sent') return 'outbox_sent';
  if (name.startsWith('outbox')) return 'outbox';
  if (name === 'watcher') return 'watcher';
  return 'settings';
}

/** A write or read that failed while the app was running, by what the error says it was. */
export function noticeForStoreError(store: string, error: unknown): StoreNotice {
  if (isCountersignError(error) && error.code === 'store_corrupt') {
    return { code: 'store_damaged_in_use', params: { store: noticeStore(store) } };
  }
  const fsCode = isCountersignError(error) ? error.detail.fsCode : undefined;
  if (fsCode === 'ENOSPC') return { code: 'disk_full', params: {} };
  if (fsCode === 'EACCES' || fsCode === 'EPERM') return { code: 'disk_permission', params: {} };
  return { code: 'disk_refused', params: {} };
}

/** A store error as staff are told of it; anything untyped reads as a failed save. */
export function storeErrorPayload(error: unknown): ErrorPayload {
  return isCountersignError(error)
    ? error.toPayload()
    : new CountersignError('store_write_failed', 'Countersign could not save its data.').toPayload();
}

/** A write or read that failed while running; the data on disk is still the last good copy. */
export function storeErrorProblem(store: string, error: unknown, at: number): StoreProblem {
  return {
    store,
    error: storeErrorPayload(error),
    recovered: true,
    at,
    notice: noticeForStoreError(store, error),
  };
}

/** A history file found missing with its backup: the verifications it held are not listed. */
export function lostHistoryFileProblem(store: string, at: number): StoreProblem {
  const message = `A history file (${store}) and its backup are missing: the verifications it held are not listed.`;
  return {
    store,
    recovered: false,
    at,
    notice: { code: 'records_lost', params: {} },
    error: new CountersignError('store_corrupt', message).toPayload(),
  };
}

/** The history's catalogue, lost with its backup, rebuilt from the history files found. */
export function rebuiltCatalogueProblem(store: string, files: number, at: number): StoreProblem {
  const message = `The history's catalogue and its backup were missing; Countersign rebuilt it from the ${files} history files it found.`;
  return {
    store,
    recovered: true,
    at,
    notice: { code: 'catalogue_rebuilt', params: { files } },
    error: new CountersignError('store_corrupt', message).toPayload(),
  };
}
