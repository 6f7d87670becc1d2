/**
 * The one way a session's state enters the hub: from a webhook event, from the overdue poller's
 * retrieve, or from the hub's own create/cancel/redact answers. Each applies only if it is newer
 * than what is stored (an event's `created`, then the status order for ties), so Stripe's
 * duplicates and reordering never move a session backwards. Each applied change appends one row
 * to `changes` (the feed the SSE streams replay from) and NOTIFYs every instance.
 *
 * The NOTIFY carries the change itself when it fits (PostgreSQL's limit is 8000 bytes), so the
 * instances fan it out without reading it back; otherwise just its seq.
 *
 * Appends to `changes` are serialised with a transaction-scoped advisory lock, so sequence
 * numbers commit in order: a station that saw seq N has seen every change before N, and a
 * reconnect with `Last-Event-ID: N` misses nothing.
 */
import { FLEET_CHANNEL } from './fleet-channel.ts';
import type { StreamMessage, StreamSession } from '../../contract/hub-api.ts';
import type { Db, Queryable } from './db.ts';

export const CHANGES_CHANNEL = 'hub_changes';
const CHANGES_LOCK = 0x68756232; // 'hub2'

/** A session as Stripe sends it (only the fields the hub reads). */
export interface StripeSessionLike {
  id: string;
  object?: string;
  status: string;
  last_error?: { code?: string | null; reason?: string | null } | null;
  client_reference_id?: string | null;
  created: number;
  livemode?: boolean;
  type?: string | null;
  metadata?: Record<string, string> | null;
  redaction?: { status?: string } | null;
}

/**
 * Ties within one second (Stripe's `created` has second precision): an event further along this
 * order wins. `requires_input` ranks above `processing` because within one second only
 * processing → requires_input can happen (a check failing fast); the reverse needs the customer
 * to go through the flow again, which takes longer than a second.
 */
const TYPE_RANK: Record<string, number> = {
  created: 0,
  processing: 1,
  requires_input: 2,
  verified: 3,
  canceled: 3,
  redacted: 4,
};

export const FINAL_STATUSES = ['verified', 'canceled'] as const;

export const STATION_METADATA = 'countersign_station';
export const STORE_METADATA = 'countersign_store';

/** The session minus `url`, `client_secret`, `verified_outputs`, `provided_details` (and all else). */
export function streamSession(s: StripeSessionLike): StreamSession {
  return {
    id: s.id,
    object: 'identity.verification_session',
    status: s.status,
    last_error: s.last_error
      ? { code: s.last_error.code ?? null, reason: s.last_error.reason ?? null }
      : null,
    client_reference_id: s.client_reference_id ?? null,
    created: s.created,
    livemode: s.livemode ?? false,
    type: s.type ?? 'document',
    metadata: { ...(s.metadata ?? {}) },
  };
}

export interface Change {
  /** `identity.verification_session.<status-ish>` */
  type: string;
  /** When it happened at Stripe, in seconds (an event's `created`). */
  createdAt: number;
  session: StripeSessionLike;
  /**
   * A state retrieved from Stripe (the poller): the truth at `createdAt`, so it wins over any
   * event of that second or before, and is applied only if status or code differ.
   */
  retrieved?: boolean;
  /** The webhook event that brings it, kept on its change (one event applies at most one change). */
  eventId?: string;
}

export interface Applied {
  seq: number;
  stationId: string;
  store: string;
  message: StreamMessage;
}

export class SessionLog {
  readonly #db: Db;
  readonly #now: () => number;

  constructor(db: Db, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Records a session the hub just created for a station (its first change comes by webhook),
   * and tells the fleet pages a session started (fleet-stream.ts).
   */
  async recordCreated(stationId: string, store: string, s: StripeSessionLike): Promise<void> {
    const now = this.#now();
    await this.#db.query(
      `WITH added AS (
         INSERT INTO sessions (id, station_id, store, status, last_error_code, client_reference_id, created, updated, checked)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING RETURNING id)
       SELECT pg_notify('${FLEET_CHANNEL}', 'sessions') FROM added`,
      [
        s.id,
        stationId,
        store,
        s.status,
        s.last_error?.code ?? null,
        s.client_reference_id ?? null,
        s.created * 1000,
        now,
      ],
    );
  }

