/**
 * Follows every active session with ONE Events API request per tick, whatever their number:
 * the request asks for the six identity.verification_session.* types newer than a cursor (the
 * last event seen), and the answer is matched against the tracked sessions locally. Polling each
 * session would cost N requests per tick and hit Stripe's rate limit at a busy branch.
 *
 * - The cursor and the tracked set are persisted together once subscribers have taken a page's
 *   updates, so a restart resumes where it stopped with nothing missed. A subscriber that fails
 *   gets the same updates again on the next tick, so delivery is at least once: subscribers
 *   apply updates idempotently.
 * - The interval adapts: fast while a customer is in the hosted flow or Stripe is processing,
 *   slow while sessions merely wait, and no requests at all when nothing is active.
 * - A session whose events lag (the customer came back but no event followed, or processing
 *   lasts long) is retrieved directly, at most once per lag period.
 *
 * This module tracks and schedules; watcher-events.ts reads the Events API from the cursor and
 * keeps the persisted state.
 */
import { createEmitter } from '../../../base/emitter.ts';
import type { Clock } from '../../../base/clock.ts';
import { systemClock } from '../../../base/clock.ts';
import { CountersignError } from '../../../contract/errors.ts';
import type { Gateway, StripeEvent, VerificationSession } from '../stripe/index.ts';
import { factsOf } from '../sessions/index.ts';
import type { SessionStatus } from '../../../contract/session-status.ts';
import type { KeyValueStore } from '../storage/index.ts';
import { loadState, readEventsAfter, saveState } from './watcher-events.ts';

export { EVENTS_RETENTION_MS } from './watcher-events.ts';
import { EVENTS_RETENTION_MS } from './watcher-events.ts';

export interface SessionUpdate {
  sessionId: string;
  status: SessionStatus;
  redacted: boolean;
  lastErrorCode: string | null;
  lastErrorReason: string | null;
  /** The event type, or 'retrieve' when the fallback read the session directly. */
  source: string;
  eventId: string | null;
  /** When Stripe recorded the change (ms), or when it was read (fallback). */
  at: number;
}

export interface WatcherOptions {
  gateway: Gateway;
  store: KeyValueStore;
  clock?: Clock;
  /** While a customer is in the flow or Stripe is processing. */
  fastIntervalMs?: number;
  /** While sessions only wait (for staff, or for a customer who has not started). */
  slowIntervalMs?: number;
  /** Retrieve a session directly when its expected event is this late. */
  lagFallbackMs?: number;
  /** Longest pause after repeated failures. */
  maxBackoffMs?: number;
  /** Told when reaching Stripe starts or stops working. */
  onConnectivity?: (online: boolean, error: CountersignError | null) => void;
  /**
   * Changes are pushed (a hub's stream) through `ingest` instead of read from the Events API:
   * the watcher then sends no request of its own, on a timer or otherwise.
   */
  pushed?: boolean;
}

export interface TrackOptions {
  /** The customer has the hosted flow open (or is about to). */
  inFlow?: boolean;
  status?: SessionStatus;
  /** When the session was created (ms); sessions older than the Events API's window are retrieved. */
  createdAt?: number;
}

export interface WatcherStats {
  ticks: number;
  eventRequests: number;
  retrieveRequests: number;
}

export interface Watcher {
  track(sessionId: string, options?: TrackOptions): void;
  untrack(sessionId: string): void;
  setInFlow(sessionId: string, inFlow: boolean): void;
  /** The customer is back from the hosted flow: an event should follow soon. */
  noteReturned(sessionId: string): void;
  tracked(): string[];
  subscribe(listener: (update: SessionUpdate) => void): () => void;
  /**
   * A change pushed from elsewhere (the hub's stream), applied exactly as an event read from the
   * Events API. false when a subscriber failed: the caller must offer it again later.
   */
  ingest(session: VerificationSession, source: string, eventId: string | null, at: number): boolean;
  /** Runs one tick now (tests, and "refresh" in the console). */
  tick(): Promise<void>;
  /** The pause before the next tick, or null when nothing is active. */
  nextDelay(): number | null;
  /** New intervals from Settings, applied from the next tick on. */
  setIntervals(fastIntervalMs: number, slowIntervalMs: number): void;
  start(): void;
  stop(): void;
  stats(): WatcherStats;
}

