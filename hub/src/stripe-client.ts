/**
 * The hub's one Stripe client: the secret key lives here and nowhere else. Every call waits its
 * turn at the shared limiter first and is counted (the bench compares the counts with a
 * per-station-polling baseline). Nothing returned here is logged or stored whole: callers keep
 * ids, statuses and codes only.
 */
import Stripe from 'stripe';
import { STRIPE_API_VERSION } from '../../contract/stripe-api-version.ts';
import { Pacer, TokenBucket } from './limiter.ts';
import type { HubMetrics } from './metrics.ts';

export type Session = Stripe.Identity.VerificationSession;

export interface StripeTarget {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface StripeClientOptions {
  secretKey: string;
  /** Omit for api.stripe.com (tests and the embedded simulator give their own). */
  target?: StripeTarget;
  /** This instance's share of the account's request rate; default 80/s. */
  ratePerSecond?: number;
  now?: () => number;
  metrics?: HubMetrics;
}

/** A Stripe call's result as a closed set of words (the metrics' label). */
function resultOf(error: unknown): string {
  if (!(error instanceof Stripe.errors.StripeError)) return 'error';
  if (error.type === 'StripeConnectionError' || !error.statusCode) return 'unreachable';
  if (error.statusCode === 429) return 'rate_limited';
  if (error.statusCode === 404) return 'not_found';
  return error.statusCode < 500 ? 'refused' : 'server_error';
}

export class StripeClient {
  readonly stripe: Stripe;
  readonly #pacer: Pacer;
  readonly #metrics: HubMetrics | undefined;
  requests = 0;

  constructor(options: StripeClientOptions) {
    const config: Stripe.StripeConfig = {
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: 1,
      timeout: 20_000,
      telemetry: false,
      appInfo: { name: 'Countersign Hub' },
    };
    if (options.target) Object.assign(config, options.target);
    this.stripe = new Stripe(options.secretKey, config);
    const rate = options.ratePerSecond ?? 80;
    this.#metrics = options.metrics;
    this.#pacer = new Pacer(
      new TokenBucket(rate, Math.max(1, Math.floor(rate / 4)), options.now ?? Date.now),
    );
  }

  async #call<T>(route: string, fn: () => Promise<T>): Promise<T> {
    await this.#pacer.turn();
    this.requests++;
    try {
      const result = await fn();
      this.#metrics?.stripeRequests.inc({ route, result: 'ok' });
      return result;
    } catch (error) {
      this.#metrics?.stripeRequests.inc({ route, result: resultOf(error) });
      throw error;
    }
  }

  get sessions() {
    return this.stripe.identity.verificationSessions;
  }

  async create(params: Stripe.Identity.VerificationSessionCreateParams, idempotencyKey: string | undefined) {
    const session = await this.#call('create', () =>
      this.sessions.create(params, idempotencyKey ? { idempotencyKey } : undefined),
    );
    const replayed = String(session.lastResponse?.headers?.['idempotent-replayed'] ?? '') === 'true';
    return { session, replayed };
  }

  retrieve(id: string, expand: string[] = []): Promise<Session> {
    return this.#call('retrieve', () => this.sessions.retrieve(id, expand.length > 0 ? { expand } : {}));
  }

  cancel(id: string): Promise<Session> {
    return this.#call('cancel', () => this.sessions.cancel(id));
  }

  /** With an Idempotency-Key, a redaction resumed after a restart is Stripe's replay, not a second one. */
  redact(id: string, idempotencyKey?: string): Promise<Session> {
    return this.#call('redact', () =>
      this.sessions.redact(id, {}, idempotencyKey ? { idempotencyKey } : undefined),
    );
  }

  async listByReference(clientReferenceId: string, limit: number): Promise<Session[]> {
    const page = await this.#call('list', () =>
      this.sessions.list({ client_reference_id: clientReferenceId, limit }),
    );
    return page.data;
  }
}

/** A Stripe SDK error as the Stripe-shaped answer the hub passes on, or null for anything else. */
export function stripeErrorReply(error: unknown): { status: number; body: unknown } | null {
  if (!(error instanceof Stripe.errors.StripeError)) return null;
  if (error.type === 'StripeConnectionError' || !error.statusCode) {
    return {
      status: 502,
      body: {
        error: {
          type: 'api_error',
          code: 'stripe_unreachable',
          message: 'The hub cannot reach Stripe right now.',
        },
      },
    };
  }
  // The hub's own key is nobody's business: an authentication or permission refusal from
  // Stripe is the hub's configuration problem, reported as a server error to the station.
  if (error.statusCode === 401 || error.statusCode === 403) {
    return {
      status: 502,
      body: {
        error: {
          type: 'api_error',
          code: 'hub_stripe_key',
          message: 'The hub cannot use its Stripe key. Tell the hub administrator.',
        },
      },
    };
  }
  const raw = (error.raw ?? {}) as { type?: string; code?: string; message?: string; param?: string };
  const body: Record<string, string> = {
    type: raw.type ?? 'api_error',
    message: raw.message ?? error.message,
  };
  if (raw.code) body.code = raw.code;
  if (raw.param) body.param = raw.param;
  return { status: error.statusCode, body: { error: body } };
}
