/**
 * How long the local history keeps a record. Records carry no personal data, but a history
 * that grows forever is still a liability (and slower to search), so older ones are pruned.
 */
import type { SessionRecord } from './record-schema.ts';

export const DEFAULT_RETENTION_DAYS = 90;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionMs(days: number): number {
  if (!Number.isFinite(days) || days < 1) throw new RangeError('The retention period is at least one day.');
  return Math.round(days * DAY_MS);
}

/**
 * A record expires when its last change is older than the retention period. Age counts from
 * the last change, not the creation, so a session still being worked on is never pruned; a
 * creation still queued for Stripe is never pruned at all (the outbox still needs it).
 */
export function isExpired(
  record: Pick<SessionRecord, 'updated' | 'status'>,
  now: number,
  keepMs: number,
): boolean {
  if (record.status === 'queued') return false;
  return record.updated < now - keepMs;
}
