/**
 * The notice staff get about a store problem, as a code with params (contract/notices.ts): the
 * staff window words it in its own language. Chosen here by what happened, so a full disk is
 * never called a damaged file.
 */
import { isCountersignError } from '../../contract/errors.ts';
import type { NoticeStore, StoreNotice } from '../../contract/notices.ts';

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