export function createWatcher(options: WatcherOptions): Watcher {
  const { gateway, store } = options;
  const clock = options.clock ?? systemClock;
  let fastMs = options.fastIntervalMs ?? 1000;
  let slowMs = options.slowIntervalMs ?? 5000;
  const lagMs = options.lagFallbackMs ?? 15_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;

  const state = loadState(store);
  const tracked = new Map(state.tracked.map((t) => [t.id, t]));
  let cursor = state.cursor;
  // A broken subscriber must not stop the others or the watcher: emit catches and reports it.
  const updates = createEmitter<{ update: SessionUpdate }>();
  const stats: WatcherStats = { ticks: 0, eventRequests: 0, retrieveRequests: 0 };
  let failures = 0;
  let online: boolean | null = null;
  let running = false;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;

  const persist = () => saveState(store, { version: 1, cursor, tracked: [...tracked.values()] });
  const oldestCreatedAt = () => Math.min(...[...tracked.values()].map((t) => t.createdAt), clock.now());

  /**
   * Delivers updates; false when a subscriber failed (e.g. its disk write). The caller then
   * keeps its cursor where it was, so the same events are delivered again next tick instead of
   * being lost behind a cursor that has moved on.
   */
  const deliver = (batch: readonly SessionUpdate[]): boolean => {
    let ok = true;
    for (const update of batch) if (!updates.emit('update', update)) ok = false;
    return ok;
  };

  /** Sessions that need nothing more are dropped only once their update was delivered. */
  const settle = (updates: readonly SessionUpdate[]) => {
    for (const u of updates) {
      if (u.status === 'verified' || u.status === 'canceled' || u.status === 'failed' || u.redacted) {
        tracked.delete(u.sessionId);
      }
    }
  };

  const setOnline = (value: boolean, error: CountersignError | null) => {
    if (online === value) return;
    online = value;
    options.onConnectivity?.(value, error);
  };

  /** Applies a change; returns the update to deliver once state is persisted. */
  const apply = (session: VerificationSession, source: string, eventId: string | null, at: number) => {
    const entry = tracked.get(session.id);
    if (!entry) return null;
    const facts = factsOf(session);
    const status = facts.status;
    entry.status = status;
    entry.lastErrorCode = facts.lastErrorCode;
    entry.lastNewsAt = clock.now();
    if (status !== 'requires_input' || session.last_error) {
      // Submitted, or back with a problem: the customer is no longer in the flow.
      entry.returnedAt = null;
      if (status !== 'processing') entry.inFlow = false;
    }
    return {
      sessionId: session.id,
      status,
      redacted: facts.redacted,
      lastErrorCode: facts.lastErrorCode,
      lastErrorReason: facts.lastErrorReason,
      source,
      eventId,
      at,
    } satisfies SessionUpdate;
  };

  const laggingSessions = (now: number) =>
    [...tracked.values()].filter((t) => {
      // Older than Stripe keeps events: read it once; events cover any change from now on.
      if (now - t.createdAt > EVENTS_RETENTION_MS) return t.lastRetrieveAt === 0;
      if (now - t.lastRetrieveAt < lagMs) return false;
      if (t.returnedAt !== null && now - t.returnedAt >= lagMs) return true;
      return t.status === 'processing' && now - t.lastNewsAt >= lagMs;
    });

  const runTick = async () => {
    stats.ticks += 1;
    if (tracked.size === 0 || options.pushed) return;
    try {
      await readEvents();
      await retrieveLagging();
      failures = 0;
      setOnline(true, null);
    } catch (error) {
      failures += 1;
      const typed =
        error instanceof CountersignError ? error : new CountersignError('internal', String(error));
      if (
        typed.code === 'stripe_connection' ||
        typed.code === 'stripe_api' ||
        typed.code === 'stripe_rate_limit'
      ) {
        setOnline(false, typed);
      } else {
        options.onConnectivity?.(online ?? true, typed);
      }
    }
  };

  const readEvents = async () => {
    let events: StripeEvent[];
    try {
      events = await readEventsAfter(gateway, cursor, oldestCreatedAt(), () => (stats.eventRequests += 1));
    } catch (error) {
      if (error instanceof CountersignError && error.code === 'session_not_found' && cursor) {
        // The cursor event itself is gone (older than Stripe keeps events): read by time from
        // the oldest tracked session instead; sessions older than the window are retrieved.
        cursor = null;
        persist();
        return;
      }
      throw error;
    }
    const updates: SessionUpdate[] = [];
    for (const event of events) {
      const update = apply(
        event.data.object as VerificationSession,
        event.type,
        event.id,
        event.created * 1000,
      );
      if (update) updates.push(update);
    }
    if (!deliver(updates)) return;
    settle(updates);
    const newest = events[events.length - 1];
    if (newest) cursor = { eventId: newest.id, created: newest.created };
    if (newest || updates.length > 0) persist();
  };

  const retrieveLagging = async () => {
    const now = clock.now();
    for (const entry of laggingSessions(now)) {
      entry.lastRetrieveAt = now;
      stats.retrieveRequests += 1;
      let update: SessionUpdate | null;
      try {
        const session = await gateway.retrieveSession(entry.id);
        const facts = factsOf(session);
        const unchanged =
          facts.status === entry.status && facts.lastErrorCode === (entry.lastErrorCode ?? null);
        if (unchanged && !facts.redacted) continue;
        update = apply(session, 'retrieve', null, now);
      } catch (error) {
        if (!(error instanceof CountersignError && error.code === 'session_not_found')) throw error;
        // Stripe has no such session (another account's key, or a simulator that restarted):
        // say so once and stop following it, rather than asking forever.
        update = {
          sessionId: entry.id,
          status: 'failed',
          redacted: false,
          lastErrorCode: 'session_not_found',
          lastErrorReason: null,
          source: 'retrieve',
          eventId: null,
          at: now,
        };
      }
      if (update && deliver([update])) {
        settle([update]);
        persist();
      }
    }
  };

  const tick = async () => {
    if (inFlight) return inFlight;
    inFlight = runTick().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const nextDelay = (): number | null => {
    if (tracked.size === 0 || options.pushed) return null;
    const urgent = [...tracked.values()].some((t) => t.inFlow || t.status === 'processing');
    const base = urgent ? fastMs : slowMs;
    if (failures === 0) return base;
    return Math.min(maxBackoffMs, base * 2 ** Math.min(failures, 10));
  };

  const schedule = () => {
    if (!running || timer !== null) return;
    const delay = nextDelay();
    if (delay === null) return;
    timer = clock.setTimeout(() => {
      timer = null;
      void tick().finally(schedule);
    }, delay);
  };

  const reschedule = () => {
    if (!running) return;
    if (timer !== null) {
      clock.clearTimeout(timer);
      timer = null;
    }
    schedule();
  };

  return {
    track(sessionId, trackOptions = {}) {
      const now = clock.now();
      const existing = tracked.get(sessionId);
      tracked.set(sessionId, {
        id: sessionId,
        status: trackOptions.status ?? existing?.status ?? 'requires_input',
        inFlow: trackOptions.inFlow ?? existing?.inFlow ?? false,
        returnedAt: existing?.returnedAt ?? null,
        lastNewsAt: now,
        // 0 = never read directly; the lag checks below still wait for their own delays.
        lastRetrieveAt: existing?.lastRetrieveAt ?? 0,
        createdAt: trackOptions.createdAt ?? existing?.createdAt ?? now,
      });
      persist();
      reschedule();
    },
    untrack(sessionId) {
      if (tracked.delete(sessionId)) persist();
    },
    setInFlow(sessionId, inFlow) {
      const entry = tracked.get(sessionId);
      if (!entry || entry.inFlow === inFlow) return;
      entry.inFlow = inFlow;
      persist();
      reschedule();
    },
    noteReturned(sessionId) {
      const entry = tracked.get(sessionId);
      if (!entry) return;
      entry.returnedAt = clock.now();
      entry.inFlow = true;
      reschedule();
    },
    tracked: () => [...tracked.keys()],
    ingest(session, source, eventId, at) {
      const update = apply(session, source, eventId, at);
      if (!update) return true;
      if (!deliver([update])) return false;
      settle([update]);
      persist();
      return true;
    },
    subscribe(listener) {
      return updates.on('update', listener);
    },
    tick,
    nextDelay,
    setIntervals(fast, slow) {
      fastMs = fast;
      slowMs = slow;
      reschedule();
    },
    start() {
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
    stats: () => ({ ...stats }),
  };
}
