/**
 * When to look for an update: once soon after start (a short random delay, so a fleet that
 * restarts together does not ask the hub at the same second), then every few hours with jitter.
 * After a failed check or download: again after a backoff (doubling, capped at the interval).
 * Time comes from an injected clock.
 */
import type { Clock } from '../../../base/clock.ts';

export interface ScheduleOptions {
  /** Between checks; default 4 hours. */
  everyMs?: number;
  /** Up to this much is added to each wait, at random; default 30 minutes. */
  jitterMs?: number;
  /** The first check: within this long of start; default 2 minutes. */
  firstWithinMs?: number;
  /** The first retry after a failure; default 5 minutes (then doubling). */
  retryMs?: number;
  /** 0 ≤ random() < 1; default Math.random. */
  random?: () => number;
}

export const DEFAULT_CHECK_EVERY_MS = 4 * 3600_000;

/** The wait before check number `attempt` (0: the first after start) given the last outcome. */
export function nextCheckDelay(
  last: 'start' | 'ok' | 'failed',
  failures: number,
  options: ScheduleOptions = {},
): number {
  const random = options.random ?? Math.random;
  const every = options.everyMs ?? DEFAULT_CHECK_EVERY_MS;
  const jitter = options.jitterMs ?? 30 * 60_000;
  if (last === 'start') return Math.floor(random() * (options.firstWithinMs ?? 2 * 60_000));
  if (last === 'failed') {
    const base = Math.min(every, (options.retryMs ?? 5 * 60_000) * 2 ** Math.max(0, failures - 1));
    return base + Math.floor(random() * Math.min(jitter, base / 2));
  }
  return every + Math.floor(random() * jitter);
}

/**
 * Runs `check` on the schedule: it resolves true when the check (and any download it started)
 * went well, false when it failed (then it is retried sooner). `stop` ends it.
 */
export class UpdateSchedule {
  readonly #clock: Clock;
  readonly #check: () => Promise<boolean>;
  readonly #options: ScheduleOptions;
  #timer: unknown = null;
  #failures = 0;
  #stopped = false;

  constructor(clock: Clock, check: () => Promise<boolean>, options: ScheduleOptions = {}) {
    this.#clock = clock;
    this.#check = check;
    this.#options = options;
  }

  start(): void {
    this.#arm(nextCheckDelay('start', 0, this.#options));
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimeout(() => void this.#run(), ms);
  }

  async #run(): Promise<void> {
    this.#timer = null;
    let ok = false;
    try {
      ok = await this.#check();
    } catch {
      ok = false;
    }
    this.#failures = ok ? 0 : this.#failures + 1;
    this.#arm(nextCheckDelay(ok ? 'ok' : 'failed', this.#failures, this.#options));
  }
}
