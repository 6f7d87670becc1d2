/** Words and tones for a session's status, shared by the list, the detail and history. */
import { SESSION_STATUSES, type SessionStatus } from '../../../contract/ipc.ts';
import { currentLocale, i18n } from '../shared/i18n/index.ts';

/** The catalogue key of each status's label (the catalogue test checks every one). */
export const STATUS_LABEL_KEYS = Object.fromEntries(
  SESSION_STATUSES.map((s) => [s, `staff:status.${s}`]),
) as Readonly<Record<SessionStatus, string>>;

export function statusLabel(status: SessionStatus): string {
  return i18n.t(STATUS_LABEL_KEYS[status]);
}

/** A CSS class per status: the colour is never the only signal (the label is always shown). */
export function statusTone(status: SessionStatus): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (status === 'verified') return 'ok';
  if (status === 'failed') return 'bad';
  if (status === 'queued' || status === 'requires_input') return 'warn';
  return 'neutral';
}

/** A time of day in the page's language (`Intl`, the current locale). */
export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(currentLocale(), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** A date and time in the page's language (`Intl`, the current locale). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(currentLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A count in the page's language (`Intl`, the current locale): 1,234 or 1,234. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(currentLocale()).format(n);
}

/** The steps a timeline shows in words; any other step is shown by its own name. */
export const EVENT_LABEL_KEYS = {
  created: 'staff:event.created',
  processing: 'staff:event.processing',
  verified: 'staff:event.verified',
  requires_input: 'staff:event.requires_input',
  canceled: 'staff:event.canceled',
  redacted: 'staff:event.redacted',
  queued: 'staff:event.queued',
  withdrawn: 'staff:event.withdrawn',
  // Issue 8 (#9): a session the start-up recovery made and canceled (main/core/reconcile.ts).
  recovered_unwaited: 'staff:event.recovered_unwaited',
} as const;

/** Stripe event types (identity.verification_session.verified) and the core's steps in words. */
export function eventLabel(type: string): string {
  const last = type.split('.').pop() ?? type;
  if (Object.hasOwn(EVENT_LABEL_KEYS, last)) {
    return i18n.t(EVENT_LABEL_KEYS[last as keyof typeof EVENT_LABEL_KEYS]);
  }
  const attempt = /^attempt_(\d+)$/.exec(last);
  if (attempt) return i18n.t('staff:event.attempt', { n: Number(attempt[1]) });
  return last.replace(/_/g, ' ');
}

/**
 * Codes the app itself puts in a record's lastErrorCode (not Stripe's last_error), for the
 * detail's note. Issue 8 (#9): recovered_unwaited (main/core/reconcile.ts).
 */
export const APP_CODE_NOTE_KEYS = {
  recovered_unwaited: {
    title: 'staff:app_code.recovered_unwaited.title',
    staff: 'staff:app_code.recovered_unwaited.staff',
  },
} as const;

/** The detail's note for one of the app's own codes, in the page's language; null for others. */
export function appCodeNote(code: string): { title: string; staff: string } | null {
  if (!Object.hasOwn(APP_CODE_NOTE_KEYS, code)) return null;
  const keys = APP_CODE_NOTE_KEYS[code as keyof typeof APP_CODE_NOTE_KEYS];
  return { title: i18n.t(keys.title), staff: i18n.t(keys.staff) };
}
