/**
 * Stations: enrollment (a one-time code for a long random token), authentication of every
 * request by that token, heartbeats, and revocation.
 *
 * A token is checked against the database on each request, through a cache that keeps an
 * answer at most `authCacheMs` (≤ 1 s): a revocation made on any instance reaches every other
 * within that time even if its NOTIFY is lost, and at once when it arrives (the cache entry is
 * dropped and the station's open streams are closed).
 */
import {
  STATION_ID_PREFIX,
  STATION_TOKEN_PREFIX,
  type EnrollResponse,
  type StationError,
  type StationKind,
} from '../../contract/hub-api.ts';
import type { Db } from './db.ts';
import { HubError } from './errors.ts';
import { enrollmentCode, normalizeCode, randomToken, sha256 } from './secrets.ts';

export const REVOCATIONS_CHANNEL = 'hub_revocations';
/** A station's rights changed (store sharing): every instance ends its streams, which reconnect. */
export const RIGHTS_CHANNEL = 'hub_station_rights';

export interface Station {
  id: string;
  name: string;
  store: string;
  kind: StationKind;
  shareStore: boolean;
}

interface StationRow {
  id: string;
  name: string;
  store: string;
  kind: string;
  revoked_at: number | null;
  share_store: boolean;
  [k: string]: unknown;
}

const toStation = (r: StationRow): Station => ({
  id: r.id,
  name: r.name,
  store: r.store,
  kind: r.kind as StationKind,
  shareStore: r.share_store,
});

export const invalidToken = (): HubError =>
  new HubError(
    401,
    'invalid_station_token',
    'This station is not enrolled with the hub. Enroll it again with a new code.',
  );
export const revokedToken = (): HubError =>
  new HubError(401, 'station_revoked', 'This station was removed from the hub by its administrator.');

export interface StationsOptions {
  now: () => number;
  authCacheMs?: number;
  /** How long a new enrollment code stays valid; default 24 h. */
  codeTtlMs?: number;
}

export class Stations {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #cacheMs: number;
  readonly #codeTtlMs: number;
  readonly #cache = new Map<string, { at: number; station: Station | 'revoked' | null }>();
  readonly #revokedListeners = new Set<(stationId: string) => void>();
  readonly #rightsListeners = new Set<(stationId: string) => void>();
  readonly #ownRightsNotices = new Map<string, number>();

  constructor(db: Db, options: StationsOptions) {
    this.#db = db;
    this.#now = options.now;
    this.#cacheMs = Math.min(options.authCacheMs ?? 1000, 1000);
    this.#codeTtlMs = options.codeTtlMs ?? 24 * 3600_000;
  }

