/**
 * Sign-in attempts, limited per client address and per account (the fleet has one admin
 * account), before the password is even hashed. Each key allows `free` failures; after that each
 * failure makes the next attempt wait longer (1 s, 2 s, 4 s… up to `maxMs`). Attempts under way
 * count as failures until they are answered, so 20 attempts at once get as far as 20 in a row.
 * A right password clears the address's count and the account's.
 *
 * The account's allowance is larger than an address's: a flood from many addresses slows every
 * sign-in down (growing delays, never a lock-out), one address alone cannot.
 *
 * Counts live in this instance's memory: with several instances, each allows its own.
 */

export interface SignInLimitOptions {
  /** Failures allowed per address before delays start; default 5. */
  free?: number;
  /** Failures allowed for the account (every address together); default 20. */
  accountFree?: number;
  /** The first delay; doubled for each further failure; default 1 s. */
  baseMs?: number;
  /** The longest delay; default 15 minutes. */
  maxMs?: number;
}

interface Entry {
  failures: number;
  pending: number;
  /** No attempt before this time. */
  until: number;
  seen: number;
}

export type SignInTurn = { ok: true; done: (success: boolean) => void } | { ok: false; retryAfterMs: number };

export class SignInLimiter {
  readonly #entries = new Map<string, Entry>();
  readonly #free: number;
  readonly #accountFree: number;
  readonly #baseMs: number;
  readonly #maxMs: number;

  constructor(
    private readonly now: () => number,
    options: SignInLimitOptions = {},
  ) {
    this.#free = options.free ?? 5;
    this.#accountFree = options.accountFree ?? 20;
    this.#baseMs = options.baseMs ?? 1000;
    this.#maxMs = options.maxMs ?? 15 * 60_000;
  }

  #entry(key: string, now: number): Entry {
    let e = this.#entries.get(key);
    if (!e) {
      if (this.#entries.size > 10_000) {
        for (const [k, old] of this.#entries)
          if (old.pending === 0 && old.until < now && now - old.seen > 3600_000) this.#entries.delete(k);
      }
      e = { failures: 0, pending: 0, until: 0, seen: now };
      this.#entries.set(key, e);
    }
    e.seen = now;
    return e;
  }

  /** How long `key` must wait before another attempt (0: it may go now). */
  #wait(e: Entry, free: number, now: number): number {
    if (e.until > now) return e.until - now;
    // Within the allowance, as many at once as it has left; past it, one at a time.
    if (e.failures + e.pending >= free && e.pending > 0) return this.#baseMs;
    return 0;
  }

  /** Takes a turn for `address`: `done(success)` must be called once the password is checked. */
  begin(address: string): SignInTurn {
    const now = this.now();
    const keys: Array<[Entry, number]> = [
      [this.#entry(`address:${address}`, now), this.#free],
      [this.#entry('account', now), this.#accountFree],
    ];
    const wait = Math.max(...keys.map(([e, free]) => this.#wait(e, free, now)));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    for (const [e] of keys) e.pending++;
    let finished = false;
    return {
      ok: true,
      done: (success) => {
        if (finished) return;
        finished = true;
        const at = this.now();
        for (const [e, free] of keys) {
          e.pending--;
          if (success) {
            e.failures = 0;
            e.until = 0;
            continue;
          }
          e.failures++;
          if (e.failures >= free) {
            const delay = Math.min(this.#maxMs, this.#baseMs * 2 ** Math.min(30, e.failures - free));
            e.until = Math.max(e.until, at + delay);
          }
        }
      },
    };
  }
}
