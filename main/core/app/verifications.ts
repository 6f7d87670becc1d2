/**
 * The work behind the sessions.* and customer.* handlers: start a verification (or queue it),
 * hand it to the customer, retry, cancel, redact, and apply what Stripe says about it. Both
 * handler groups call this module; no handler calls another.
 */
import type { ManualCheck } from '../../../contract/manual-check.ts';
import QRCode from 'qrcode';
import { CountersignError } from '../../../contract/errors.ts';
import type { HistoryRow, SessionDetail, SessionView, Settings } from '../../../contract/ipc.ts';
import { sessionPhase } from '../../../contract/session-status.ts';
import { checkStartInput } from '../../../contract/start-input.ts';
import { withDocumentPolicy, type EffectivePolicy } from '../../../contract/policy.ts';
import type { AppEvents } from './app-events.ts';
import type { Backend } from '../backend/index.ts';
import type { Clock } from '../../../base/clock.ts';
import { mayHaveReachedStripe, type Connectivity } from '../stripe/index.ts';
import type { CustomerScreenModel } from '../customer/index.ts';
import type { OutboxItemEvent } from '../outbox/index.ts';
import type { SessionRecord } from '../records/index.ts';
import { newClientReferenceId } from '../sessions/index.ts';
import type { Logger } from '../../../base/logger.ts';
import type { SessionUpdate } from '../watcher/index.ts';

export type StartOutcome =
  | { outcome: 'created'; session: SessionView }
  | { outcome: 'queued'; clientReferenceId: string; reference: string };

export interface VerificationsOptions {
  /** The backend in place now (it changes with the key). */
  backend: () => Backend;
  events: AppEvents;
  customer: CustomerScreenModel;
  connectivity: Connectivity;
  clock: Clock;
  settings: () => Settings;
  /** The hub's policy (issue 18): its accepted documents and checks replace the staff's choices. */
  policy?: () => EffectivePolicy | null;
  /** The page after the check, or null for none (no return_url). */
  returnUrl: () => string | null;
  station: string;
  /** Ids, statuses and codes only: never the reference, a url or personal data. */
  logger: Logger;
}

/** What a manager enters for a check without biometrics (`sessions.manualCheck`). */
export interface ManualCheckInput {
  reference: string;
  documentType: ManualCheck['documentType'];
  /** '' for none; at most four digits (the contract refuses more). */
  lastDigits: string;
  outcome: ManualCheck['outcome'];
  reason: ManualCheck['reason'];
}

export interface Verifications {
  start(rawInput: unknown): Promise<StartOutcome>;
  handOver(sessionId: string, via: 'screen' | 'qr'): Promise<{ qrSvg: string | null }>;
  retry(sessionId: string): Promise<SessionView>;
  /** Takes a queued creation out of the outbox before it is sent, and records it. */
  withdraw(clientReferenceId: string): SessionView;
  cancel(sessionId: string): Promise<SessionView>;
  redact(sessionId: string): Promise<SessionView>;
  detail(sessionId: string): Promise<SessionDetail>;
  list(since: number): SessionView[];
  /**
   * A check by staff without biometrics, recorded as its own outcome (`checked_by_staff`, never
   * `verified`): the document type, at most its last four digits, the outcome and why.
   * `staff` is the id of the person who checked (never a name in the history).
   */
  manualCheck(input: ManualCheckInput, staff: string | null): SessionView;
  record(sessionId: string): SessionRecord;
  view(record: SessionRecord): SessionView;
  historyRow(record: SessionRecord): HistoryRow;
  /** The customer is back from the hosted flow: ask Stripe now rather than at the next tick. */
  customerReturned(): void;
  /** Hooks for the backend: what the watcher and the outbox learn. */
  applyUpdate(backend: Backend, update: SessionUpdate): void;
  applyOutboxItem(backend: Backend, item: OutboxItemEvent): void;
  /** A record changed elsewhere: tell the console. */
  announce(backend: Backend, clientReferenceId: string): void;
}

