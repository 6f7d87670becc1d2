/**
 * What the last run left unfinished, made right before anything else happens:
 * - sessions that were active are followed again (catch-up from the cursor, or by retrieve);
 * - a creation that was sent but not recorded (the app stopped mid-request) and is not in the
 *   outbox is resolved. Until it is, the record says `checking` (status queued, lastErrorCode
 *   'checking'), never failed:
 *   - within Stripe's 24 hours of idempotency (from its first send, kept in outbox-sent.ts), the
 *     very same request is sent again under the same Idempotency-Key. A replayed answer is the
 *     session the first request made: recorded. "Still in progress" (409): asked again after each
 *     of `recheckDelaysMs` (the last one repeated). A fresh session was made only now, by this
 *     re-send (the first request never arrived, or has not yet): the app never learned its id, so
 *     it was never shown to anyone and nobody waits for it. It is canceled and recorded so, with
 *     the reason in the timeline (`recovered_unwaited`); the first request, should it arrive
 *     later, gets the same session back from Stripe;
 *   - past the 24 hours, or without the sent request on disk, the reference is looked up, and
 *     "not found" is not believed at once: again after each of `recheckDelaysMs`, and only after
 *     the last is the record marked failed (`not_created`);
 * - on the simulator, whose sessions end with the app, earlier sessions are marked as such.
 */
import { CountersignError } from '../../../contract/errors.ts';
import type { BackendKindName } from '../../../contract/ipc.ts';
import type { Clock } from '../../../base/clock.ts';
import { IDEMPOTENCY_WINDOW_MS, factsOf, type Timelines } from '../sessions/index.ts';
import { isRequestInProgress, type Gateway, type VerificationSession } from '../stripe/index.ts';
import type { Logger } from '../../../base/logger.ts';
import type { Outbox, SentCreation, SentCreations } from '../outbox/index.ts';
import type { Records, SessionRecord } from '../records/index.ts';
import type { Watcher } from '../watcher/index.ts';

export interface ReconcileParts {
  kind: BackendKindName;
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
  /** Creations the last run sent and saw no answer to (with their exact parameters). */
  sent?: SentCreations | undefined;
  /** Where the steps of a session made while recovering are told (the console's timeline). */
  timelines?: Timelines | undefined;
}

export const RECHECK_DELAYS_MS: readonly number[] = [10_000, 60_000, 300_000];

/** The record's code (and timeline step) for a session made by a recovery re-send and canceled. */
export const RECOVERED_UNWAITED = 'recovered_unwaited';
export const RECOVERED_UNWAITED_REASON =
  'Made while recovering an interrupted start; nobody was waiting, so it was canceled.';

/**
 * Whether a customer may be waiting for a session the re-send of this interrupted creation made.
 * A hand-over (customer screen, QR, kiosk) needs the session's id, and an interrupted creation's
 * record never got one: nobody was shown it, so nobody waits.
 */
