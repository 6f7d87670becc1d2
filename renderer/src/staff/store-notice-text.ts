/**
 * The core's notices about the files on this computer (contract/notices.ts), said in the page's
 * language from the `staff` catalogue: the core sends a code with params, never a sentence.
 */
import {
  NOTICE_STORES,
  STORE_NOTICE_CODES,
  type NoticeStore,
  type StoreNotice,
  type StoreNoticeCode,
} from '../../../contract/ipc.ts';
import { i18n } from '../shared/i18n/index.ts';

/** The catalogue key of each notice's text (the catalogue test checks every one). */
export const STORE_NOTICE_KEYS = Object.fromEntries(
  STORE_NOTICE_CODES.map((code) => [code, `staff:store_notice.${code}`]),
) as Readonly<Record<StoreNoticeCode, string>>;

/** The catalogue key of each kind of file, as a notice names it ("the history"). */
export const NOTICE_STORE_LABEL_KEYS = Object.fromEntries(
  NOTICE_STORES.map((store) => [store, `staff:store_notice.store.${store}`]),
) as Readonly<Record<NoticeStore, string>>;

/** One notice in the page's language, its params put in (a file's kind is named in words). */
export function storeNoticeText(notice: StoreNotice): string {
  const params: Record<string, string | number> = { ...notice.params };
  if ('store' in notice.params) params.store = i18n.t(NOTICE_STORE_LABEL_KEYS[notice.params.store]);
  return i18n.t(STORE_NOTICE_KEYS[notice.code], params);
}
