/**
 * Retention at Stripe on a station with its own key (issue 18): "redact N days after a session
 * ends" from the station's settings (`redactAfterDays`; null, the default, turns it off) — the
 * same rule a hub's job runs for its stations (hub/src/redaction-job.ts). On a hub backend the
 * hub does it, so this does nothing there.
 *
 * A session ends when it is verified, or when it has waited for input with no change (the
 * customer gave up); its end is its record's last change. Each round redacts a small batch, one
 * at a time, through the one redact path (`verifications.redact`: Stripe, the record, the
 * console), so a redaction is recorded like one staff asked for; one Stripe refuses is skipped
 * for the run's lifetime and logged, one that fails for now is tried again next round.
 */
import type { Clock } from '../../../base/clock.ts';
import type { Logger } from '../../../base/logger.ts';
import type { Backend } from '../backend/index.ts';
import type { Verifications } from './verifications.ts';

const DAY_MS = 24 * 3600_000;

export interface AutoRedaction {
  /** One round: how many sessions were redacted. */
  run(): Promise<number>;
}

export function createAutoRedaction(o: {
  backend: () => Backend;
  verifications: Verifications;
  days: () => number | null;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  /** Sessions per round; default 10. */
  batch?: number;
}): AutoRedaction {
  const refused = new Set<string>();
  let running: Promise<number> | null = null;

  const round = async (): Promise<number> => {
    const days = o.days();
    const b = o.backend();
    if (days === null || b.kind === 'hub') return 0;
    const cutoff = o.clock.now() - days * DAY_MS;
    const due: string[] = [];
    // Newest first; a record's creation is before its end, so `to` narrows without missing any.
    for (const r of b.records.matching({ status: ['verified', 'requires_input'], to: cutoff })) {
      if (r.sessionId && !r.redacted && r.updated < cutoff && !refused.has(r.sessionId))
        due.push(r.sessionId);
    }
    let done = 0;
    // Oldest first, a batch a round.
    for (const id of due.reverse().slice(0, o.batch ?? 10)) {
      try {
        await o.verifications.redact(id);
        done++;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'invalid_state' || code === 'session_not_found') refused.add(id);
        o.logger.warn('a redaction by the retention setting failed', { session: id, code });
        if (code === 'stripe_unreachable' || code === 'rate_limited') break;
      }
    }
    if (done > 0)
      o.logger.info('sessions redacted at Stripe by the retention setting', { redacted: done, days });
    return done;
  };

  return {
    run() {
      running ??= round().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
