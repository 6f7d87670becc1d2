/**
 * The verification lifecycle as staff and kiosks use it: start, retry on the same session,
 * cancel, redact, and the result on demand. The hosted `url` is returned to the caller (the
 * main process opens it for the customer) but never stored or logged here; verified personal
 * data is fetched only when asked for and only kept by the caller, in memory.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorText, RETRY_REFUSALS } from '../../../contract/error-messages.ts';
import { CountersignError } from '../../../contract/errors.ts';
import type { VerifiedResult } from '../../../contract/ipc.ts';
import type { CheckedStartInput } from '../../../contract/start-input.ts';
import type { Clock } from '../../../base/clock.ts';
import { buildCreateParams, idempotencyKeyFor } from './create-params.ts';
import type { Gateway, VerificationSession } from '../stripe/index.ts';
import { factsOf, type SessionFacts } from './session-facts.ts';
import { readVerifiedResult } from './verified-result.ts';

/**
 * Attempts per session. An attempt is one try at the hosted flow: the first hand-over starts
 * attempt 1; handing over again after that try failed (Stripe said requires_input with a
 * last_error) starts the next one; showing the same pending try again (a second screen, a QR) is
 * not a new attempt. `handOut` below is the one place that decides.
 */
export interface AttemptCounter {
  get(sessionId: string): number;
  /**
   * 'failed': the current try ended in a failure; 'pending': it was handed out in this run and no
   * failure was seen since; 'unknown': not handed out in this run (decided from the record).
   */
  tryState(sessionId: string): 'pending' | 'failed' | 'unknown';
  /** Counts a new attempt (`attempts` is the new total); its try is pending. */
  begin(sessionId: string, attempts: number): void;
  /** The current try was handed out (again): pending until a failure is seen. */
  shown(sessionId: string): void;
}

export interface HandOut extends StartedSession {
  /** The attempt the customer is now on (1-based). */
  attempt: number;
  /** Whether this hand-over started a new attempt (false: the same try shown again). */
  newAttempt: boolean;
}

export interface StartedSession {
  session: SessionFacts;
  /** Single-use secret: open it for the customer, never persist or log it. */
  hostedUrl: string;
}

export interface ReportCheck {
  check: 'document' | 'selfie' | 'id_number';
  status: 'verified' | 'unverified' | null;
  errorCode: string | null;
}

export interface SessionsOptions {
  gateway: Gateway;
  /**
   * The restricted key's gateway, the only one that asks for sensitive results (date of birth,
   * ID number); null or absent: they are withheld, and the reveal says why (verified-result.ts).
   */
  sensitiveGateway?: Gateway | null;
  clock: Clock;
  /** Read at each retry, so a settings change applies at once. */
  maxAttempts: () => number;
  attempts: AttemptCounter;
  /** Read at each creation, so a settings change applies to the next customer. */
  returnUrl: () => string | undefined;
  station: string;
}

export interface Sessions {
  maxAttempts(): number;
  /** Creates from an already checked input under a known reference id (the outbox's replay). */
  create(input: CheckedStartInput, clientReferenceId: string): Promise<StartedSession>;
  /**
   * Hands the session to the customer (screen, QR, retry, kiosk all come here): a fresh url on
   * the SAME session while it is requires_input. Counts a new attempt when the current try failed
   * (or none was made), refusing with `attempts_exhausted` past the cap; showing the pending try
   * again counts nothing. One hand-out per session at a time.
   */
  handOut(sessionId: string): Promise<HandOut>;
  cancel(sessionId: string): Promise<SessionFacts>;
  redact(sessionId: string): Promise<SessionFacts>;
  result(sessionId: string): Promise<VerifiedResult>;
  checks(sessionId: string): Promise<ReportCheck[]>;
}

export function newClientReferenceId(): string {
  return `cs_${randomUUID().replace(/-/g, '')}`;
}

