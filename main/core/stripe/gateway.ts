/**
 * The gateway is the only module that imports `stripe`. Everything Countersign asks of Stripe
 * goes through the handful of calls below, so the rest of the core deals in plain data and the
 * app's typed errors, and can be pointed at real Stripe or at the embedded simulator alike.
 */
import Stripe from 'stripe';
import { CountersignError } from '../../../contract/errors.ts';
import { STRIPE_API_VERSION } from '../../../contract/stripe-api-version.ts';

export type VerificationSession = Stripe.Identity.VerificationSession;
export type VerificationReport = Stripe.Identity.VerificationReport;
export type StripeEvent = Stripe.Event;
export type SessionCreateParams = Stripe.Identity.VerificationSessionCreateParams;
/**
 * A creation's answer. `replayed`: Stripe answered from an earlier request with the same
 * Idempotency-Key (header `Idempotent-Replayed: true`) — the session existed before this request.
 */
export type CreatedSession = VerificationSession & { replayed: boolean };

/** Where the API lives. Omit for api.stripe.com; the simulator gives its own. */
export interface ApiTarget {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface GatewayOptions {
  apiKey: string;
  target?: ApiTarget;
  /** Per-request timeout. Kept short: a counter would rather retry than hang. */
  timeoutMs?: number;
  /**
   * The SDK's own retries for connection errors and 409/5xx, reusing the Idempotency-Key.
   * The outbox and watcher do their own pacing, so they may set this to 0.
   */
  maxNetworkRetries?: number;
  /** Called once per HTTP request the SDK sends (method, path, status, ms). Never bodies. */
  onRequest?: (info: { method: string; path: string; status: number; elapsedMs: number }) => void;
}

export interface EventPage {
  data: StripeEvent[];
  hasMore: boolean;
}

export interface ListEventsParams {
  types: readonly string[];
  /** Only events newer than this event (Stripe's `ending_before`). */
  endingBefore?: string;
  /** Only events older than this event (Stripe's `starting_after`). */
  startingAfter?: string;
  /** Only events created at or after this Unix time, in seconds. */
  createdGte?: number;
  limit?: number;
}

export interface Gateway {
  /**
   * Creates, or gets the session an earlier request with the same key made (then `replayed`).
   * While that earlier request is still being carried out, rejects with a retryable
   * `stripe_idempotency` error that `isRequestInProgress` recognises: ask again later.
   */
  createSession(params: SessionCreateParams, idempotencyKey: string): Promise<CreatedSession>;
  retrieveSession(id: string, expand?: readonly string[]): Promise<VerificationSession>;
  cancelSession(id: string): Promise<VerificationSession>;
  redactSession(id: string): Promise<VerificationSession>;
  /** Sessions carrying this client_reference_id, newest first (at most `limit`). */
  findSessionsByReference(clientReferenceId: string, limit?: number): Promise<VerificationSession[]>;
  listEvents(params: ListEventsParams): Promise<EventPage>;
  /** One cheap authenticated request: proves the key works and Stripe is reachable. */
  ping(): Promise<void>;
}

export function createGateway(options: GatewayOptions): Gateway {
  const config: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 15_000,
    telemetry: false,
    appInfo: { name: 'Countersign' },
  };
  if (options.target) {
    config.host = options.target.host;
    config.port = options.target.port;
    config.protocol = options.target.protocol;
  }
  const stripe = new Stripe(options.apiKey, config);
  if (options.onRequest) {
    const report = options.onRequest;
    stripe.on('response', (r: Stripe.ResponseEvent) =>
      report({ method: r.method, path: r.path, status: r.status, elapsedMs: r.elapsed }),
    );
  }
  const sessions = stripe.identity.verificationSessions;

