/** Words and tones for a session's status, shared by the list, the detail and history. */
import type { SessionStatus } from '../../contract/ipc.ts';

export const STATUS_LABELS: Readonly<Record<SessionStatus, string>> = {
  queued: 'Queued (offline)',
  requires_input: 'Not finished (new, failed or left)',
  processing: 'Checking',
  verified: 'Verified',
  canceled: 'Canceled',
  failed: 'Could not be created',
};

/** A CSS class per status: the colour is never the only signal (the label is always shown). */
export function statusTone(status: SessionStatus): 'ok' | 'warn' | 'bad' | 'neutral' {
  if (status === 'verified') return 'ok';
  if (status === 'failed') return 'bad';
  if (status === 'queued' || status === 'requires_input') return 'warn';
  return 'neutral';
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Stripe event types (identity.verification_session.verified) in words. */
export function eventLabel(type: string): string {
  const last = type.split('.').pop() ?? type;
  const words: Record<string, string> = {
    created: 'Created',
    processing: 'Submitted, checking',
    verified: 'Verified',
    requires_input: 'Needs input',
    canceled: 'Canceled',
    redacted: 'Redacted',
    // Issue 8 (#9): a session the start-up recovery made and canceled (main/core/reconcile.ts).
    recovered_unwaited: 'Made while recovering an interrupted start; nobody was waiting',
  };
  return words[last] ?? last.replace(/_/g, ' ');
}

/**
 * Codes the app itself puts in a record's lastErrorCode (not Stripe's last_error), for the
 * detail's note. Issue 8 (#9): recovered_unwaited (main/core/reconcile.ts).
 */
export const APP_CODE_NOTES: Readonly<Record<string, { title: string; staff: string }>> = {
  recovered_unwaited: {
    title: 'Canceled: nobody was waiting',
    staff:
      'Stripe made this session while Countersign recovered an interrupted start. Nobody was waiting for it, so Countersign canceled it. Start a new verification if the customer is still here.',
  },
};
