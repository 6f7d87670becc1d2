/**
 * In-memory state and the session lifecycle: requires_input → processing → verified, or back to
 * requires_input with last_error; cancel; redact. Every status change records an event and tells
 * the status listeners. Nothing here knows about HTTP.
 */
import { invalidParameter, invalidState, resourceMissing } from './stripe-errors.ts';
import { FAILURES, outcomeFits } from './failures.ts';
import { FlowRegistry } from './flows.ts';
import { makeId, randomAlphanumeric } from './ids.ts';
import { redactSnapshot, renderSession } from './objects.ts';
import { checksOf } from './session-records.ts';
import type {
  DocumentOptions,
  EventRecord,
  EventType,
  Outcome,
  ReportRecord,
  RequestContext,
  SessionRecord,
  SessionStatus,
  SessionType,
} from './session-records.ts';

/** How many unopened hosted-page links a session keeps (each retrieve while requires_input mints one). */
const MAX_TOKENS = 50;
const NO_REQUEST: RequestContext = { requestId: null, idempotencyKey: null };

export interface CreateSessionInput {
  type: SessionType;
  documentOptions?: DocumentOptions | undefined;
  providedDetails?: { email?: string; phone?: string } | undefined;
  metadata?: Record<string, string> | undefined;
  clientReferenceId?: string | undefined;
  relatedCustomer?: string | undefined;
  relatedCustomerAccount?: string | undefined;
  returnUrl?: string | undefined;
  /** A verification flow's id and the email / phone checks it turns on. */
  verificationFlow?: { id: string; email: boolean; phone: boolean } | undefined;
}

export interface UpdateSessionInput {
  type?: SessionType | undefined;
  /** null removes the document options (`options[document]=`). */
  documentOptions?: DocumentOptions | null | undefined;
  providedDetails?: { email?: string; phone?: string } | undefined;
  /** Keys with '' are removed; null clears every key (`metadata=`). */
  metadata?: Record<string, string> | null | undefined;
}

type StatusListener = (sessionId: string, status: string, atMs: number) => void;

export class SimulatorStore {
  readonly sessions = new Map<string, SessionRecord>();
  readonly reports = new Map<string, ReportRecord>();
  readonly events: EventRecord[] = [];
  readonly flows = new FlowRegistry();
  private readonly eventsById = new Map<string, EventRecord>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<StatusListener>();
  private readonly eventListeners = new Set<(event: EventRecord) => void>();
  private seq = 0;
  private closed = false;
  /** Every hosted-page token and client_secret ever minted (tests scan for them; see index.ts). */
  readonly issued: string[] = [];