  /** Listens for revocations made on any instance. */
  async start(): Promise<void> {
    await this.#db.listen(REVOCATIONS_CHANNEL, (stationId) => this.#revoked(stationId));
    await this.#db.listen(RIGHTS_CHANNEL, (stationId) => {
      // This instance's own change comes back too: it was applied at once, not twice.
      const own = this.#ownRightsNotices.get(stationId) ?? 0;
      if (own > 0) {
        if (own === 1) this.#ownRightsNotices.delete(stationId);
        else this.#ownRightsNotices.set(stationId, own - 1);
        return;
      }
      this.#rightsChanged(stationId);
    });
    // Back from a lost LISTEN connection: a revocation or a change of rights announced meanwhile
    // was missed, so nothing cached is trusted (the revocation sweep closes revoked streams).
    this.#db.onListenState((attached) => {
      if (!attached) return;
      this.#cache.clear();
      this.#ownRightsNotices.clear();
    });
  }

  /** Listens for changes of a station's rights made on any instance (this one included). */
  onRightsChanged(fn: (stationId: string) => void): () => void {
    this.#rightsListeners.add(fn);
    return () => this.#rightsListeners.delete(fn);
  }

  #rightsChanged(stationId: string): void {
    this.#forget(stationId);
    for (const fn of this.#rightsListeners) fn(stationId);
  }

  onRevoked(fn: (stationId: string) => void): () => void {
    this.#revokedListeners.add(fn);
    return () => this.#revokedListeners.delete(fn);
  }

  #revoked(stationId: string): void {
    this.#forget(stationId);
    for (const fn of this.#revokedListeners) fn(stationId);
  }

  #forget(stationId: string): void {
    for (const [hash, entry] of this.#cache) {
      if (entry.station && entry.station !== 'revoked' && entry.station.id === stationId)
        this.#cache.delete(hash);
    }
  }

  async createCode(input: {
    store: string;
    name: string;
    kind: StationKind;
  }): Promise<{ code: string; expiresAt: number }> {
    const code = enrollmentCode();
    const now = this.#now();
    const expiresAt = now + this.#codeTtlMs;
    await this.#db.query(
      'INSERT INTO enrollment_codes (hash, store, name, kind, created, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [sha256(normalizeCode(code)), input.store, input.name, input.kind, now, expiresAt],
    );
    return { code, expiresAt };
  }

  /** Exchanges a one-time code for a station and its token; the code is spent atomically. */
  async enroll(code: string, appVersion?: string): Promise<EnrollResponse> {
    const now = this.#now();
    const token = `${STATION_TOKEN_PREFIX}${randomToken()}`;
    const id = `${STATION_ID_PREFIX}${randomToken(12)}`;
    const station = await this.#db.transaction(async (tx) => {
      const rows = await tx.query<{ store: string; name: string; kind: string }>(
        `UPDATE enrollment_codes SET used_at = $2, station_id = $3
          WHERE hash = $1 AND used_at IS NULL AND expires_at > $2
          RETURNING store, name, kind`,
        [sha256(normalizeCode(code)), now, id],
      );
      const row = rows[0];
      if (!row) return null;
      await tx.query(
        `INSERT INTO stations (id, name, store, kind, token_hash, created, last_seen, app_version)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
        [id, row.name, row.store, row.kind, sha256(token), now, appVersion ?? null],
      );
      return { id, name: row.name, store: row.store, kind: row.kind as StationKind };
    });
    if (!station) {
      throw new HubError(
        400,
        'enrollment_code_invalid',
        'This enrollment code is unknown, already used or expired. Ask the administrator for a new one.',
      );
    }
    return { token, station };
  }

  /** The station a bearer token stands for, or a 401 refusal. */
  async authenticate(authorization: string | undefined): Promise<Station> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token || !token.startsWith(STATION_TOKEN_PREFIX) || token.length > 200) throw invalidToken();
    const hash = sha256(token);
    const now = this.#now();
    let entry = this.#cache.get(hash);
    if (!entry || now - entry.at >= this.#cacheMs || now < entry.at) {
      const rows = await this.#db.query<StationRow>('SELECT * FROM stations WHERE token_hash = $1', [hash]);
      const row = rows[0];
      entry = { at: now, station: !row ? null : row.revoked_at !== null ? 'revoked' : toStation(row) };
      if (this.#cache.size > 50_000) this.#cache.clear();
      this.#cache.set(hash, entry);
    }
    if (entry.station === 'revoked') throw revokedToken();
    if (!entry.station) throw invalidToken();
    return entry.station;
  }

  async heartbeat(
    stationId: string,
    beat: { queued: number; active: number; appVersion?: string; lastError?: StationError | null },
  ): Promise<void> {
    // A beat without `lastError` (an older station) leaves the one stored; null clears it.
    const keep = beat.lastError === undefined;
    await this.#db.query(
      `UPDATE stations SET last_seen = $2, queued = $3, active = $4, app_version = coalesce($5, app_version),
         last_error_code = CASE WHEN $8 THEN last_error_code ELSE $6 END,
         last_error_at = CASE WHEN $8 THEN last_error_at ELSE $7 END
       WHERE id = $1`,
      [
        stationId,
        this.#now(),
        beat.queued,
        beat.active,
        beat.appVersion ?? null,
        beat.lastError?.code ?? null,
        beat.lastError?.at ?? null,
        keep,
      ],
    );
  }

  async seen(stationId: string): Promise<void> {
    await this.#db.query('UPDATE stations SET last_seen = $2 WHERE id = $1', [stationId, this.#now()]);
  }

  /** Revokes a station everywhere: the row first (the truth), then a NOTIFY for speed. */
  async revoke(stationId: string): Promise<boolean> {
    const done = await this.#db.transaction(async (tx) => {
      const rows = await tx.query(
        'UPDATE stations SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [stationId, this.#now()],
      );
      if (rows.length === 0) return false;
      await tx.query('SELECT pg_notify($1, $2)', [REVOCATIONS_CHANNEL, stationId]);
      return true;
    });
    // This instance at once, without waiting for its own NOTIFY to come back.
    if (done) this.#revoked(stationId);
    return done;
  }

  /**
   * Of these stations, the revoked ones. Each instance asks once a second for the stations it
   * streams to, so a revocation closes their streams within a second even if its NOTIFY is lost.
   */
  async revokedAmong(stationIds: readonly string[]): Promise<string[]> {
    if (stationIds.length === 0) return [];
    const rows = await this.#db.query<{ id: string }>(
      'SELECT id FROM stations WHERE id = ANY($1) AND revoked_at IS NOT NULL',
      [[...stationIds]],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Lets a station see its store's sessions, or stops it. Its open streams end on every instance
   * (through the NOTIFY; this instance at once) and reconnect with the new right: a stream never
   * keeps a right the admin took away.
   */
  async setShareStore(stationId: string, share: boolean): Promise<void> {
    // Counted before the commit: its NOTIFY may come back before the commit's answer does.
    const counted = this.#db.listening;
    if (counted) this.#ownRightsNotices.set(stationId, (this.#ownRightsNotices.get(stationId) ?? 0) + 1);
    try {
      await this.#db.transaction(async (tx) => {
        await tx.query('UPDATE stations SET share_store = $2 WHERE id = $1', [stationId, share]);
        await tx.query('SELECT pg_notify($1, $2)', [RIGHTS_CHANNEL, stationId]);
      });
    } catch (error) {
      const own = this.#ownRightsNotices.get(stationId) ?? 0;
      if (counted && own > 1) this.#ownRightsNotices.set(stationId, own - 1);
      else if (counted) this.#ownRightsNotices.delete(stationId);
      throw error;
    }
    this.#rightsChanged(stationId);
  }
}
