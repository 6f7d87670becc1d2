/**
 * Token buckets: one per station (a station that floods the hub is refused with 429, as Stripe
 * refuses), and one shared by every call this instance makes to Stripe (the calls wait for a
 * token, so the hub stays under the account's limit instead of passing Stripe's 429s on).
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    this.#tokens = burst;
    this.#at = now();
  }

  #refill(): void {
    const now = this.now();
    this.#tokens = Math.min(
      this.burst,
      this.#tokens + (Math.max(0, now - this.#at) * this.ratePerSecond) / 1000,
    );
    this.#at = now;
  }

  /** Takes a token if there is one. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is free. */
  waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.ratePerSecond);
  }
}

/** One bucket per key (station), forgotten after a minute of silence. */
export class KeyedBuckets {
  readonly #buckets = new Map<string, { bucket: TokenBucket; used: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  take(key: string): boolean {
    const now = this.now();
    let entry = this.#buckets.get(key);
    if (!entry) {
      if (this.#buckets.size > 10_000) {
        for (const [k, e] of this.#buckets) if (now - e.used > 60_000) this.#buckets.delete(k);
      }
      entry = { bucket: new TokenBucket(this.ratePerSecond, this.burst, this.now), used: now };
      this.#buckets.set(key, entry);
    }
    entry.used = now;
    return entry.bucket.take();
  }
}

/** Waits its turn for the shared Stripe bucket, first come first served. */
export class Pacer {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly bucket: TokenBucket) {}

  turn(): Promise<void> {
    const next = this.#queue.then(async () => {
      for (let wait = this.bucket.waitMs(); wait > 0; wait = this.bucket.waitMs()) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      this.bucket.take();
    });
    this.#queue = next;
    return next;
  }
}
