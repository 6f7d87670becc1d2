/**
 * The overdue poller: one for the fleet. Every instance runs the loop, but only the one holding
 * the PostgreSQL advisory lock (`pg_try_advisory_lock`, held by its connection) polls; if that
 * instance dies its connection closes, the lock is freed and another takes over on its next tick.
 *
 * A session in a non-final status with no update for `overdueMs` (a webhook lost or late) is
 * retrieved from Stripe and applied like an event. Sessions older than `maxAgeMs` are left alone
 * (a session nobody finished is not polled forever). While webhooks arrive, nothing is overdue
 * and the poller sends no request at all.
 *
 * The leader's connection may be lost (PostgreSQL restarted): `tryLeadership` opens a new one on
 * a later round (with backoff), and whichever instance asks first becomes the leader again. A
 * round that fails is logged and counted, never silent; the next round starts over.
 */
import { silentLogger, type Logger } from '../../base/logger.ts';
import type { Db } from './db.ts';
import { errorFields } from './log.ts';
import type { HubMetrics } from './metrics.ts';
import type { SessionLog } from './session-log.ts';
import type { StripeClient } from './stripe-client.ts';

const LEADER_LOCK = 0x68756233; // 'hub3'

export interface PollerOptions {
  now: () => number;
  overdueMs?: number;
  everyMs?: number;
  maxAgeMs?: number;
  batch?: number;
  logger?: Logger;
  metrics?: HubMetrics;
}

export class OverduePoller {
  readonly #timer: NodeJS.Timeout;
  #running: Promise<number> | null = null;
  polled = 0;
  /** Sessions found changed at Stripe and applied (a lost or late webhook repaired). */
  repaired = 0;
  readonly #log: Logger;

  constructor(
    private readonly db: Db,
    private readonly stripe: StripeClient,
    private readonly log: SessionLog,
    private readonly options: PollerOptions,
  ) {
    this.#log = (options.logger ?? silentLogger).child('poller');
    this.#timer = setInterval(() => void this.tick(), options.everyMs ?? 5000);
    this.#timer.unref();
  }

  /**
   * One round; resolves with how many sessions were retrieved (0 when not the leader, or when
   * the round failed: logged and counted). Never rejects.
   */
  tick(): Promise<number> {
    this.#running ??= this.#round()
      .catch((error: unknown) => {
        this.options.metrics?.pollerRuns.inc({ result: 'failed' });
        this.#log.warn('an overdue poller round failed; the next round tries again', errorFields(error));
        return 0;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  async #round(): Promise<number> {
    if (!(await this.db.tryLeadership(LEADER_LOCK))) {
      this.options.metrics?.pollerRuns.inc({ result: 'follower' });
      return 0;
    }
    this.options.metrics?.pollerRuns.inc({ result: 'leader' });
    const now = this.options.now();
    const overdue = await this.db.query<{ id: string }>(
      `SELECT id FROM sessions
        WHERE status NOT IN ('verified', 'canceled') AND checked < $1 AND created > $2
        ORDER BY checked LIMIT $3`,
      [
        now - (this.options.overdueMs ?? 60_000),
        now - (this.options.maxAgeMs ?? 48 * 3600_000),
        this.options.batch ?? 50,
      ],
    );
    for (const { id } of overdue) {
      try {
        const s = await this.stripe.retrieve(id);
        this.polled++;
        const applied = await this.log.apply({
          type: `identity.verification_session.${s.status}`,
          createdAt: Math.floor(this.options.now() / 1000),
          session: s,
          retrieved: true,
        });
        if (applied) {
          this.repaired++;
          this.options.metrics?.pollerRepairs.inc();
          this.#log.info('an overdue session was changed at Stripe: applied', {
            session: id,
            status: s.status,
          });
        } else await this.log.checked(id);
      } catch (error) {
        this.#log.warn('an overdue session could not be retrieved; trying after another period', {
          session: id,
          ...errorFields(error),
        });
        await this.log.checked(id); // try again after another overdue period
      }
    }
    return overdue.length;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
