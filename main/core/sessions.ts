/**
 * The verification lifecycle as staff and kiosks use it: start, retry on the same session,
 * cancel, redact, and the result on demand. The hosted `url` is returned to the caller (the
 * main process opens it for the customer) but never stored or logged here; verified personal
 * data is fetched only when asked for and only kept by the caller, in memory.
 */
import { randomUUID } from 'node:crypto';
import { CountersignError } from '../../contract/errors.ts';
import type { VerifiedResult } from '../../contract/ipc.ts';
import type { CheckedStartInput } from '../../contract/start-input.ts';
import type { Clock } from './clock.ts';
import { buildCreateParams, idempotencyKeyFor } from './create-params.ts';
import type { Gateway, VerificationSession } from './gateway.ts';
import { factsOf, type SessionFacts } from './session-facts.ts';

/** How many times the hosted flow was handed to the customer, per session. */
export interface AttemptCounter {
  get(sessionId: string): number;
  set(sessionId: string, attempts: number): void;
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
   * The url to hand the current attempt to the customer (again, or on another device): Stripe
   * gives a fresh one on each retrieve while the session waits for input. Not a new attempt.
   */
  hostedUrl(sessionId: string): Promise<string>;
  /** A fresh url on the SAME session, while it is requires_input and attempts remain. */
  retry(sessionId: string): Promise<StartedSession>;
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
    // A replayed create returns the same session: count the hand-over once.
    if (attempts.get(session.id) === 0) attempts.set(session.id, 1);
    return { session: factsOf(session), hostedUrl: hostedUrlOf(session) };
  };

  const retrying = new Set<string>();
  const retryOnce = async (sessionId: string): Promise<StartedSession> => {
    const used = attempts.get(sessionId);
    if (used >= maxAttempts()) {
      throw new CountersignError(
        'attempts_exhausted',
        `This customer has tried ${used} times. Please check their document at the counter or start a new verification.`,
        { detail: { attempts: used } },
      );
    }
    const session = await gateway.retrieveSession(sessionId);
    if (session.status !== 'requires_input') {
      throw new CountersignError('invalid_state', retryRefusal(session.status));
    }
    attempts.set(sessionId, used + 1);
    return { session: factsOf(session), hostedUrl: hostedUrlOf(session) };
  };

  return {
    maxAttempts,
    create,
    hostedUrl: async (sessionId) => {
      const session = await gateway.retrieveSession(sessionId);
      if (session.status !== 'requires_input') {
        throw new CountersignError('invalid_state', retryRefusal(session.status));
      }
      return hostedUrlOf(session);
    },
    retry: async (sessionId) => {
      // One retry per session at a time: two taps on "try again" (staff and customer) must not
      // both pass the attempt check before either is counted.
      if (retrying.has(sessionId)) {
        throw new CountersignError(
          'invalid_state',
          'A new attempt is already being prepared for this customer.',
        );
      }
      retrying.add(sessionId);
      try {
        return await retryOnce(sessionId);
      } finally {
        retrying.delete(sessionId);
      }
    },
    cancel: async (sessionId) => {
      try {
        return factsOf(await gateway.cancelSession(sessionId));
      } catch (error) {
        throw refineStateError(
          error,
          'This verification can no longer be canceled: it is being processed or already finished.',
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
        );
      }
    },
    result: async (sessionId) => {
      const session = await gateway.retrieveSession(sessionId, ['verified_outputs', 'verified_outputs.dob']);
      if (session.redaction) {
        throw new CountersignError('invalid_state', 'This verification was redacted: its result is gone.');
      }
      if (session.status !== 'verified' || !session.verified_outputs) {
        throw new CountersignError('invalid_state', 'There is no verified result for this session.');
      }
      const out = session.verified_outputs;
      return {
        firstName: out.first_name ?? null,
        lastName: out.last_name ?? null,
        dob:
          out.dob && out.dob.day && out.dob.month && out.dob.year
            ? { day: out.dob.day, month: out.dob.month, year: out.dob.year }
            : null,
        address: out.address
          ? {
              line1: out.address.line1 ?? null,
              line2: out.address.line2 ?? null,
              city: out.address.city ?? null,
              state: out.address.state ?? null,
              postal_code: out.address.postal_code ?? null,
              country: out.address.country ?? null,
            }
          : null,
        idNumberType: out.id_number_type ?? null,
        email: out.email ?? null,
        phone: out.phone ?? null,
        fetchedAt: clock.now(),
      };
    },
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
function refineStateError(error: unknown, message: string): unknown {
  if (error instanceof CountersignError && error.code === 'stripe_invalid_request') {
    return new CountersignError('invalid_state', message, { detail: { ...error.detail }, cause: error });
  }
  return error;
}

function checkStatus(status: string): 'verified' | 'unverified' | null {
  return status === 'verified' || status === 'unverified' ? status : null;
}