  constructor(
    private readonly now: () => number,
    private readonly processingDelayMs: number,
    /** Builds the hosted-page url for a session and token. */
    private readonly hostedUrl: (sessionId: string, token: string) => string,
    /**
     * Whether a failure in the flow itself (the status stays requires_input) sends a
     * requires_input event. Stripe does not say; see docs/simulator.md.
     */
    private readonly eventOnFlowFailure = true,
  ) {}

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The simulator's clock, in milliseconds. */
  nowMs(): number {
    return this.now();
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  onStatusChange(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(sessionId: string, status: string): void {
    const at = this.now();
    for (const listener of [...this.listeners]) {
      try {
        listener(sessionId, status, at);
      } catch {
        // A broken listener (a benchmark's probe) must not break the simulated API.
      }
    }
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.listeners.clear();
    this.eventListeners.clear();
  }

  getSession(id: string, param = 'session'): SessionRecord {
    const session = this.sessions.get(id);
    if (!session) throw resourceMissing('verification_session', id, param);
    return session;
  }

  getReport(id: string, param = 'report'): ReportRecord {
    const report = this.reports.get(id);
    if (!report) throw resourceMissing('verification_report', id, param);
    return report;
  }

  findEvent(id: string): EventRecord | undefined {
    return this.eventsById.get(id);
  }

  getEvent(id: string): EventRecord {
    const event = this.eventsById.get(id);
    if (!event) throw resourceMissing('event', id, 'id');
    return event;
  }

  /** The url of the session's newest unused link, or null when it has none. */
  currentUrl(session: SessionRecord): string | null {
    const token = session.tokens.at(-1) ?? session.openedTokens.at(-1);
    return token === undefined ? null : this.hostedUrl(session.id, token);
  }

  /** A new single-use link for a session waiting for input (Stripe hands out a fresh url on retrieve). */
  freshUrl(session: SessionRecord): string | null {
    if (session.status !== 'requires_input' || session.redaction !== null) return null;
    const token = randomAlphanumeric(32);
    session.tokens.push(token);
    if (session.tokens.length > MAX_TOKENS) session.tokens.splice(0, session.tokens.length - MAX_TOKENS);
    if (session.clientSecret === null) {
      session.clientSecret = `${session.id}_secret_${randomAlphanumeric(25)}`;
      this.issued.push(session.clientSecret);
    }
    this.issued.push(token);
    return this.hostedUrl(session.id, token);
  }

  private revokeLinks(session: SessionRecord): void {
    session.tokens = [];
    session.openedTokens = [];
    session.clientSecret = null;
  }

  private record(type: EventType, session: SessionRecord, request: RequestContext): void {
    const seq = this.nextSeq();
    const event: EventRecord = {
      id: makeId('evt', seq),
      seq,
      created: this.seconds(),
      type,
      sessionId: session.id,
      object: renderSession(session, { expand: new Set(), url: null, forEvent: true }, (id) =>
        this.reports.get(id),
      ),
      request: { ...request },
      pendingWebhooks: 0,
    };
    this.events.push(event);
    this.eventsById.set(event.id, event);
    for (const listener of [...this.eventListeners]) listener(event);
  }

  /** Called with every event as it is recorded (webhook delivery listens here). */
  onEvent(listener: (event: EventRecord) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  private setStatus(session: SessionRecord, status: SessionStatus, request: RequestContext): void {
    session.status = status;
    this.record(`identity.verification_session.${status}`, session, request);
    this.notify(session.id, status);
  }

  createSession(input: CreateSessionInput, request: RequestContext): SessionRecord {
    const seq = this.nextSeq();
    const id = makeId('vs', seq);
    const session: SessionRecord = {
      id,
      seq,
      created: this.seconds(),
      status: 'requires_input',
      type: input.verificationFlow ? 'verification_flow' : input.type,
      documentOptions: { ...(input.documentOptions ?? {}) },
      contactChecks: {
        email: input.verificationFlow?.email ?? false,
        phone: input.verificationFlow?.phone ?? false,
      },
      verificationFlow: input.verificationFlow?.id ?? null,
      providedDetails: input.providedDetails ? { ...input.providedDetails } : null,
      // Without a prototype, a metadata key such as `__proto__` stays an ordinary key.
      metadata: Object.assign(Object.create(null) as Record<string, string>, input.metadata ?? {}),
      clientReferenceId: input.clientReferenceId ?? null,
      relatedCustomer: input.relatedCustomer ?? null,
      relatedCustomerAccount: input.relatedCustomerAccount ?? null,
      returnUrl: input.returnUrl ?? null,
      lastError: null,
      lastReportId: null,
      redaction: null,
      tokens: [],
      openedTokens: [],
      clientSecret: null,
    };
    this.sessions.set(id, session);
    this.freshUrl(session);
    this.record('identity.verification_session.created', session, request);
    this.notify(id, 'requires_input');
    return session;
  }

  updateSession(id: string, input: UpdateSessionInput): SessionRecord {
    const session = this.getSession(id);
    if (session.redaction !== null) {
      throw invalidState('This VerificationSession has been redacted and can no longer be updated.');
    }
    if (session.status !== 'requires_input') {
      throw invalidState(
        `You can only update a VerificationSession when its status is requires_input. This VerificationSession's status is ${session.status}.`,
      );
    }
    if (input.type !== undefined) session.type = input.type;
    if (input.documentOptions === null) session.documentOptions = {};
    else if (input.documentOptions !== undefined) session.documentOptions = { ...input.documentOptions };
    if (input.providedDetails !== undefined) {
      session.providedDetails = { ...(session.providedDetails ?? {}), ...input.providedDetails };
    }
    if (input.metadata === null) session.metadata = Object.create(null) as Record<string, string>;
    else if (input.metadata !== undefined) {
      for (const [k, v] of Object.entries(input.metadata)) {
        if (v === '') delete session.metadata[k];
        else session.metadata[k] = v;
      }
    }
    return session;
  }

  cancelSession(id: string, request: RequestContext): SessionRecord {
    const session = this.getSession(id);
    if (session.status !== 'requires_input') {
      throw invalidState(
        `You can only cancel a VerificationSession when its status is requires_input. This VerificationSession's status is ${session.status}.`,
      );
    }
    this.revokeLinks(session);
    this.setStatus(session, 'canceled', request);
    return session;
  }

  redactSession(id: string, request: RequestContext): SessionRecord {
    const session = this.getSession(id);
    // Redacting again changes nothing: the first redaction is already under way or done.
    if (session.redaction !== null) return session;
    if (session.status !== 'requires_input' && session.status !== 'verified') {
      throw invalidState(
        `You can only redact a VerificationSession when its status is requires_input or verified. This VerificationSession's status is ${session.status}.`,
      );
    }
    if (session.status === 'requires_input') {
      // Stripe cancels a session that is redacted while it still waits for input.
      this.revokeLinks(session);
      this.setStatus(session, 'canceled', request);
    }
    session.redaction = 'processing';
    session.metadata = Object.create(null) as Record<string, string>;
    for (const report of this.reports.values()) if (report.sessionId === id) report.redacted = true;
    for (const event of this.events) if (event.sessionId === id) event.object = redactSnapshot(event.object);
    this.later(this.processingDelayMs, () => {
      session.redaction = 'redacted';
      this.record('identity.verification_session.redacted', session, request);
    });
    return session;
  }

  /** Whether a hosted-page token is a live link of the session. */
  tokenValid(session: SessionRecord, token: string): boolean {
    return (
      session.status === 'requires_input' &&
      session.redaction === null &&
      token !== '' &&
      (session.tokens.includes(token) || session.openedTokens.includes(token))
    );
  }

  /** Keeps an opened page's token alive until the session is submitted (see openedTokens). */
  markOpened(session: SessionRecord, token: string): void {
    const i = session.tokens.indexOf(token);
    if (i >= 0) {
      session.tokens.splice(i, 1);
      session.openedTokens.push(token);
    }
  }

  /**
   * What the hosted page's buttons do. Verification outcomes go to processing now and to their
   * result after processingDelayMs; consent_declined and abandoned return to requires_input at once.
   */
  submit(id: string, outcome: Outcome, request: RequestContext = NO_REQUEST): SessionRecord {
    const session = this.getSession(id);
    if (session.status !== 'requires_input' || session.redaction !== null) {
      throw invalidState(
        `This VerificationSession cannot be submitted: its status is ${session.status}${session.redaction ? ' and it is redacted' : ''}.`,
      );
    }
    if (!outcomeFits(outcome, checksOf(session))) {
      throw invalidParameter(
        'outcome',
        `A ${session.type} session with these options cannot end with ${outcome}: that check does not run.`,
      );
    }
    this.revokeLinks(session);
    if (outcome !== 'verified' && FAILURES[outcome].source === 'flow') {
      // Ended in the flow itself: nothing was submitted, so nothing is processed or reported.
      session.lastError = { code: outcome, reason: FAILURES[outcome].reason };
      this.freshUrl(session);
      if (this.eventOnFlowFailure) this.setStatus(session, 'requires_input', request);
      else this.notify(session.id, 'requires_input');
      return session;
    }
    session.lastError = null;
    this.setStatus(session, 'processing', request);
    // What was submitted: later updates of the session do not change this attempt's report.
    const submitted = {
      type: session.type,
      documentOptions: { ...session.documentOptions },
      contactChecks: { ...session.contactChecks },
      verificationFlow: session.verificationFlow,
      contact: {
        email: session.providedDetails?.email ?? null,
        phone: session.providedDetails?.phone ?? null,
      },
    };
    this.later(this.processingDelayMs, () => this.finishProcessing(session, outcome, submitted));
    return session;
  }

  private finishProcessing(
    session: SessionRecord,
    outcome: Outcome,
    submitted: Pick<
      ReportRecord,
      'type' | 'documentOptions' | 'contactChecks' | 'verificationFlow' | 'contact'
    >,
  ): void {
    if (session.status !== 'processing') return;
    const seq = this.nextSeq();
    const report: ReportRecord = {
      id: makeId('vr', seq),
      seq,
      created: this.seconds(),
      sessionId: session.id,
      clientReferenceId: session.clientReferenceId,
      ...submitted,
      outcome,
      redacted: false,
    };
    this.reports.set(report.id, report);
    session.lastReportId = report.id;
    if (outcome === 'verified') {
      this.setStatus(session, 'verified', NO_REQUEST);
      return;
    }
    session.lastError = { code: outcome, reason: FAILURES[outcome].reason };
    // A new link for the next attempt; freshUrl only mints one for a session waiting for input.
    session.status = 'requires_input';
    this.freshUrl(session);
    this.setStatus(session, 'requires_input', NO_REQUEST);
  }
}
