/**
 * The outbox: verifications started while Stripe is unreachable, kept durably and created on
 * Stripe exactly once when it is reachable again.
 *
 * Exactly once rests on three rules:
 * 1. An item is written (primary and backup copy, fsynced) before `enqueue` returns, and it gets
 *    its client_reference_id, hence its Idempotency-Key, at that moment.
 * 2. Every attempt sends byte-identical create parameters (`buildCreateParams` on the stored
 *    input) with that same key, so Stripe returns the first session instead of making a second.
 *    Past Stripe's 24-hour idempotency window the key is forgotten, so the drain first looks the
 *    reference up and creates only if Stripe has no session for it.
 * 3. An item leaves the queue only after its result is in the history. A crash between the
 *    create and the record just replays the create, which returns the same session; a crash
 *    after the record finds the record complete and drops the item without asking Stripe.
 *
 * This module is the drain loop; the queue file and the sealing of contact details are in
 * outbox-queue.ts, the requests to Stripe (rate, 429 pauses, rule 2) in outbox-requests.ts, the
 * public types in outbox-types.ts. The history never receives the email or
 * phone of a queued item.
 */
import { DEFAULT_BACKOFF } from '../../../base/backoff.ts';
import { systemClock } from '../../../base/clock.ts';
import { storeErrorProblem, type KeyValueStore, type StoreProblem } from '../storage/index.ts';
import type { CountersignError } from '../../../contract/errors.ts';
import { mayHaveReachedStripe } from '../stripe/index.ts';
import { IDEMPOTENCY_WINDOW_MS, newClientReferenceId } from '../sessions/index.ts';
import { checkStartInput } from '../../../contract/start-input.ts';
import { toSessionStatus } from '../../../contract/session-status.ts';
import { createEmitter } from '../../../base/emitter.ts';
import { asCountersignError, failureAction } from './outbox-failure.ts';
import {
  DISK_PROBE_STORE,
  OUTBOX_STORE,
  OutboxQueue,
  queuedRecordOf,
  type OutboxItem,
} from './outbox-queue.ts';
import { DrainPacing, type ItemState } from './outbox-pacing.ts';
import { OutboxRequests } from './outbox-requests.ts';
import { withdrawRefusal, withdrawRefused } from './outbox-refusals.ts';

export { OUTBOX_SCHEMA_VERSION, OUTBOX_STORE } from './outbox-queue.ts';
export type * from './outbox-types.ts';
import type {
  DrainSummary,
  EnqueueRequest,
  Outbox,
  OutboxItemEvent,
  OutboxOptions,
  QueuedCreation,
  QueuedSummary,
} from './outbox-types.ts';

export function openOutbox(options: OutboxOptions): Outbox {
  return new DurableOutbox(options);
}

interface DrainContext {
  connectionFailures: number;
  offline: boolean;
  summary: DrainSummary;
}

