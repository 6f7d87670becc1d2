/**
 * Fault injection, decided before a request is executed so that an injected 429/500/reset never
 * changes state: a retry with the same Idempotency-Key is then always safe, as with Stripe.
 */
export interface FaultSettings {
  /** 0..1 share of API requests answered 500 (Stripe api_error shape). */
  serverErrorRate: number;
  /** 0..1 share answered 429 (code rate_limit). */
  rateLimitRate: number;
  /** 0..1 share whose socket is destroyed without an answer. */
  resetRate: number;
  /** Added delay ... */
  latencyMs: number;
  /** ... on this share of requests (1 = all). */
  latencyRate: number;
  /**
   * 0..1 share of requests that are carried out (state changed, idempotent result saved) but
   * whose answer is lost: the socket is destroyed instead. The case that only an Idempotency-Key
   * makes safe to retry.
   */
  lostResponseRate: number;
  /**
   * No network: the simulator stops listening, so a connection is refused before any byte of a
   * request is sent (hosted pages included); open connections are closed.
   */
  offline: boolean;
  /** 0 = none; else a token bucket: requests beyond N per second get 429. */
  rateLimitPerSecond: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  serverErrorRate: 0,
  rateLimitRate: 0,
  resetRate: 0,
  lostResponseRate: 0,
  latencyMs: 0,
  latencyRate: 1,
  offline: false,
  rateLimitPerSecond: 0,
});

const RATES = ['serverErrorRate', 'rateLimitRate', 'resetRate', 'lostResponseRate', 'latencyRate'] as const;

/** Merges a partial update, refusing values a caller cannot have meant (a rate of 5, a negative delay). */
export function mergeFaults(current: FaultSettings, update: Partial<FaultSettings>): FaultSettings {
  const next = { ...current, ...update };
  for (const key of RATES) {
    const v = next[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`${key} must be between 0 and 1`);
  }
  for (const key of ['latencyMs', 'rateLimitPerSecond'] as const) {
    const v = next[key];
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new RangeError(`${key} must be a number of 0 or more`);
    }
  }
  next.offline = Boolean(next.offline);
  return next;
}

export type FaultDecision =
  | { kind: 'reset' }
  | { kind: 'rate_limit' }
  | { kind: 'server_error' }
  | { kind: 'pass'; delayMs: number; loseResponse: boolean };

export class FaultInjector {
  private settings: FaultSettings = { ...NO_FAULTS };
  private tokens = 0;
  private lastRefill = 0;

  constructor(
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
  ) {}

  get(): FaultSettings {
    return { ...this.settings };
  }

  set(update: Partial<FaultSettings>): void {
    const next = mergeFaults(this.settings, update);
    if (next.rateLimitPerSecond !== this.settings.rateLimitPerSecond) {
      // A new limit starts with a full bucket.
      this.tokens = next.rateLimitPerSecond;
      this.lastRefill = this.now();
    }
    this.settings = next;
  }

  private hit(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  /** Token bucket: capacity N, refilled continuously at N per second. */
  private takeToken(): boolean {
    const limit = this.settings.rateLimitPerSecond;
    if (limit <= 0) return true;
    const now = this.now();
    this.tokens = Math.min(limit, this.tokens + ((now - this.lastRefill) / 1000) * limit);
    this.lastRefill = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** For API requests. (`offline` is checked by the server for every request, hosted pages included.) */
  decide(): FaultDecision {
    const s = this.settings;
    if (this.hit(s.resetRate)) return { kind: 'reset' };
    if (!this.takeToken()) return { kind: 'rate_limit' };
    if (this.hit(s.rateLimitRate)) return { kind: 'rate_limit' };
    if (this.hit(s.serverErrorRate)) return { kind: 'server_error' };
    const delayMs = s.latencyMs > 0 && this.hit(s.latencyRate) ? s.latencyMs : 0;
    return { kind: 'pass', delayMs, loseResponse: this.hit(s.lostResponseRate) };
  }

  get offline(): boolean {
    return this.settings.offline;
  }
}

/**
 * A test hook, not a random fault: while held, creations that reach the simulator wait after
 * their Idempotency-Key is taken and before they are carried out, so a test can have a creation
 * "still in progress on Stripe" for as long as it needs, then let it finish.
 */
export class CreationHold {
  private gate: Promise<void> | null = null;
  private readonly releases = new Set<() => void>();
  private waitingNow = 0;

  /** Creations waiting at the hold right now. */
  get waiting(): number {
    return this.waitingNow;
  }

  /** Holds the creations that arrive from now on; call the result to let them all go. */
  hold(): () => void {
    let resolveGate = () => {};
    const gate = new Promise<void>((resolve) => (resolveGate = resolve));
    this.gate = gate;
    const release = () => {
      if (this.gate === gate) this.gate = null;
      this.releases.delete(release);
      resolveGate();
    };
    this.releases.add(release);
    return release;
  }

  /** The simulator closes: nothing stays held. */
  releaseAll(): void {
    for (const release of [...this.releases]) release();
  }

  /** Resolves at once unless a hold is on. */
  async passed(): Promise<void> {
    if (!this.gate) return;
    this.waitingNow++;
    try {
      await this.gate;
    } finally {
      this.waitingNow--;
    }
  }
}
