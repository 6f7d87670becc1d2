/**
 * The hub's schema, as numbered migrations applied once each, in order, under an advisory lock
 * (instances starting together on one PostgreSQL migrate once). Times are milliseconds since
 * the epoch (bigint), from the hub's clock, so tests can move time by hand.
 *
 * The sessions table holds ids, statuses, codes, station, store and times — never personal
 * data, the hosted url or the client_secret.
 */
import type { Db } from './db.ts';

const MIGRATIONS: readonly string[] = [
  // 1: the fleet
  `CREATE TABLE stations (
     id text PRIMARY KEY,
     name text NOT NULL,
     store text NOT NULL,
     kind text NOT NULL,
     token_hash text NOT NULL UNIQUE,
     created bigint NOT NULL,
     revoked_at bigint,
     last_seen bigint,
     queued integer NOT NULL DEFAULT 0,
     active integer NOT NULL DEFAULT 0,
     app_version text,
     share_store boolean NOT NULL DEFAULT false
   );
   CREATE TABLE enrollment_codes (
     hash text PRIMARY KEY,
     store text NOT NULL,
     name text NOT NULL,
     kind text NOT NULL,
     created bigint NOT NULL,
     expires_at bigint NOT NULL,
     used_at bigint,
     station_id text
   );
   CREATE TABLE sessions (
     id text PRIMARY KEY,
     station_id text NOT NULL,
     store text NOT NULL,
     status text NOT NULL,
     last_error_code text,
     client_reference_id text,
     created bigint NOT NULL,
     updated bigint NOT NULL,
     checked bigint NOT NULL,
     last_event_created bigint NOT NULL DEFAULT 0,
     last_event_rank integer NOT NULL DEFAULT -1
   );
   CREATE INDEX sessions_station ON sessions (station_id, created DESC);
   CREATE INDEX sessions_store ON sessions (store, created DESC);
   CREATE INDEX sessions_open ON sessions (status, checked);
   CREATE TABLE webhook_events (
     id text PRIMARY KEY,
     type text NOT NULL,
     created bigint NOT NULL,
     received_at bigint NOT NULL
   );
   CREATE TABLE changes (
     seq bigserial PRIMARY KEY,
     station_id text NOT NULL,
     store text NOT NULL,
     session_id text NOT NULL,
     payload jsonb NOT NULL,
     created bigint NOT NULL
   );
   CREATE INDEX changes_station ON changes (station_id, seq);
   CREATE INDEX changes_store ON changes (store, seq);
   CREATE TABLE admin (
     id integer PRIMARY KEY CHECK (id = 1),
     password_hash text NOT NULL,
     updated bigint NOT NULL
   );
   CREATE TABLE admin_sessions (
     id_hash text PRIMARY KEY,
     csrf text NOT NULL,
     expires_at bigint NOT NULL
   );`,
  // 2: kiosk customers' calls for help, one per (station, the station's own id): a resend is
  // the same call. `at` is the station's clock (when the customer pressed), `received` the hub's.
  `CREATE TABLE help_calls (
     station_id text NOT NULL,
     id text NOT NULL,
     at bigint NOT NULL,
     session_id text,
     received bigint NOT NULL,
     acknowledged_at bigint,
     PRIMARY KEY (station_id, id)
   );
   CREATE INDEX help_calls_open ON help_calls (station_id, at) WHERE acknowledged_at IS NULL;`,
  // 3: bounded growth (retention.ts prunes by these times), a fresh stream's start (the latest
  // change of each open session), and which webhook event applied a change (none for the
  // poller's or the hub's own).
  `ALTER TABLE changes ADD COLUMN event_id text;
   CREATE INDEX changes_created ON changes (created);
   CREATE INDEX changes_session ON changes (session_id, seq);
   CREATE INDEX webhook_events_received ON webhook_events (received_at);
   CREATE INDEX sessions_updated ON sessions (updated);`,
  // 4 (issue 18): the station policy, one row per version of a level (fleet, a store, a station)
  // with who changed it and when (policy.ts); and each redaction at Stripe the hub made or was
  // asked for, one per session (redaction-job.ts): claimed before the call, done after.
  `CREATE TABLE policy_versions (
     version bigserial PRIMARY KEY,
     level text NOT NULL,
     target text NOT NULL,
     policy jsonb NOT NULL,
     changed_by text NOT NULL,
     changed_from text,
     changed_at bigint NOT NULL
   );
   CREATE INDEX policy_versions_level ON policy_versions (level, target, version DESC);
   CREATE TABLE redactions (
     session_id text PRIMARY KEY,
     station_id text NOT NULL,
     store text NOT NULL,
     reason text NOT NULL,
     requested_by text NOT NULL,
     requested_at bigint NOT NULL,
     ended_at bigint,
     redacted_at bigint,
     result text NOT NULL DEFAULT 'pending',
     error_code text,
     attempts integer NOT NULL DEFAULT 0
   );
   CREATE INDEX redactions_requested ON redactions (requested_at DESC);
   CREATE INDEX redactions_pending ON redactions (result) WHERE result = 'pending';`,
  // 5 (issue 18): the fleet's picture and its alerts (dashboard.ts, alerts.ts). The dashboard counts sessions
  // by creation time across stores; a station's health has its last error and when it came
  // online (set from `last_seen` by the trigger: a beat after more than the 90 s online window
  // — fleet.ts ONLINE_WINDOW_MS — starts a new online period); alerts keep one row per incident
  // (one open per kind and subject, whichever instance saw it first) and their signed deliveries.
  `CREATE INDEX sessions_created ON sessions (created);
   ALTER TABLE stations ADD COLUMN last_error_code text;
   ALTER TABLE stations ADD COLUMN last_error_at bigint;
   ALTER TABLE stations ADD COLUMN online_since bigint;
   CREATE FUNCTION stations_online_since() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN IF NEW.last_seen IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.last_seen IS NULL OR NEW.last_seen - OLD.last_seen > 90000) THEN NEW.online_since := NEW.last_seen; END IF; RETURN NEW; END $fn$;
   CREATE TRIGGER stations_online_since BEFORE INSERT OR UPDATE OF last_seen ON stations
     FOR EACH ROW EXECUTE FUNCTION stations_online_since();
   CREATE TABLE alert_settings (
     id integer PRIMARY KEY CHECK (id = 1),
     url text,
     secret text,
     offline_minutes integer,
     help_minutes integer,
     failure_rate_percent integer,
     failure_window_minutes integer NOT NULL DEFAULT 60,
     failure_min_results integer NOT NULL DEFAULT 10,
     updated bigint NOT NULL
   );
   CREATE TABLE alert_incidents (
     id text PRIMARY KEY,
     kind text NOT NULL,
     subject text NOT NULL,
     store text NOT NULL,
     station_id text,
     opened_at bigint NOT NULL,
     resolved_at bigint,
     details jsonb NOT NULL,
     delivered_at bigint,
     attempts integer NOT NULL DEFAULT 0,
     next_attempt_at bigint,
     last_delivery_error text
   );
   CREATE UNIQUE INDEX alert_incidents_one_open ON alert_incidents (kind, subject) WHERE resolved_at IS NULL;
   CREATE INDEX alert_incidents_opened ON alert_incidents (opened_at DESC);
   CREATE INDEX alert_incidents_due ON alert_incidents (next_attempt_at) WHERE delivered_at IS NULL;`,
  // 6 (issue 20): updates (hub/src/updates/): releases uploaded as drafts (electron-builder's metadata, then
  // each file it names, kept in the updates folder under its content's SHA-256 in `blob`), the
  // channels with their current and previous release and rollout, and the channel of each store.
  `CREATE TABLE update_releases (
     id text PRIMARY KEY,
     channel text NOT NULL,
     version text NOT NULL,
     feeds jsonb NOT NULL,
     created bigint NOT NULL,
     published bigint,
     UNIQUE (channel, version)
   );
   CREATE TABLE update_files (
     release_id text NOT NULL,
     name text NOT NULL,
     size bigint NOT NULL,
     sha512 text,
     source text NOT NULL,
     blob text,
     PRIMARY KEY (release_id, name)
   );
   CREATE INDEX update_files_name ON update_files (name);
   CREATE TABLE update_channels (
     name text PRIMARY KEY,
     current_release text,
     previous_release text,
     staging_percentage integer NOT NULL DEFAULT 100,
     paused boolean NOT NULL DEFAULT false,
     rolled_back_at bigint,
     updated bigint NOT NULL
   );
   CREATE TABLE update_store_channels (
     store text PRIMARY KEY,
     channel text NOT NULL
   );`,
  // 7 (issue 19): each station's audit trail, as the station has it (one row per station and seq: a resend
  // changes nothing). No customer personal data: the station's trail never holds any.
  `CREATE TABLE audit_entries (
     station_id text NOT NULL,
     seq bigint NOT NULL,
     at bigint NOT NULL,
     station text NOT NULL,
     actor_id text,
     actor_name text,
     actor_role text,
     action text NOT NULL,
     outcome text NOT NULL,
     session_id text,
     reference text,
     reason text,
     note text,
     detail text,
     prev text NOT NULL,
     hash text NOT NULL,
     received_at bigint NOT NULL,
     PRIMARY KEY (station_id, seq)
   );
   CREATE INDEX audit_entries_at ON audit_entries (at DESC);
   CREATE INDEX audit_entries_action ON audit_entries (action);`,
  // 8 (issue 19): each check by staff without biometrics, read from its audit entry as it arrives
  // (audit-entries.ts: action sessions.manualCheck, outcome ok, a detail that parses), in the
  // station's store then; one row per entry. It never reaches Stripe, so `sessions` never has it.
  `CREATE TABLE manual_checks (
     station_id text NOT NULL,
     seq bigint NOT NULL,
     store text NOT NULL,
     at bigint NOT NULL,
     reference text,
     document_type text NOT NULL,
     outcome text NOT NULL,
     reason text NOT NULL,
     staff_name text,
     staff_role text,
     PRIMARY KEY (station_id, seq)
   );
   CREATE INDEX manual_checks_store_at ON manual_checks (store, at DESC);
   CREATE INDEX manual_checks_at ON manual_checks (at);`,
  // 9 (issue 19): staff members managed from the fleet page, each in one store, with the PIN as the
  // station's scrypt hash only (never the PIN); removed members keep their row (removed_at). Every
  // change is a row of staff_member_versions (who, when, what; never a hash): the log, and the
  // store's roster version (its newest seq) that stations compare.
  `CREATE TABLE staff_members (
     id text PRIMARY KEY,
     store text NOT NULL,
     name text NOT NULL,
     role text NOT NULL,
     pin_hash jsonb NOT NULL,
     created_at bigint NOT NULL,
     updated_at bigint NOT NULL,
     removed_at bigint,
     changed_by text NOT NULL
   );
   CREATE INDEX staff_members_store ON staff_members (store) WHERE removed_at IS NULL;
   CREATE TABLE staff_member_versions (
     seq bigserial PRIMARY KEY,
     member_id text NOT NULL,
     store text NOT NULL,
     change text NOT NULL,
     name text NOT NULL,
     role text NOT NULL,
     changed_by text NOT NULL,
     changed_from text,
     changed_at bigint NOT NULL
   );
   CREATE INDEX staff_member_versions_store ON staff_member_versions (store, seq DESC);`,
];

/** The schema version this code expects (readiness compares the database's with it). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The database's schema version: 0 before the first migration. */
export async function schemaVersion(db: Db): Promise<number> {
  const rows = await db.query<{ v: number | null }>(
    "SELECT CASE WHEN to_regclass('migrations') IS NULL THEN 0 ELSE (SELECT max(version) FROM migrations) END AS v",
  );
  return Number(rows[0]?.v ?? 0);
}

const MIGRATION_LOCK = 0x68756231; // 'hub1'

export async function migrate(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS migrations (version integer PRIMARY KEY, applied bigint NOT NULL)',
    );
    const rows = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM migrations');
    const current = Number(rows[0]?.v ?? 0);
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      for (const statement of (MIGRATIONS[version - 1] ?? '').split(/;\s*$/m)) {
        if (statement.trim()) await tx.query(statement);
      }
      await tx.query('INSERT INTO migrations (version, applied) VALUES ($1, $2)', [version, Date.now()]);
    }
    return MIGRATIONS.length;
  });
}
