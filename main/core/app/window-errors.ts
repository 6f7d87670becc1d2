/**
 * A window's uncaught errors, written to main's log for support: the renderer has no log of its
 * own, and an error nobody sees cannot be fixed. Bounded by the contract (message and stack
 * lengths) and here by rate: a render loop that throws a thousand times a second must not fill
 * the disk or drown the lines around it. Each window kind gets a few lines a minute; what is
 * dropped is counted and said with the next line that gets through. Redaction is the logger's.
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { ErrorReport, WindowKind } from '../../../contract/ipc.ts';

export interface WindowErrorLog {
  /** Writes the report unless this window kind is over its rate; says whether it was written. */
  report(window: WindowKind, report: ErrorReport): boolean;
}

export interface WindowErrorLogOptions {
  logger: Logger;
  clock: Clock;
  /** Lines per window kind per minute (a burst of that many, refilled evenly). */
  perMinute?: number;
}

const STACK_LINES = 12;

export function createWindowErrorLog(options: WindowErrorLogOptions): WindowErrorLog {
  const perMinute = options.perMinute ?? 10;
  const refillMs = 60_000 / perMinute;
  const buckets = new Map<WindowKind, { tokens: number; at: number; dropped: number }>();
  return {
    report(window, report) {
      const now = options.clock.now();
      const bucket = buckets.get(window) ?? { tokens: perMinute, at: now, dropped: 0 };
      buckets.set(window, bucket);
      bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) / refillMs);
      bucket.at = now;
      if (bucket.tokens < 1) {
        bucket.dropped += 1;
        return false;
      }
      bucket.tokens -= 1;
      const stack = report.stack?.split('\n').slice(0, STACK_LINES).join('\n');
      options.logger.error(`${window} window: uncaught ${report.source}`, {
        message: report.message,
        stack,
        dropped_before: bucket.dropped > 0 ? bucket.dropped : undefined,
      });
      bucket.dropped = 0;
      return true;
    },
  };
}
