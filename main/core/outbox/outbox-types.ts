/**
 * The outbox's public shape: what the backend, the reconciliation and the handlers see of the
 * queue of offline creations (outbox.ts drains it, outbox-queue.ts keeps it on disk).
 */
import type { BackoffPolicy } from '../../../base/backoff.ts';
import type { Clock } from '../../../base/clock.ts';
import type { Connectivity, Gateway } from '../stripe/index.ts';
import type { StoreFactory, StoreProblem } from '../storage/index.ts';
import type { ErrorPayload } from '../../../contract/errors.ts';
import type { Records } from '../records/index.ts';

export interface OutboxOptions {
  storeFactory: StoreFactory;
  gateway: Gateway;
  records: Records;
  /** 32 bytes; seals email and phone while an item is queued. Keep it in the OS keychain. */
  sealKey: Buffer;
  clock?: Clock;
  /** Creations in flight at once. Default 4. */
  concurrency?: number;
  /** Requests per second the outbox sends at most (pings and look-ups included). Default 25. */
  ratePerSecond?: number;
  /** Delays between attempts of one item. Default 0.5 s doubling up to 60 s, with jitter. */
  backoff?: BackoffPolicy;
  /** Stripe keeps idempotency keys this long. Default 24 h. */
  idempotencyWindowMs?: number;
  /** Connection failures in a row after which a drain stops and Stripe is reported unreachable. */
  offlineAfterFailures?: number;
  /**
   * The app's one answer to "does Stripe answer?" (connectivity.ts). The outbox drains only while
   * it says yes, reports what its own requests see, and is woken by `notifyOnline`.
   */
  connectivity: Pick<Connectivity, 'online' | 'report'>;
  random?: () => number;
}

export interface EnqueueRequest {
  /** Unchecked start input (checked here, as `checkStartInput` does). */
  input: unknown;
  station?: string | undefined;
  staff?: string | undefined;
  returnUrl?: string | undefined;
  /**
   * Give the id of a creation already attempted online (its request may have reached Stripe);
   * the queue then reuses its Idempotency-Key. Omit for a fresh one.
   */
  clientReferenceId?: string | undefined;
  /**
   * Whether that online attempt's request may have reached Stripe (default: it may have, when a
   * clientReferenceId is given). False when the connection was refused before a byte was sent:
   * staff can then still withdraw it.
   */
  requestMayHaveArrived?: boolean | undefined;
}

export interface QueuedCreation {
  state: 'queued';
  clientReferenceId: string;
  reference: string;
  queuedAt: number;
}

/** A queued item as the console may show it: no personal data. */
export interface QueuedSummary {
  clientReferenceId: string;
  reference: string;
  type: 'document' | 'id_number';
  station: string | null;
  queuedAt: number;
  attempts: number;
  lastError: ErrorPayload | null;
}

export interface OutboxItemEvent {
  clientReferenceId: string;
  reference: string;
  state: 'ready' | 'failed';
  sessionId?: string;
  error?: ErrorPayload;
}

export interface DrainSummary {
  /** False when the ping failed or the connection dropped during the drain. */
  reachable: boolean;
  sent: number;
  failed: number;
  remaining: number;
}

export interface Outbox {
  /** Items waiting to be created on Stripe (for the status bar). */
  readonly count: number;
  /** The last failure of a send (its error code and when), for the hub's health column; null: none yet. */
  readonly lastFailure: { code: string; at: number } | null;
  /** A send that failed before reaching the queue (the first try of a creation): the last failure now. */
  noteFailure(code: string): void;
  readonly problems: readonly StoreProblem[];
  list(): QueuedSummary[];
  /** Checks the input and stores the creation durably; returns once it is on disk. */
  enqueue(request: EnqueueRequest): QueuedCreation;
  /**
   * Takes a queued creation out before it is sent (staff changed their mind): removed from both
   * copies of the file before this returns. Refused with `invalid_state` once a request for it
   * may have reached Stripe (in flight, tried before, or queued after an online attempt), and
   * `session_not_found` when it is not queued. The caller records it.
   */
  withdraw(clientReferenceId: string): QueuedSummary;
  /** Sends every queued item (waiting out retry delays) until the queue is empty or Stripe is unreachable. */
  drain(): Promise<DrainSummary>;
  /** Drains in the background whenever something is queued and Stripe answers. */
  start(): void;
  /** Stops the background drain and waits for requests in flight. */
  stop(): Promise<void>;
  /** Stripe answers again: drain now. */
  notifyOnline(): void;
  onItem(listener: (event: OutboxItemEvent) => void): () => void;
  onCount(listener: (count: number) => void): () => void;
  onProblem(listener: (problem: StoreProblem) => void): () => void;
}
