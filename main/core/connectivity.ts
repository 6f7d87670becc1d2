/**
 * Whether Stripe answers: the one source the console, the customer screen, the outbox and the
 * watcher all read. "Online" means an authenticated request got an answer, not that the OS has
 * a network. Requests made for other reasons report what they saw (`report`); while offline,
 * one cheap request every so often (5 s, doubling to a minute) finds out when Stripe answers
 * again, even when nothing is being watched or queued.
 */
import type { Clock } from './clock.ts';
import { createEmitter } from './emitter.ts';

export interface Connectivity {
  online(): boolean;
  /** What a request just saw: an answer (true) or no connection (false). */
  report(online: boolean): void;
  /** Called with the new value each time it changes. */
  onChange(listener: (online: boolean) => void): () => void;
  /** The request that proves Stripe answers; it changes with the backend. */
  setProbe(probe: () => Promise<void>): void;
  close(): void;
}

export interface ConnectivityOptions {
  clock: Clock;
  /** The first pause before asking again while offline; doubles up to `probeMaxMs`. */
  probeMinMs?: number;
  probeMaxMs?: number;
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
    if (closed || value === online) return;
    online = value;
    delayMs = minMs;
    if (value) cancelProbe();
    else scheduleProbe();
    changes.emit('change', value);
  };

  return {
    online: () => online,
    report: set,
    onChange: (listener) => changes.on('change', listener),
    setProbe(next) {
      probe = next;
    },
    close() {
      closed = true;
      cancelProbe();
      changes.clear();
    },
  };
}