  return {
    createSession: (params, idempotencyKey) => {
      // Every creation must be findable again by its reference (the outbox looks it up past
      // Stripe's 24 hours of idempotency) and safe to repeat.
      if (!params.client_reference_id || !idempotencyKey) {
        return Promise.reject(
          new CountersignError(
            'internal',
            'A verification was about to be created without its reference or key.',
          ),
        );
      }
      return call(async () => {
        const session = await sessions.create(params, { idempotencyKey });
        const replayed = session.lastResponse?.headers?.['idempotent-replayed'] === 'true';
        return Object.assign(session, { replayed });
      });
    },
    retrieveSession: (id, expand) =>
      call(() => sessions.retrieve(id, expand && expand.length > 0 ? { expand: [...expand] } : {})),
    cancelSession: (id) => call(() => sessions.cancel(id)),
    redactSession: (id) => call(() => sessions.redact(id)),
    findSessionsByReference: async (clientReferenceId, limit = 10) => {
      const page = await call(() => sessions.list({ client_reference_id: clientReferenceId, limit }));
      return page.data;
    },
    listEvents: async ({ types, endingBefore, startingAfter, createdGte, limit = 100 }) => {
      const params: Stripe.EventListParams = { types: [...types], limit };
      if (endingBefore) params.ending_before = endingBefore;
      if (startingAfter) params.starting_after = startingAfter;
      if (createdGte !== undefined) params.created = { gte: createdGte };
      const page = await call(() => stripe.events.list(params));
      return { data: page.data, hasMore: page.has_more };
    },
    ping: async () => {
      await call(() => sessions.list({ limit: 1 }));
    },
  };
}

/** Stripe is still carrying out an earlier request with the same Idempotency-Key. */
export function isRequestInProgress(error: unknown): boolean {
  return (
    error instanceof CountersignError && error.code === 'stripe_idempotency' && error.detail.status === 409
  );
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw mapStripeError(error);
  }
}

/**
 * Stripe's error classes → the app's typed errors. Messages are written for the person at the
 * counter; Stripe's own message is kept only for invalid requests, where it names the field.
 */
function mapStripeError(error: unknown): CountersignError {
  if (error instanceof CountersignError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new CountersignError('internal', 'Something went wrong while talking to Stripe. Try again.', {
      cause: error,
      text: { id: 'stripe_unexpected', params: {} },
    });
  }
  const detail = {
    stripeType: error.rawType ?? error.type,
    stripeCode: error.code,
    param: error.param,
    requestId: error.requestId,
    status: error.statusCode,
  };
  if (error.statusCode === 409 && error.rawType === 'idempotency_error') {
    // stripe-node makes every 409 a StripeAPIError; this one means "the first request with this
    // key is still running": nothing is wrong with the request, it is only too early.
    return new CountersignError(
      'stripe_idempotency',
      'Stripe is still handling the first request for this verification. Countersign will ask again shortly.',
      { detail, retryable: true, text: { id: 'stripe_idempotency_in_progress', params: {} } },
    );
  }
  switch (error.type) {
    case 'StripeAuthenticationError':
      return new CountersignError(
        'stripe_authentication',
        'Stripe did not accept the secret key. Open Settings and store a valid key (Stripe Dashboard → Developers → API keys).',
        { detail, text: { id: 'stripe_key_refused', params: {} } },
      );
    case 'StripePermissionError':
      return new CountersignError(
        'stripe_permission',
        'This key is not allowed to use Stripe Identity. Use a secret key, or a restricted key with write access to Identity.',
        { detail, text: { id: 'stripe_key_not_permitted', params: {} } },
      );
    case 'StripeRateLimitError':
      return new CountersignError(
        'stripe_rate_limit',
        'Stripe is receiving too many requests right now. Countersign will try again in a moment.',
        { detail, retryable: true, text: { id: 'stripe_rate_limited', params: {} } },
      );
    case 'StripeIdempotencyError':
      return new CountersignError(
        'stripe_idempotency',
        'Stripe refused a repeated request because it differs from the first one. Start a new verification.',
        { detail, text: { id: 'stripe_idempotency_mismatch', params: {} } },
      );
    case 'StripeConnectionError':
      return new CountersignError(
        'stripe_connection',
        'Cannot reach Stripe. Check the network connection; Countersign keeps trying.',
        { detail, retryable: true, text: { id: 'stripe_unreachable', params: {} } },
      );
    case 'StripeInvalidRequestError':
      if (error.code === 'resource_missing' || error.statusCode === 404) {
        return new CountersignError('session_not_found', 'Stripe has no such verification session.', {
          detail,
          text: { id: 'stripe_session_missing', params: {} },
        });
      }
      // No text id: Stripe's own sentence (which parameter, what was wrong) is the useful part on
      // an English console; any other language gets the code's general advice.
      return new CountersignError('stripe_invalid_request', `Stripe refused the request: ${error.message}`, {
        detail,
      });
    default:
      // StripeAPIError and anything newer: a problem on Stripe's side; safe to retry later.
      return new CountersignError(
        'stripe_api',
        'Stripe had a problem handling the request. Try again shortly.',
        {
          detail,
          text: { id: 'stripe_failed', params: {} },
          retryable: (error.statusCode ?? 500) >= 500 || error.statusCode === 409,
        },
      );
  }
}
