/**
 * The one fake clock of the test suites: the core's `Clock`, moved by hand. Time stands still
 * until the test advances it; timers then run in the order they fall due, each with `now()` set
 * to its own due time, so intervals, backoffs and lags are checked exactly and never depend on
 * how busy the machine is.
 *
 * `now`, `setTimeout` and `clearTimeout` are bound, so they can be handed over one by one
 * (`startSimulator({ now: clock.now })`).
 */
import type { Clock } from '../../base/clock.ts';

interface Timer {
  at: number;
  /** Order of scheduling, for timers due at the same time. */
  seq: number;
  fn: () => void;
}

/** Lets every promise chain that can run without I/O run (one turn of the event loop). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();
  readonly #waiters = new Set<() => void>();

  constructor(startMs: number) {
    this.#now = startMs;
  }

  readonly now = (): number => this.#now;

  readonly setTimeout = (fn: () => void, ms: number): number => {
    const handle = ++this.#seq;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.#timers.set(handle, { at: this.#now + delay, seq: handle, fn });
    for (const wake of this.#waiters) wake();
    return handle;
  };

  readonly clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  /** Timers scheduled and not yet run or cleared. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Milliseconds until the next timer is due, or null when none is scheduled. */
  nextTimerIn(): number | null {
    const next = this.#next();
    return next ? next[1].at - this.#now : null;
  }

  /** Sets the time without running timers (a jump of the wall clock, or a test's fixed date). */
  set(ms: number): void {
    this.#now = ms;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (let next = this.#next(target); next; next = this.#next(target)) this.#run(next);
    this.#now = target;
  }

  /**
   * `advance`, but lets promises settle after each timer, so a timer that resolves a promise
   * (a sleep, a rate limiter's slot) lets the awaiting code run, and schedule its next timer,
   * before time moves on.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (let next = this.#next(target); next; next = this.#next(target)) {
      this.#run(next);
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /** Resolves once a timer is scheduled (the code under test is waiting on time), at once if one is. */
  waitForTimer(timeoutMs = 5000): Promise<void> {
    if (this.#timers.size > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`no timer was scheduled within ${timeoutMs} ms`));
      }, timeoutMs);
      const wake = (): void => {
        clearTimeout(guard);
        this.#waiters.delete(wake);
        resolve();
      };
      this.#waiters.add(wake);
    });
  }

  /**
   * Runs the code under test until `done()` holds: whenever it waits on this clock, time jumps to
   * its next timer; while it waits on I/O (a request to the simulator), time stands still until it
   * schedules a timer or is done. Fails after `timeoutMs` of real time.
   */
  async runUntil(done: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await settle();
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
      const next = this.#next();
      if (next) {
        this.#now = Math.max(this.#now, next[1].at);
        this.#run(next);
        continue;
      }
      // Waiting on I/O: look again when a timer is scheduled, or soon in case it finishes without one.
      await this.#timerScheduledOr(5);
    }
  }

  /** `runUntil` the promise settles; returns (or throws) what it does. */
  async drive<T>(promise: Promise<T>, timeoutMs = 5000): Promise<T> {
    let settled = false;
    const observed = promise.finally(() => {
      settled = true;
    });
    observed.catch(() => undefined);
    await this.runUntil(() => settled, timeoutMs);
    return observed;
  }

  #timerScheduledOr(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(poll);
        this.#waiters.delete(wake);
        resolve();
      };
      const poll = setTimeout(wake, ms);
      this.#waiters.add(wake);
    });
  }

  #next(until = Infinity): [number, Timer] | undefined {
    let best: [number, Timer] | undefined;
    for (const entry of this.#timers) {
      const timer = entry[1];
      if (timer.at > until) continue;
      if (!best || timer.at < best[1].at || (timer.at === best[1].at && timer.seq < best[1].seq))
        best = entry;
    }
    return best;
  }

  #run([handle, timer]: [number, Timer]): void {
    this.#timers.delete(handle);
    this.#now = Math.max(this.#now, timer.at);
    timer.fn();
  }
}
