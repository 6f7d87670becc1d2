/**
 * The drain's requests to Stripe: how fast (a shared rate limit, and a pause for everyone when
 * Stripe answers 429, longer each time in a row) and how a creation is made exactly once (rule 2
 * of outbox.ts: the same parameters under the same Idempotency-Key, and past Stripe's 24-hour
 * window a lookup by reference first, since Stripe may have forgotten the key).
 */
import { backoffDelay } from '../../../base/backoff.ts';
import type { Clock } from '../../../base/clock.ts';
import { createRateLimiter, type RateLimiter } from '../../../base/rate-limiter.ts';
import { idempotencyKeyFor } from '../sessions/index.ts';
import type { Gateway, SessionCreateParams, VerificationSession } from '../stripe/index.ts';

export class OutboxRequests {
  readonly #gateway: Gateway;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #idempotencyWindowMs: number;
  readonly #limiter: RateLimiter;
  #rateLimitStreak = 0;

  constructor(o: {
    gateway: Gateway;
    clock: Clock;
    random: () => number;
    ratePerSecond: number;
    idempotencyWindowMs: number;
  }) {
    this.#gateway = o.gateway;
    this.#clock = o.clock;
    this.#random = o.random;
    this.#idempotencyWindowMs = o.idempotencyWindowMs;
    this.#limiter = createRateLimiter(o.ratePerSecond, o.clock);
  }

  /** The session for `clientReferenceId`, created now or found from an earlier attempt. */
  async createOnce(
    item: { clientReferenceId: string; queuedAt: number },
    params: () => SessionCreateParams,
  ): Promise<VerificationSession> {
    if (this.#clock.now() - item.queuedAt >= this.#idempotencyWindowMs) {
      await this.#limiter.acquire();
      const found = await this.#gateway.findSessionsByReference(item.clientReferenceId, 1);
      if (found[0]) return found[0];
    }
    const made = params();
    await this.#limiter.acquire();
    return this.#gateway.createSession(made, idempotencyKeyFor(item.clientReferenceId));
  }

  /** Stripe answered: the 429 streak ends. */
  answered(): void {
    this.#rateLimitStreak = 0;
  }

  /** Stripe asks everyone to slow down, not just this item: every request waits. */
  rateLimited(): void {
    this.#rateLimitStreak++;
    this.#limiter.pause(backoffDelay(this.#rateLimitStreak, { baseMs: 200, maxMs: 10_000 }, this.#random));
  }
}