export function someoneWaitsFor(record: Pick<SessionRecord, 'sessionId' | 'attempts'>): boolean {
  return record.sessionId !== null || record.attempts > 0;
}

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

  /** The session Stripe has for this creation: recorded, and followed while it is open. */
  const recordFound = (record: SessionRecord, session: VerificationSession, follow = true) => {
    const facts = factsOf(session);
    records.update(record.clientReferenceId, {
      sessionId: facts.id,
      status: facts.status,
      lastErrorCode: facts.lastErrorCode,
    });
    parts.timelines?.add(facts.id, 'created', facts.created);
    if (follow && (facts.status === 'requires_input' || facts.status === 'processing')) {
      watcher.track(facts.id, { status: facts.status, createdAt: facts.created });
    }
  };

  const markChecking = (record: SessionRecord) => {
    if (records.get(record.clientReferenceId)?.lastErrorCode !== 'checking') {
      records.update(record.clientReferenceId, { lastErrorCode: 'checking' });
    }
  };

  /** Made just now by the re-send, and nobody waits for it: recorded, then canceled and recorded so. */
  const cancelUnwaited = async (record: SessionRecord, session: VerificationSession) => {
    recordFound(record, session, false);
    const facts = factsOf(await gateway.cancelSession(session.id));
    records.update(record.clientReferenceId, { status: facts.status, lastErrorCode: RECOVERED_UNWAITED });
    parts.timelines?.add(facts.id, RECOVERED_UNWAITED, clock.now());
    parts.timelines?.add(facts.id, 'canceled', clock.now());
    parts.timelines?.setReason(facts.id, RECOVERED_UNWAITED_REASON);
    logger.info('reconcile: a session made while recovering was canceled', {
      session: facts.id,
      ref: record.clientReferenceId,
    });
  };

  /** `tries` counts the re-sends made before. */
  const resend = async (record: SessionRecord, sent: SentCreation, tries: number): Promise<void> => {
    let made;
    try {
      made = await gateway.createSession(sent.params, sent.idempotencyKey);
    } catch (error) {
      if (stopped) return;
      if (isRequestInProgress(error) || (error instanceof CountersignError && error.retryable)) {
        // Stripe is still making it (or cannot answer now): asked again later, still "checking".
        logger.info(
          isRequestInProgress(error)
            ? 'reconcile: Stripe is still making an interrupted creation; asking again later'
            : 'reconcile: an interrupted creation could not be re-sent yet; trying again later',
          { ref: record.clientReferenceId },
        );
        markChecking(record);
        later(() => resolve(record, tries + 1, 0), delays[Math.min(tries, delays.length - 1)] ?? 0);
        return;
      }
      // Refused for good (the key's parameters differ, a bad request): the first request was
      // refused too, or made something the look-ups will find.
      logger.warn('reconcile: a re-sent creation was refused; looking it up instead', {
        ref: record.clientReferenceId,
      });
      await lookUp(record, 0);
      return;
    }
    if (stopped) return;
    try {
      if (made.replayed || someoneWaitsFor(record)) recordFound(record, made);
      else await cancelUnwaited(record, made);
    } catch {
      // The cancel did not go through: the session is recorded as it is (open), and followed, so
      // staff see it and can cancel it.
      const open = factsOf(made);
      watcher.track(open.id, { status: open.status, createdAt: open.created });
      logger.warn('reconcile: a session made while recovering could not be canceled yet', {
        session: made.id,
      });
    }
    forgetSent(record.clientReferenceId);
    parts.onResolved?.(record.clientReferenceId);
  };

  /** One look-up; `round` counts the look-ups made before. */
  const lookUp = async (record: SessionRecord, round: number): Promise<void> => {
    try {
      const [found] = await gateway.findSessionsByReference(record.clientReferenceId, 1);
      if (stopped) return;
      if (found) {
        recordFound(record, found);
        forgetSent(record.clientReferenceId);
        if (round > 0) parts.onResolved?.(record.clientReferenceId);
        return;
      }
      const delay = delays[round];
      if (delay === undefined) {
        records.update(record.clientReferenceId, { status: 'failed', lastErrorCode: 'not_created' });
        forgetSent(record.clientReferenceId);
        parts.onResolved?.(record.clientReferenceId);
        return;
      }
      if (round === 0) markChecking(record);
      later(() => lookUp(record, round + 1), delay);
    } catch {
      // Stripe unreachable: left as it is, looked up again at the next start.
      logger.warn('reconcile: an interrupted creation could not be looked up yet');
    }
  };

  /** Re-sent while Stripe still keeps its key; looked up otherwise. */
  const resolve = async (record: SessionRecord, tries: number, lookups: number): Promise<void> => {
    let sent: SentCreation | undefined;
    try {
      sent = parts.sent?.get(record.clientReferenceId);
    } catch {
      // Unreadable (another seal key): only the look-ups are left.
      sent = undefined;
    }
    if (sent && clock.now() - sent.sentAt < IDEMPOTENCY_WINDOW_MS) return resend(record, sent, tries);
    return lookUp(record, lookups);
  };

  const forgetSent = (clientReferenceId: string) => {
    try {
      parts.sent?.forget(clientReferenceId);
    } catch {
      // Left behind it only makes a later start ask Stripe again; the record is complete.
    }
  };

  const later = (run: () => Promise<void>, delay: number) => {
    const timer = clock.setTimeout(() => {
      timers.delete(timer);
      if (!stopped) void run();
    }, delay);
    (timer as { unref?: () => void } | undefined)?.unref?.();
    timers.add(timer);
  };

  // Notes of creations whose record is complete (answered, then the app stopped before the note
  // was erased) are erased now; this run's own creations are left alone.
  for (const id of parts.sent?.ids() ?? []) {
    const record = records.get(id);
    if (record && record.created < parts.openedAt && record.status !== 'queued') forgetSent(id);
  }

  // Looked up in the background: an unreachable Stripe must not hold up the start.
  const done = (async () => {
    for (const record of orphans) await resolve(record, 0, 0);
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