class DurableOutbox implements Outbox {
  readonly #o: Required<Omit<OutboxOptions, 'random'>> & { random: () => number };
  readonly #queue: OutboxQueue;
  readonly #requests: OutboxRequests;
  readonly #pacing: DrainPacing;
  #lastFailure: { code: string; at: number } | null = null;
  readonly #problems: StoreProblem[] = [];
  readonly #events = createEmitter<{ item: OutboxItemEvent; count: number; problem: StoreProblem }>();
  #draining: Promise<DrainSummary> | undefined;
  #running = false;
  #stopping = false;
  #timer: unknown;
  #probeStore: KeyValueStore | undefined;
  constructor(options: OutboxOptions) {
    // Explicit defaults: an option passed as undefined must not erase them.
    this.#o = {
      ...options,
      clock: options.clock ?? systemClock,
      concurrency: options.concurrency ?? 4,
      ratePerSecond: options.ratePerSecond ?? 25,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      idempotencyWindowMs: options.idempotencyWindowMs ?? IDEMPOTENCY_WINDOW_MS,
      offlineAfterFailures: options.offlineAfterFailures ?? 6,
      random: options.random ?? Math.random,
    };
    this.#requests = new OutboxRequests({
      gateway: this.#o.gateway,
      clock: this.#o.clock,
      random: this.#o.random,
      ratePerSecond: this.#o.ratePerSecond,
      idempotencyWindowMs: this.#o.idempotencyWindowMs,
    });
    this.#pacing = new DrainPacing(this.#o.clock, this.#o.backoff, this.#o.random, () => this.#probeDisk());
    this.#queue = new OutboxQueue({
      storeFactory: options.storeFactory,
      sealKey: options.sealKey,
      clock: this.#o.clock,
      onProblem: (p) => this.#report(p),
      onRemovalFailed: (error) => this.#reportError(OUTBOX_STORE, error),
      onCount: () => this.#events.emit('count', this.count),
    });
  }

  get count(): number {
    return this.#queue.count;
  }

  /** The last failure of a send (its code and when), for the hub's health column; null: none yet. */
  get lastFailure(): { code: string; at: number } | null {
    return this.#lastFailure;
  }

  noteFailure(code: string): void {
    this.#lastFailure = { code, at: this.#o.clock.now() };
  }

  get problems(): readonly StoreProblem[] {
    return this.#problems;
  }

  list(): QueuedSummary[] {
    return this.#pacing.summaries(this.#queue.pending());
  }

  enqueue(request: EnqueueRequest): QueuedCreation {
    const checked = checkStartInput(request.input);
    const clientReferenceId = request.clientReferenceId ?? newClientReferenceId();
    const existing = this.#queue.pending().find((i) => i.clientReferenceId === clientReferenceId);
    if (existing) {
      return {
        state: 'queued',
        clientReferenceId,
        reference: existing.reference,
        queuedAt: existing.queuedAt,
      };
    }
    const item = this.#queue.add({
      checked,
      clientReferenceId,
      station: request.station ?? null,
      staff: request.staff ?? null,
      returnUrl: request.returnUrl ?? null,
      attemptedOnline: request.clientReferenceId !== undefined && request.requestMayHaveArrived !== false,
    });
    try {
      this.#o.records.upsert(queuedRecordOf(item), {});
    } catch (error) {
      // The item is queued all the same; its record is written again when it is sent.
      this.#reportError('history', error);
    }
    if (this.#running) this.#schedule(0);
    return { state: 'queued', clientReferenceId, reference: item.reference, queuedAt: item.queuedAt };
  }

  withdraw(clientReferenceId: string): QueuedSummary {
    const refusal = withdrawRefusal(
      this.#queue.find(clientReferenceId),
      this.#pacing.peek(clientReferenceId),
      () => !!this.#o.records.get(clientReferenceId)?.sessionId,
    );
    if (refusal) throw withdrawRefused(refusal);
    const summary = this.list().find((i) => i.clientReferenceId === clientReferenceId)!;
    // Both copies are rewritten before this returns (the sealed contact details go with it).
    this.#queue.removeNow(clientReferenceId);
    this.#pacing.forget(clientReferenceId);
    return summary;
  }

  drain(): Promise<DrainSummary> {
    this.#draining ??= this.#runDrain().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stopping = true;
    this.#pacing.wakeAll();
    try {
      await this.#draining;
    } finally {
      this.#stopping = false;
      this.#queue.flushRemovals();
    }
  }

  notifyOnline(): void {
    if (this.#running) this.#schedule(0);
  }

  onItem(listener: (event: OutboxItemEvent) => void): () => void {
    return this.#events.on('item', listener);
  }

  onCount(listener: (count: number) => void): () => void {
    return this.#events.on('count', listener);
  }

  onProblem(listener: (problem: StoreProblem) => void): () => void {
    return this.#events.on('problem', listener);
  }

  // --- draining -------------------------------------------------------------------------------

  async #runDrain(): Promise<DrainSummary> {
    const summary: DrainSummary = { reachable: true, sent: 0, failed: 0, remaining: this.count };
    if (this.count === 0) return summary;
    if (!this.#o.connectivity.online()) return { ...summary, reachable: false };
    const context: DrainContext = { connectionFailures: 0, offline: false, summary };
    const worker = async (): Promise<void> => {
      while (!this.#stopping && !context.offline) {
        const item = this.#nextDue();
        if (item) {
          await this.#process(item, context);
          continue;
        }
        const wait = this.#earliestWait();
        // Nothing waiting outside the other workers' hands: they will retry their own items.
        if (wait === undefined) return;
        await this.#pacing.sleep(Math.min(wait, 1000));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#o.concurrency) }, worker));
    this.#queue.flushRemovals();
    return { ...summary, reachable: !context.offline, remaining: this.count };
  }

  #nextDue(): OutboxItem | undefined {
    return this.#pacing.nextDue(this.#queue.pending(), this.#o.clock.now());
  }

  #earliestWait(): number | undefined {
    return this.#pacing.earliestWait(this.#queue.pending(), this.#o.clock.now());
  }

  /** A recorded creation leaves the queue, and staff are told the customer is ready. */
  #settleSent(item: OutboxItem, sessionId: string, context: DrainContext): void {
    this.#remove(item.clientReferenceId);
    context.summary.sent++;
    this.#events.emit('item', {
      clientReferenceId: item.clientReferenceId,
      reference: item.reference,
      state: 'ready',
      sessionId,
    });
  }

  async #process(item: OutboxItem, context: DrainContext): Promise<void> {
    const state = this.#pacing.of(item.clientReferenceId);
    state.inFlight = true;
    try {
      const recorded = this.#o.records.get(item.clientReferenceId);
      if (recorded?.sessionId) {
        // Sent and recorded before a crash (or a failed removal): nothing to ask Stripe.
        this.#settleSent(item, recorded.sessionId, context);
        return;
      }
      const session = await this.#requests.createOnce(item, () => this.#queue.paramsFor(item));
      context.connectionFailures = 0;
      this.#requests.answered();
      this.#o.connectivity.report(true);
      // Record first, then dequeue: a crash in between replays the create, which is idempotent.
      this.#o.records.upsert(queuedRecordOf(item), {
        sessionId: session.id,
        status: toSessionStatus(session.status),
        lastErrorCode: session.last_error?.code ?? null,
      });
      this.#pacing.diskAccepted();
      this.#settleSent(item, session.id, context);
    } catch (thrown) {
      const error = asCountersignError(thrown);
      state.attempts++;
      if (mayHaveReachedStripe(error)) state.mayHaveArrived = true;
      state.lastError = error.toPayload();
      const now = this.#o.clock.now();
      this.#lastFailure = { code: error.code, at: now };
      const action = failureAction(error, state.attempts);
      if (action === 'hold_for_key') {
        // A new key reopens the backend; until then this drain stops asking.
        context.offline = true;
        this.#pacing.retryLater(state, now);
      } else if (action === 'fail') {
        this.#fail(item, error, state, context);
      } else {
        if (error.code === 'stripe_rate_limit') this.#requests.rateLimited();
        if (error.code === 'stripe_connection') {
          context.connectionFailures++;
          if (context.connectionFailures >= this.#o.offlineAfterFailures) {
            context.offline = true;
            this.#o.connectivity.report(false);
          }
        }
        if (error.code === 'store_write_failed' || error.code === 'store_corrupt') {
          this.#reportError('history', error);
          this.#pacing.diskRefused(state, now);
        } else {
          this.#pacing.retryLater(state, now);
        }
      }
    } finally {
      state.inFlight = false;
    }
  }

  #fail(item: OutboxItem, error: CountersignError, state: ItemState, context: DrainContext): void {
    try {
      this.#o.records.upsert(queuedRecordOf(item), { status: 'failed', lastErrorCode: error.code });
      this.#remove(item.clientReferenceId);
    } catch (storeError) {
      // Keep it queued: the next attempt meets the same answer and records it then.
      this.#reportError('history', storeError);
      this.#pacing.retryLater(state, this.#o.clock.now());
      return;
    }
    context.summary.failed++;
    this.#events.emit('item', {
      clientReferenceId: item.clientReferenceId,
      reference: item.reference,
      state: 'failed',
      error: error.toPayload(),
    });
  }

  #remove(clientReferenceId: string): void {
    this.#pacing.forget(clientReferenceId);
    this.#queue.remove(clientReferenceId);
  }

  /** A small write to a file of its own: does the disk take writes again? */
  #probeDisk(): boolean {
    try {
      this.#probeStore ??= this.#o.storeFactory(DISK_PROBE_STORE, { discardCorrupt: true });
      this.#probeStore.set('probedAt', this.#o.clock.now());
      return true;
    } catch {
      return false;
    }
  }

  // --- background loop ------------------------------------------------------------------------

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#cycle();
    }, delayMs);
  }

  async #cycle(): Promise<void> {
    if (!this.#running || this.count === 0) return;
    if (this.#draining) {
      // A drain is running; look again when it ends.
      // The drain reports its own failure (its items' lastError, the log): here it only ended.
      await this.#draining.catch(() => undefined);
      this.#schedule(0);
      return;
    }
    let summary: DrainSummary;
    try {
      summary = await this.drain();
    } catch (error) {
      this.#reportError('outbox', error);
      summary = { reachable: false, sent: 0, failed: 0, remaining: this.count };
    }
    if (!this.#running || summary.remaining === 0) return;
    // Unreachable: nothing to do until the connectivity probe finds Stripe again and says so
    // through notifyOnline.
    if (summary.reachable) this.#schedule(this.#earliestWait() ?? 0);
  }

  #report(problem: StoreProblem): void {
    this.#problems.push(problem);
    this.#events.emit('problem', problem);
  }

  #reportError(store: string, error: unknown): void {
    this.#report(storeErrorProblem(store, error, this.#o.clock.now()));
  }
}
