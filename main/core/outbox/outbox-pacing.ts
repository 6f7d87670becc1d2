/**
 * When the outbox's drain may send what: each item's attempts, last error and next due time, and
 * the one pause every item shares while the disk refuses writes (a disk that refuses the history
 * for one item refuses it for all, so they wait together instead of each re-sending its
 * creation on its own clock). outbox.ts decides what an answer means; this module, when to ask.
 *
 * While the disk refuses, nothing is sent: every `DISK_PROBE_INTERVAL_MS` the disk is probed with
 * a small write, and the first probe it accepts lets every waiting item go at once. A back-off
 * would climb to a minute within a few refusals and keep the queue waiting that long after
 * space is freed; a probe costs one tiny write and no request to Stripe.
 */
import { backoffDelay, type BackoffPolicy } from '../../../base/backoff.ts';
import type { Clock } from '../../../base/clock.ts';
import type { ErrorPayload } from '../../../contract/errors.ts';
import type { OutboxItem } from './outbox-queue.ts';
import type { QueuedSummary } from './outbox-types.ts';

export interface ItemState {
  attempts: number;
  nextAttemptAt: number;
  inFlight: boolean;
  /** A try in this run may have reached Stripe (anything but a connection refused before sending). */
  mayHaveArrived: boolean;
  lastError: ErrorPayload | null;
}

/** How often a disk that refused a write is probed again. */
export const DISK_PROBE_INTERVAL_MS = 3000;

export class DrainPacing {
  readonly #state = new Map<string, ItemState>();
  readonly #backoff: BackoffPolicy;
  readonly #random: () => number;
  readonly #clock: Clock;
  readonly #sleepers = new Set<() => void>();
  readonly #probeDisk: () => boolean;
  #diskFull = false;
  #diskPausedUntil = 0;

  /** `probeDisk` makes a small write and says whether the disk took it. */
  constructor(clock: Clock, backoff: BackoffPolicy, random: () => number, probeDisk: () => boolean) {
    this.#clock = clock;
    this.#backoff = backoff;
    this.#random = random;
    this.#probeDisk = probeDisk;
  }

  /** What the console may show of the queue: no personal data. */
  summaries(items: readonly OutboxItem[]): QueuedSummary[] {
    return items.map((item) => {
      const state = this.#state.get(item.clientReferenceId);
      return {
        clientReferenceId: item.clientReferenceId,
        reference: item.reference,
        type: item.type,
        station: item.station,
        queuedAt: item.queuedAt,
        attempts: state?.attempts ?? 0,
        lastError: state?.lastError ?? null,
      };
    });
  }

  /** A drain worker waits on the clock; `wakeAll` ends every such wait at once (stop). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.#sleepers.delete(wake);
        this.#clock.clearTimeout(handle);
        resolve();
      };
      const handle = this.#clock.setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of this.#sleepers) wake();
  }

  /** The item's state, if it was ever tried in this run. */
  peek(clientReferenceId: string): ItemState | undefined {
    return this.#state.get(clientReferenceId);
  }

  of(clientReferenceId: string): ItemState {
    let state = this.#state.get(clientReferenceId);
    if (!state) {
      state = { attempts: 0, nextAttemptAt: 0, inFlight: false, mayHaveArrived: false, lastError: null };
      this.#state.set(clientReferenceId, state);
    }
    return state;
  }

  forget(clientReferenceId: string): void {
    this.#state.delete(clientReferenceId);
  }

  /** The item waits its backoff before the next attempt. */
  retryLater(state: ItemState, now: number): void {
    state.nextAttemptAt = now + backoffDelay(state.attempts, this.#backoff, this.#random);
  }

  /**
   * The disk refused this item's write: every item waits until a probe finds the disk writable
   * again; this one is due as soon as that happens (its own back-off would outlast the probe).
   */
  diskRefused(state: ItemState, now: number): void {
    this.#diskFull = true;
    this.#diskPausedUntil = Math.max(this.#diskPausedUntil, now + DISK_PROBE_INTERVAL_MS);
    state.nextAttemptAt = now;
  }

  diskAccepted(): void {
    this.#diskFull = false;
  }

  /** Whether the drain may send: the disk is not known full, or a probe due now finds it writable. */
  #diskReady(now: number): boolean {
    if (!this.#diskFull) return true;
    if (now < this.#diskPausedUntil) return false;
    if (this.#probeDisk()) {
      this.#diskFull = false;
      return true;
    }
    this.#diskPausedUntil = now + DISK_PROBE_INTERVAL_MS;
    return false;
  }

  /** The first item due now and in no one's hands. */
  nextDue(items: readonly OutboxItem[], now: number): OutboxItem | undefined {
    if (!this.#diskReady(now)) return undefined;
    for (const item of items) {
      const state = this.of(item.clientReferenceId);
      if (!state.inFlight && state.nextAttemptAt <= now) return item;
    }
    return undefined;
  }

  /** How long until an item in no one's hands is due; undefined when there is none. */
  earliestWait(items: readonly OutboxItem[], now: number): number | undefined {
    let earliest: number | undefined;
    for (const item of items) {
      const state = this.of(item.clientReferenceId);
      if (!state.inFlight && (earliest === undefined || state.nextAttemptAt < earliest))
        earliest = state.nextAttemptAt;
    }
    if (earliest === undefined) return undefined;
    return Math.max(0, Math.max(earliest, this.#diskPausedUntil) - now);
  }
}
