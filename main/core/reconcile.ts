/**
 * What the last run left unfinished, made right before anything else happens:
 * - sessions that were active are followed again (catch-up from the cursor, or by retrieve);
 * - a creation that was sent but not recorded (the app stopped mid-request) and is not in the
 *   outbox is looked up by its client_reference_id: recorded if Stripe has it. A request sent
 *   just before the app stopped can reach Stripe after the restart's first look-up, so "not
 *   found" is not believed at once: the record says `checking` (status queued, lastErrorCode
 *   'checking') and the reference is looked up again after each of `recheckDelaysMs`; only
 *   after the last is it marked failed (`not_created`). No record stays "queued" forever and no
 *   session on Stripe goes unknown;
 * - on the simulator, whose sessions end with the app, earlier sessions are marked as such.
 */
import type { BackendKind } from './backend.ts';
import type { Clock } from './clock.ts';
import type { Gateway } from './gateway.ts';
import type { Logger } from './logger.ts';
import type { Outbox } from './outbox.ts';
import type { SessionRecord } from './record-schema.ts';
import type { Records } from './records.ts';
import { factsOf } from './session-facts.ts';
import type { Watcher } from './watcher.ts';

export interface ReconcileParts {
  kind: BackendKind;
  gateway: Gateway;
  records: Records;
  outbox: Outbox;
  watcher: Watcher;
  logger: Logger;
  clock: Clock;
  /**
   * When this backend opened: only records older than that were left by an earlier run (a
   * creation started while the history was still loading is this run's own, not interrupted).
   */
  openedAt: number;
  /**
   * Pauses before looking an unfound interrupted creation up again. Default 10 s, 1 min, 5 min:
   * far longer than a request can take to arrive (the gateway gives up after 8 s).
   */
  recheckDelaysMs?: readonly number[];
  /** Told of each record the later look-ups change (the console shows it). */
  onResolved?: (clientReferenceId: string) => void;
}

export const RECHECK_DELAYS_MS: readonly number[] = [10_000, 60_000, 300_000];

export interface Reconciliation {
  /** The first pass is done (every interrupted creation looked up once). */
  done: Promise<void>;
  /** Cancels the later look-ups (the backend closes). */
  stop(): void;
}

export function reconcile(parts: ReconcileParts): Reconciliation {
  const { kind, gateway, records, outbox, watcher, logger, clock } = parts;
  const delays = parts.recheckDelaysMs ?? RECHECK_DELAYS_MS;
  const timers = new Set<unknown>();
  let stopped = false;
  const queuedInOutbox = new Set(outbox.list().map((i) => i.clientReferenceId));
  const orphans: SessionRecord[] = [];
  for (const record of [
    ...records.matching({ status: ['queued', 'requires_input', 'processing'], to: parts.openedAt }),
  ]) {
    if (kind === 'simulator') {
      if (record.status !== 'queued' || !queuedInOutbox.has(record.clientReferenceId)) {
        records.update(record.clientReferenceId, { status: 'failed', lastErrorCode: 'simulator_restarted' });
      }
    } else if (record.status === 'queued') {
      if (!queuedInOutbox.has(record.clientReferenceId)) orphans.push(record);
    } else if (record.sessionId && !watcher.tracked().includes(record.sessionId)) {
      watcher.track(record.sessionId, { status: record.status, createdAt: record.created });
    }
  }

  /** One look-up; `round` counts the look-ups made before. */
  const lookUp = async (record: SessionRecord, round: number): Promise<void> => {
    try {
      const [found] = await gateway.findSessionsByReference(record.clientReferenceId, 1);
      if (stopped) return;
      if (found) {
        const facts = factsOf(found);
        records.update(record.clientReferenceId, {
          sessionId: facts.id,
          status: facts.status,
          lastErrorCode: facts.lastErrorCode,
        });
        if (facts.status === 'requires_input' || facts.status === 'processing') {
          watcher.track(facts.id, { status: facts.status, createdAt: facts.created });
        }
        if (round > 0) parts.onResolved?.(record.clientReferenceId);
        return;
      }
      const delay = delays[round];
      if (delay === undefined) {
        records.update(record.clientReferenceId, { status: 'failed', lastErrorCode: 'not_created' });
        parts.onResolved?.(record.clientReferenceId);
        return;
      }
      if (round === 0) records.update(record.clientReferenceId, { lastErrorCode: 'checking' });
      later(record, round + 1, delay);
    } catch {
      // Stripe unreachable: left as it is, looked up again at the next start.
      logger.warn('reconcile: an interrupted creation could not be looked up yet');
    }
  };
  const later = (record: SessionRecord, round: number, delay: number) => {
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      if (!stopped) void lookUp(record, round);
    }, delay);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    timers.add(timer);
  };

  // Looked up in the background: an unreachable Stripe must not hold up the start.
  const done = (async () => {
    for (const record of orphans) await lookUp(record, 0);
  })();
  return {
    done,
    stop() {
      stopped = true;
      for (const timer of timers) clock.clearTimeout(timer);
      timers.clear();
    },
  };
}
