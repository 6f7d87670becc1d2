/**
 * Whether Stripe answers: the one source the console, the customer screen, the outbox and the
 * watcher all read. "Online" means an authenticated request got an answer, not that the OS has
 * a network. Requests made for other reasons report what they saw (`report`); while offline,
 * one cheap request every so often (5 s, doubling to a minute) finds out when Stripe answers
 * again, even when nothing is being watched or queued.
 *
 * While online, going offline is noticed only by a request that fails. With nothing watched or
 * queued nobody asks Stripe, so a slow heartbeat asks instead — but only while someone can see
 * the answer: while the host says a window is showing (`setWindowShowing`) or a window called
 * the core within the last minute (`noteActivity`), and only when nothing else got an answer from
 * Stripe for `heartbeatMs` (15 s). Its cost: at most one ping per 15 s while a window is in use
 * and the app is otherwise quiet; none at all while no window is in use. The host may also pass
 * the OS's network-change hint (`networkChanged`): one ping at once, whatever the state.
 */
import type { Clock } from '../../../base/clock.ts';
import { createEmitter } from '../../../base/emitter.ts';

export interface Connectivity {
  online(): boolean;
  /** What a request just saw: an answer (true) or no connection (false). */
  report(online: boolean): void;
  /** Called with the new value each time it changes. */
  onChange(listener: (online: boolean) => void): () => void;
  /** The request that proves Stripe answers; it changes with the backend. */
  setProbe(probe: () => Promise<void>): void;
  /** The host's hint: a staff or customer window is showing (true) or none is (false). */
  setWindowShowing(showing: boolean): void;
  /** A window called the core: someone is using the app now. */
  noteActivity(): void;
  /** The host's hint: the OS says the network changed. Asks Stripe once, now. */
  networkChanged(): void;
  close(): void;
}

export interface ConnectivityOptions {
  clock: Clock;
  /** The first pause before asking again while offline; doubles up to `probeMaxMs`. */
  probeMinMs?: number;
  probeMaxMs?: number;
  /** While online and a window is in use: ask Stripe when nothing else got an answer this long. */
  heartbeatMs?: number;
  /** How long a window's call counts as "in use". */
  activityMs?: number;
}

export function createConnectivity(options: ConnectivityOptions): Connectivity {
  const { clock } = options;
  const minMs = options.probeMinMs ?? 5_000;
  const maxMs = options.probeMaxMs ?? 60_000;
  const changes = createEmitter<{ change: boolean }>();
  let online = true;
  let closed = false;
  let probe: () => Promise<void> = () => Promise.resolve();
  let timer: unknown = null;
  let delayMs = minMs;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const activityMs = options.activityMs ?? 60_000;
  let lastAnswerAt = clock.now();
  let lastActivityAt = Number.NEGATIVE_INFINITY;
  let windowShowing = false;
  let heartbeat: unknown = null;
  let asking = false;

  const inUse = () => windowShowing || clock.now() - lastActivityAt < activityMs;

  /** Arms the heartbeat for when it is due, if anyone can see the answer. */
  const armHeartbeat = () => {
    if (heartbeat !== null) clock.clearTimeout(heartbeat);
    heartbeat = null;
    if (closed || !online || !inUse()) return;
    heartbeat = clock.setTimeout(
      () => {
        heartbeat = null;
        if (!online || !inUse()) return;
        if (clock.now() - lastAnswerAt >= heartbeatMs) ask();
        else armHeartbeat();
      },
      Math.max(0, lastAnswerAt + heartbeatMs - clock.now()),
    );
    (heartbeat as { unref?: () => void } | null)?.unref?.();
  };

  const ask = () => {
    if (asking || closed) return;
    asking = true;
    probe().then(
      () => {
        asking = false;
        set(true);
        armHeartbeat();
      },
      () => {
        asking = false;
        set(false);
      },
    );
  };

  const cancelProbe = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const scheduleProbe = () => {
    cancelProbe();
    if (closed || online) return;
    timer = clock.setTimeout(() => {
      timer = null;
      probe().then(
        () => set(true),
        () => {
          delayMs = Math.min(maxMs, delayMs * 2);
          scheduleProbe();
        },
      );
    }, delayMs);
    (timer as { unref?: () => void } | null)?.unref?.();
  };

  const set = (value: boolean) => {
    if (value) lastAnswerAt = clock.now();
    if (closed || value === online) return;
    online = value;
    delayMs = minMs;
    if (value) {
      cancelProbe();
      armHeartbeat();
    } else scheduleProbe();
    changes.emit('change', value);
  };

  return {
    online: () => online,
    report: set,
    onChange: (listener) => changes.on('change', listener),
    setProbe(next) {
      probe = next;
    },
    setWindowShowing(showing) {
      windowShowing = showing;
      armHeartbeat();
    },
    noteActivity() {
      const wasInUse = inUse();
      lastActivityAt = clock.now();
      if (!wasInUse || heartbeat === null) armHeartbeat();
    },
    networkChanged() {
      ask();
    },
    close() {
      closed = true;
      cancelProbe();
      if (heartbeat !== null) clock.clearTimeout(heartbeat);
      heartbeat = null;
      changes.clear();
    },
  };
}