  /**
   * Applies one change if it is newer than the stored state; null when it is not (or when the
   * session belongs to no station of this hub). The caller may be inside a transaction.
   */
  async apply(change: Change, tx?: Queryable): Promise<Applied | null> {
    if (tx) return this.#apply(change, tx);
    return this.#db.transaction((t) => this.#apply(change, t));
  }

  async #apply(change: Change, tx: Queryable): Promise<Applied | null> {
    const s = change.session;
    const suffix = change.type.slice(change.type.lastIndexOf('.') + 1);
    const rank = TYPE_RANK[suffix] ?? TYPE_RANK[s.status] ?? 1;
    const now = this.#now();
    const stationId = s.metadata?.[STATION_METADATA];
    const store = s.metadata?.[STORE_METADATA];
    // Newer wins: a later event, or the same second and further along (see TYPE_RANK). One
    // statement: a session the hub has not seen yet (its metadata names the station) is inserted.
    const newer = `CASE WHEN $7::boolean
          THEN s.last_event_created <= $5 AND (s.status IS DISTINCT FROM $2 OR s.last_error_code IS DISTINCT FROM $3)
          ELSE s.last_event_created < $5 OR (s.last_event_created = $5 AND s.last_event_rank < $6) END`;
    const params = [
      s.id,
      s.status,
      s.last_error?.code ?? null,
      now,
      change.createdAt,
      rank,
      change.retrieved === true,
    ];
    const rows =
      stationId && store
        ? await tx.query<{ station_id: string; store: string }>(
            `INSERT INTO sessions AS s (id, status, last_error_code, updated, checked, last_event_created,
                                        last_event_rank, station_id, store, client_reference_id, created)
             VALUES ($1, $2, $3, $4, $4, $5, $6, $8, $9, $10, $11)
             ON CONFLICT (id) DO UPDATE SET status = $2, last_error_code = $3, updated = $4, checked = $4,
                last_event_created = $5, last_event_rank = $6
             WHERE ${newer}
             RETURNING station_id, store`,
            [...params, stationId, store, s.client_reference_id ?? null, s.created * 1000],
          )
        : await tx.query<{ station_id: string; store: string }>(
            `UPDATE sessions AS s SET status = $2, last_error_code = $3, updated = $4, checked = $4,
                    last_event_created = $5, last_event_rank = $6
              WHERE id = $1 AND ${newer}
              RETURNING station_id, store`,
            params,
          );
    const row = rows[0];
    if (!row) return null;
    const payload = { type: change.type, session: streamSession(s) };
    // The lock and the append in one statement: the lock is taken as the row to insert is read,
    // before its seq is drawn, and held until COMMIT — one round trip less while others wait.
    const inserted = await tx.query<{ seq: number }>(
      `WITH lock AS (SELECT pg_advisory_xact_lock($8::bigint)),
            ins AS (INSERT INTO changes (station_id, store, session_id, payload, created, event_id)
                    SELECT $1::text, $2::text, $3::text, $4::jsonb, $5::bigint, $7::text FROM lock
                    RETURNING seq)
       SELECT seq, pg_notify($6, CASE WHEN octet_length($4::text) < 7000
         THEN json_build_object('seq', seq, 'station_id', $1::text, 'store', $2::text, 'payload', $4::jsonb,
                                'created', $5::bigint)::text
         ELSE seq::text END) FROM ins`,
      [
        row.station_id,
        row.store,
        s.id,
        JSON.stringify(payload),
        now,
        CHANGES_CHANNEL,
        change.eventId ?? null,
        CHANGES_LOCK,
      ],
    );
    const seq = Number(inserted[0]?.seq);
    return { seq, stationId: row.station_id, store: row.store, message: { seq, ...payload } };
  }

  /** Marks a session as looked at by the poller (so it is not retrieved again at once). */
  async checked(id: string): Promise<void> {
    await this.#db.query('UPDATE sessions SET checked = $2 WHERE id = $1', [id, this.#now()]);
  }
}
