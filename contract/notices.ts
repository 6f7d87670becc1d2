/**
 * The notices the core gives staff about the files on this computer (a damaged file restored, a
 * full disk, settings back to their defaults…). A notice crosses as a code with typed params,
 * never as a sentence: the staff window says it in its own language from its catalogue
 * (`staff:store_notice.<code>`), so a Japanese console shows no English. Logs and the
 * diagnostics file keep the code and params, which support reads in any language.
 *
 * One list: `NOTICE_PARAMS` names every code with the params it carries; the codes, the schema
 * and the type all derive from it.
 */
import { z } from 'zod';

/** Which of the app's files a notice is about: a kind, never a path or a file name. */
export const NOTICE_STORES = [
  'history',
  'history_catalogue',
  'outbox',
  'outbox_sent',
  'watcher',
  'settings',
] as const;
export type NoticeStore = (typeof NOTICE_STORES)[number];

const about = z.object({ store: z.enum(NOTICE_STORES) }).strict();
const none = z.object({}).strict();

export const NOTICE_PARAMS = {
  /** A damaged file was put back from its last good copy. */
  store_restored: about,
  /** A file was gone; its backup was put back (staff did not remove it). */
  store_missing_restored: about,
  /** A damaged file whose backup could not be read either: it starts empty. */
  store_lost: about,
  /** A file was damaged while the app was using it: a restart reads it back. */
  store_damaged_in_use: about,
  /** A history file and its backup are both gone: the verifications it held are not listed. */
  records_lost: none,
  /** The history's catalogue and its backup were gone; rebuilt from the history files found. */
  catalogue_rebuilt: z.object({ files: z.number().int().min(0).max(1_000_000) }).strict(),
  /** The disk refused a write because it is full: queued verifications wait. */
  disk_full: none,
  /** The system refused a write (permissions): queued verifications wait. */
  disk_permission: none,
  /** The disk refused a write for another reason: queued verifications wait. */
  disk_refused: none,
  /** The settings file could not be read: the defaults are in use. */
  settings_defaults: none,
  /** The watcher's saved position could not be read: it starts again from the recent events. */
  watcher_defaults: none,
  /** The keychain would not keep the key that seals queued contact details. */
  seal_key_not_kept: none,
  /** The audit trail was changed outside Countersign: an entry edited, deleted or moved. */
  audit_broken: z.object({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
} as const;

export type StoreNoticeCode = keyof typeof NOTICE_PARAMS;
export const STORE_NOTICE_CODES = Object.keys(NOTICE_PARAMS) as StoreNoticeCode[];

export type StoreNotice = {
  [C in StoreNoticeCode]: { code: C; params: z.output<(typeof NOTICE_PARAMS)[C]> };
}[StoreNoticeCode];

const [firstCode, ...otherCodes] = STORE_NOTICE_CODES.map((code) =>
  z.object({ code: z.literal(code), params: NOTICE_PARAMS[code] }).strict(),
);
/** A notice as it crosses IPC: each code with exactly its own params. */
export const storeNoticeSchema = z.discriminatedUnion('code', [
  firstCode!,
  ...otherCodes,
]) as unknown as z.ZodType<StoreNotice>;
