/**
 * The overdue poller: one for the fleet. Every instance runs the loop, but only the one holding
 * the PostgreSQL advisory lock (`pg_try_advisory_lock`, held by its connection) polls; if that
 * instance dies its connection closes, the lock is freed and another takes over on its next tick.
 *
 * A session in a non-final status with no update for `overdueMs` (a webhook lost or late) is
 * retrieved from Stripe and applied like an event. Sessions older than `maxAgeMs` are left alone
 * (a session nobody finished is not polled forever). While webhooks arrive, nothing is overdue
 * and the poller sends no request at all.
 */
import type { Db } from './db.ts';
import type { SessionLog } from './session-log.ts';
import type { StripeClient } from './stripe-client.ts';

const LEADER_LOCK = 0x68756233; // 'hub3'

export interface PollerOptions {
  now: () => number;
  overdueMs?: number;
  everyMs?: number;
  maxAgeMs?: number;
  batch?: number;
}

export class OverduePoller {
  readonly #timer: NodeJS.Timeout;
  #running: Promise<number> | null = null;
  polled = 0;

  constructor(
    private readonly db: Db,
    private readonly stripe: StripeClient,
    private readonly log: SessionLog,
    private readonly options: PollerOptions,
  ) {
    this.#timer = setInterval(() => void this.tick().catch(() => {}), options.everyMs ?? 5000);
    this.#timer.unref();
  }

  /** One round; resolves with how many sessions were retrieved (0 when not the leader). */
  tick(): Promise<number> {
    this.#running ??= this.#round().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #round(): Promise<number> {
    if (!(await this.db.tryLeadership(LEADER_LOCK))) return 0;
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
        if (!applied) await this.log.checked(id);
      } catch {
        await this.log.checked(id); // try again after another overdue period
      }
    }
    return overdue.length;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
