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
  };
  return words[last] ?? last.replace(/_/g, ' ');
}