export function createSessions(options: SessionsOptions): Sessions {
  const { gateway } = options;
  const { clock, maxAttempts, attempts } = options;

  const hostedUrlOf = (session: VerificationSession): string => {
    if (!session.url) {
      throw new CountersignError(
        'invalid_state',
        'Stripe gave no verification link for this session. Start a new one.',
        { text: { id: 'session_no_link', params: {} } },
      );
    }
    return session.url;
  };

  const create = async (input: CheckedStartInput, clientReferenceId: string): Promise<StartedSession> => {
    const params = buildCreateParams(input, {
      clientReferenceId,
      returnUrl: options.returnUrl(),
      station: options.station,
    });
    const session = await gateway.createSession(params, idempotencyKeyFor(clientReferenceId));
    return { session: factsOf(session), hostedUrl: hostedUrlOf(session) };
  };

  const handingOut = new Set<string>();
  const handOutOnce = async (sessionId: string): Promise<HandOut> => {
    const session = await gateway.retrieveSession(sessionId);
    if (session.status !== 'requires_input') {
      throw new CountersignError('invalid_state', retryRefusal(session.status), {
        text: { id: 'retry_refused', params: { status: retryRefusalKind(session.status) } },
      });
    }
    const used = attempts.get(sessionId);
    const state = attempts.tryState(sessionId);
    const failed =
      state === 'failed' ||
      (state === 'unknown' && session.last_error !== null && session.last_error !== undefined);
    const newAttempt = used === 0 || failed;
    if (newAttempt && used >= maxAttempts()) {
      throw new CountersignError(
        'attempts_exhausted',
        `This customer has tried ${used} times. Please check their document at the counter or start a new verification.`,
        { detail: { attempts: used }, text: { id: 'attempts_exhausted', params: { attempts: used } } },
      );
    }
    if (newAttempt) attempts.begin(sessionId, used + 1);
    else attempts.shown(sessionId);
    return {
      session: factsOf(session),
      hostedUrl: hostedUrlOf(session),
      attempt: newAttempt ? used + 1 : used,
      newAttempt,
    };
  };

  return {
    maxAttempts,
    create,
    handOut: async (sessionId) => {
      // Two hand-overs at once (a double click, staff and customer both tapping "try again")
      // must not both pass the attempt check before either is counted.
      if (handingOut.has(sessionId)) {
        throw new CountersignError(
          'invalid_state',
          'This verification is already being handed to the customer.',
          { text: { id: 'handing_out', params: {} } },
        );
      }
      handingOut.add(sessionId);
      try {
        return await handOutOnce(sessionId);
      } finally {
        handingOut.delete(sessionId);
      }
    },
    cancel: async (sessionId) => {
      try {
        return factsOf(await gateway.cancelSession(sessionId));
      } catch (error) {
        throw refineStateError(
          error,
          'This verification can no longer be canceled: it is being processed or already finished.',
          { id: 'cancel_refused', params: {} },
        );
      }
    },
    redact: async (sessionId) => {
      try {
        return factsOf(await gateway.redactSession(sessionId));
      } catch (error) {
        throw refineStateError(
          error,
          'This verification cannot be redacted while Stripe is processing it. Try again in a minute.',
          { id: 'redact_refused', params: {} },
        );
      }
    },
    result: (sessionId) => readVerifiedResult(sessionId, gateway, options.sensitiveGateway ?? null, clock),
    checks: async (sessionId) => {
      const session = await gateway.retrieveSession(sessionId, ['last_verification_report']);
      const report = session.last_verification_report;
      if (!report || typeof report === 'string') return [];
      const checks: ReportCheck[] = [];
      if (report.document) {
        checks.push({
          check: 'document',
          status: checkStatus(report.document.status),
          errorCode: report.document.error?.code ?? null,
        });
      }
      if (report.selfie) {
        checks.push({
          check: 'selfie',
          status: checkStatus(report.selfie.status),
          errorCode: report.selfie.error?.code ?? null,
        });
      }
      if (report.id_number) {
        checks.push({
          check: 'id_number',
          status: checkStatus(report.id_number.status),
          errorCode: report.id_number.error?.code ?? null,
        });
      }
      return checks;
    },
  };
}

function retryRefusalKind(status: VerificationSession['status']): (typeof RETRY_REFUSALS)[number] {
  switch (status) {
    case 'processing':
      return 'processing';
    case 'verified':
      return 'verified';
    case 'canceled':
      return 'canceled';
    default:
      return 'other';
  }
}

function retryRefusal(status: VerificationSession['status']): string {
  switch (status) {
    case 'processing':
      return 'Stripe is still checking the last attempt. Wait for the result before trying again.';
    case 'verified':
      return 'This customer is already verified.';
    case 'canceled':
      return 'This verification was canceled. Start a new one.';
    default:
      return 'This verification cannot be retried.';
  }
}

/** Stripe answers a call made in the wrong state with a plain invalid request; say why instead. */
function refineStateError(error: unknown, message: string, text: ErrorText): unknown {
  if (error instanceof CountersignError && error.code === 'stripe_invalid_request') {
    return new CountersignError('invalid_state', message, {
      detail: { ...error.detail },
      text,
      cause: error,
    });
  }
  return error;
}

function checkStatus(status: string): 'verified' | 'unverified' | null {
  return status === 'verified' || status === 'unverified' ? status : null;
}