export function createVerifications(o: VerificationsOptions): Verifications {
  const { backend, events, customer, clock } = o;
  const log = o.logger;

  const view = (record: SessionRecord, b: Backend = backend()): SessionView => ({
    id: record.sessionId,
    clientReferenceId: record.clientReferenceId,
    reference: record.reference,
    type: record.type,
    status: record.status,
    redacted: record.redacted,
    lastErrorCode: record.lastErrorCode,
    lastErrorReason: record.sessionId ? b.timelines.reason(record.sessionId) : null,
    attempts: record.attempts,
    maxAttempts: o.settings().maxAttempts,
    created: record.created,
    updated: record.updated,
    livemode: b.mode === 'live',
    phase: sessionPhase(record),
    ...(record.manualCheck ? { manualCheck: record.manualCheck } : {}),
  });

  const recordFor = (id: string): SessionRecord => {
    const record = backend().records.getBySessionId(id);
    if (!record) {
      throw new CountersignError('session_not_found', 'This verification is not in the local history.', {
        text: { id: 'record_missing', params: {} },
      });
    }
    return record;
  };

  const attemptsLeft = (record: SessionRecord) => Math.max(0, o.settings().maxAttempts - record.attempts);

  const applyUpdate = (b: Backend, update: SessionUpdate) => {
    const record = b.records.getBySessionId(update.sessionId);
    if (!record) return;
    b.timelines.setReason(update.sessionId, update.lastErrorReason);
    if (update.status === 'requires_input' && update.lastErrorCode !== null)
      b.attempts.noteFailed(update.sessionId);
    b.timelines.add(update.sessionId, update.source.replace('identity.verification_session.', ''), update.at);
    const patch: Parameters<Backend['records']['update']>[1] = {
      status: update.status,
      lastErrorCode: update.lastErrorCode,
    };
    if (update.redacted && !record.redacted)
      Object.assign(patch, { redacted: true, redactedAt: clock.now() });
    const updated = b.records.update(record.clientReferenceId, patch);
    log.info('session updated', {
      session: update.sessionId,
      status: update.status,
      code: update.lastErrorCode,
      source: update.source,
    });
    events.emit('session.updated', view(updated, b));
    customer.dispatch({
      type: 'status',
      sessionId: update.sessionId,
      status: update.status,
      redacted: update.redacted,
      lastErrorCode: update.lastErrorCode,
      attemptsLeft: attemptsLeft(updated),
    });
  };

  /**
   * Every hand-over to the customer (screen, QR, retry, kiosk) comes here, and the attempt is
   * counted in one place: `sessions.handOut`.
   */
  const handOut = async (sessionId: string, via: 'screen' | 'qr' | 'retry') => {
    const b = backend();
    recordFor(sessionId);
    // Shown before and no failure seen since: ask the Events API first, so a failure that
    // happened a moment ago counts this hand-over as the new attempt it is.
    if (b.attempts.tryState(sessionId) === 'pending') await b.watcher.tick();
    const out = await b.sessions.handOut(sessionId);
    const record = recordFor(sessionId);
    const qrSvg =
      via === 'qr'
        ? await QRCode.toString(out.hostedUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
        : null;
    b.watcher.track(sessionId, { inFlow: true, createdAt: record.created });
    log.info('handed over', { session: sessionId, via, attempt: out.attempt, newAttempt: out.newAttempt });
    if (out.newAttempt) b.timelines.add(sessionId, `attempt_${out.attempt}`, clock.now());
    if (via === 'retry') {
      customer.dispatch({ type: 'retry_started', sessionId, attemptsLeft: attemptsLeft(record) });
      if (customer.sessionId() === sessionId) events.emit('hosted-flow.open', out.hostedUrl);
    } else {
      customer.dispatch({ type: 'present', sessionId, via, qrSvg, attemptsLeft: attemptsLeft(record) });
      if (via === 'screen') events.emit('hosted-flow.open', out.hostedUrl);
    }
    const shown = view(record, b);
    if (out.newAttempt) events.emit('session.updated', shown);
    return { qrSvg, view: shown };
  };

  const queue = (
    rawInput: unknown,
    clientReferenceId?: string,
    requestMayHaveArrived?: boolean,
  ): StartOutcome => {
    log.info('creation queued', { ref: clientReferenceId ?? 'new', online: o.connectivity.online() });
    const queued = backend().outbox.enqueue({
      input: rawInput,
      station: o.station,
      returnUrl: o.returnUrl() ?? undefined,
      clientReferenceId,
      requestMayHaveArrived,
    });
    backend().timelines.add(queued.clientReferenceId, 'queued', queued.queuedAt);
    return { outcome: 'queued', clientReferenceId: queued.clientReferenceId, reference: queued.reference };
  };

  return {
    view,
    record: recordFor,
    historyRow(record) {
      const { lastErrorReason: _reason, ...rest } = view(record);
      return { ...rest, station: record.station ?? 'unknown', redactedAt: record.redactedAt };
    },
    applyUpdate,

    announce(b, clientReferenceId) {
      const record = b.records.get(clientReferenceId);
      if (record) events.emit('session.updated', view(record, b));
    },

    applyOutboxItem(b, item) {
      if (item.state === 'ready' && item.sessionId) {
        b.watcher.track(item.sessionId, { inFlow: false, createdAt: clock.now() });
        b.timelines.link(item.clientReferenceId, item.sessionId);
        b.timelines.add(item.sessionId, 'created', clock.now());
      }
      events.emit('outbox.item', {
        clientReferenceId: item.clientReferenceId,
        reference: item.reference,
        state: item.state,
        sessionId: item.sessionId ?? null,
        code: item.error?.code ?? null,
        message: item.error?.message ?? null,
      });
      const record = b.records.get(item.clientReferenceId);
      if (record) events.emit('session.updated', view(record, b));
    },

    /** Creates now when Stripe answers, or queues durably when it cannot be reached. */
    async start(rawInput) {
      const input = withDocumentPolicy(checkStartInput(rawInput), o.policy?.()?.policy);
      // A new customer: the previous result must not linger on screen.
      customer.dispatch({ type: 'done' });
      const b = backend();
      // Behind a queue, a new creation waits its turn, so creations reach Stripe in order.
      if (!o.connectivity.online() || b.outbox.count > 0) return queue(input);
      const clientReferenceId = newClientReferenceId();
      b.records.add({
        clientReferenceId,
        reference: input.reference,
        type: input.type,
        status: 'queued',
        station: o.station,
      });
      try {
        const started = await b.sessions.create(input, clientReferenceId);
        const id = started.session.id;
        // Attempts stay 0: the first hand-over to the customer is attempt 1 (sessions.handOut).
        const record = b.records.update(clientReferenceId, {
          sessionId: id,
          status: started.session.status,
        });
        b.timelines.add(id, 'created', started.session.created);
        b.watcher.track(id, { inFlow: false, createdAt: started.session.created });
        const created = view(record, b);
        log.info('session created', { session: id, ref: clientReferenceId });
        events.emit('session.updated', created);
        return { outcome: 'created', session: created };
      } catch (error) {
        if (error instanceof CountersignError && error.retryable) {
          // The request may have reached Stripe: the queue replays it with the same key and
          // client_reference_id (and takes over this record), so it is created exactly once.
          // Staff may still withdraw it when its connection was refused before sending.
          if (error.code === 'stripe_connection') o.connectivity.report(false);
          b.outbox.noteFailure(error.code);
          return queue(input, clientReferenceId, mayHaveReachedStripe(error));
        }
        // Refused for good (bad key, invalid request): the record says so instead of "queued".
        const code = error instanceof CountersignError ? error.code : 'internal';
        log.warn('creation refused', { ref: clientReferenceId, code });
        const failed = b.records.update(clientReferenceId, { status: 'failed', lastErrorCode: code });
        events.emit('session.updated', view(failed, b));
        throw error;
      }
    },

    async handOver(sessionId, via) {
      const { qrSvg } = await handOut(sessionId, via);
      return { qrSvg };
    },

    async retry(sessionId) {
      return (await handOut(sessionId, 'retry')).view;
    },

    withdraw(clientReferenceId) {
      const b = backend();
      b.outbox.withdraw(clientReferenceId);
      const record = b.records.update(clientReferenceId, { status: 'canceled', lastErrorCode: 'withdrawn' });
      b.timelines.add(clientReferenceId, 'withdrawn', clock.now());
      const withdrawn = view(record, b);
      events.emit('session.updated', withdrawn);
      return withdrawn;
    },

    async cancel(sessionId) {
      const b = backend();
      recordFor(sessionId);
      const facts = await b.sessions.cancel(sessionId);
      applyUpdate(b, { ...facts, sessionId, source: 'canceled', eventId: null, at: clock.now() });
      return view(recordFor(sessionId), b);
    },

    async redact(sessionId) {
      const b = backend();
      const record = recordFor(sessionId);
      const waiting = record.status === 'requires_input' && !record.redacted;
      const facts = await b.sessions.redact(sessionId);
      if (waiting) {
        // Redacting a waiting verification ends it: Stripe cancels it as part of the redaction (a
        // canceled session cannot be redacted, so it cannot be canceled first). The record, the
        // timeline, the console and the customer screen are told of the cancel first, in its own
        // step, so nobody reads a waiting verification that quietly vanished.
        applyUpdate(b, {
          ...facts,
          status: 'canceled',
          redacted: false,
          sessionId,
          source: 'canceled',
          eventId: null,
          at: clock.now(),
        });
      }
      b.history.markRedacted(record.clientReferenceId);
      applyUpdate(b, {
        ...facts,
        redacted: true,
        sessionId,
        source: 'redacted',
        eventId: null,
        at: clock.now(),
      });
      return view(recordFor(sessionId), b);
    },

    async detail(sessionId) {
      const b = backend();
      const record = recordFor(sessionId);
      const checks = record.redacted ? [] : await b.sessions.checks(sessionId);
      return { session: view(record, b), timeline: b.timelines.steps(sessionId), checks };
    },

    manualCheck(input, staff) {
      const b = backend();
      const record = b.records.add({
        clientReferenceId: newClientReferenceId(),
        reference: input.reference,
        type: 'document',
        status: 'checked_by_staff',
        station: o.station,
        staff,
        manualCheck: {
          documentType: input.documentType,
          lastDigits: input.lastDigits === '' ? null : input.lastDigits,
          outcome: input.outcome,
          reason: input.reason,
        },
      });
      log.info('manual check recorded', { outcome: input.outcome });
      const shown = view(record, b);
      events.emit('session.updated', shown);
      return shown;
    },
    list(since) {
      const b = backend();
      const out: SessionView[] = [];
      for (const record of b.records.matching({ from: since })) {
        out.push(view(record, b));
        if (out.length >= 10_000) break;
      }
      return out;
    },

    customerReturned() {
      const id = customer.sessionId();
      if (!id) return;
      customer.dispatch({ type: 'returned', sessionId: id });
      const watcher = backend().watcher;
      watcher.noteReturned(id);
      // Stripe has the submission by now: one Events request finds "processing" at once
      // instead of at the next tick.
      void watcher.tick();
    },
  };
}
