/**
 * A client-side limit on requests per second, so a drain of hundreds of queued creations stays
 * under Stripe's rate limit instead of provoking 429s. Requests are spaced evenly (no burst):
 * Stripe and the simulator count with token buckets, which even spacing never empties.
 */
import type { Clock } from './clock.ts';

export interface RateLimiter {
  /** Resolves when the next request may go. */
  acquire(): Promise<void>;
  /** Pushes every later request back by at least `ms` (after a 429). */
  pause(ms: number): void;
}

export function createRateLimiter(ratePerSecond: number, clock: Clock): RateLimiter {
  if (!(ratePerSecond > 0)) throw new RangeError('The rate limit must be above zero.');
  const interval = 1000 / ratePerSecond;
  let nextSlot = 0;
  return {
    acquire: () => {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      const wait = slot - now;
      if (wait <= 0) return Promise.resolve();
      return new Promise((resolve) => {
        clock.setTimeout(resolve, wait);
      });
    },
    pause: (ms) => {
      nextSlot = Math.max(nextSlot, clock.now() + ms);
    },
  };
}
