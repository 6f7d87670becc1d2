/**
 * A seeded fleet for the dashboard's tests and screenshots: several stores, two stations each,
 * thousands of sessions over 30 days with every one of Stripe's 19 failure codes, written
 * straight into the hub's tables, and checks by staff uploaded as audit entries (deterministic:
 * the same seed gives the same fleet).
 */
import { AUDIT_BATCH_MAX } from '../../contract/hub-api.ts';
import { LAST_ERROR_CODES } from '../../contract/last-error-codes.ts';
import { MANUAL_DOCUMENT_TYPES } from '../../contract/manual-check.ts';
import { AuditEntries } from '../../hub/src/audit-entries.ts';
import type { Db } from '../../hub/src/db.ts';
import type { AuditFacts } from '../../main/core/audit/index.ts';
import { auditTrail, manualCheckFactsOf } from './audit-trail.ts';

export const SEED_STORES = ['Fukuoka', 'Sapporo', 'Shibuya', 'Umeda'] as const;
const DAY_MS = 86_400_000;

/** A small, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A check by staff without biometrics the seed uploaded (done: its audit entry's outcome `ok`). */
export interface SeededCheck {
  store: string;
  stationId: string;
  at: number;
  outcome: 'accepted' | 'not_accepted';
}

export interface SeededFleet {
  stations: Array<{ id: string; store: string; name: string }>;
  sessions: number;
  /** The checks by staff, uploaded as audit entries the way a station's are (AuditEntries.record). */
  checks: SeededCheck[];
  /** The first and last UTC day with sessions (`YYYY-MM-DD`). */
  from: string;
  to: string;
}

/**
 * Seeds 30 days ending on `lastDay` (UTC midnight ms of the last day). Sessions per store and day
 * vary from 20 to 80; a store's failures lean on a few codes; every code appears at least once.
 */
export async function seedFleet(db: Db, lastDay: number, seed = 18): Promise<SeededFleet> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const stations: SeededFleet['stations'] = [];
  for (const store of SEED_STORES) {
    for (const [name, kind] of [
      ['Counter 1', 'counter'],
      ['Kiosk 1', 'kiosk'],
    ] as const) {
      const id = `st_seed${store}${kind}`;
      stations.push({ id, store, name });
      await db.query(
        `INSERT INTO stations (id, name, store, kind, token_hash, created, last_seen, app_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '1.4.0')`,
        [id, name, store, kind, `seed-${id}`, lastDay - 40 * DAY_MS, lastDay],
      );
    }
  }
  const failures = LAST_ERROR_CODES.filter((c) => c !== 'abandoned' && c !== 'consent_declined');
  let rows: unknown[][] = [];
  let n = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    const values = rows.map(
      (_, i) =>
        `($${i * 8 + 1}, $${i * 8 + 2}, $${i * 8 + 3}, $${i * 8 + 4}, $${i * 8 + 5}, $${i * 8 + 6}, $${i * 8 + 7}, $${i * 8 + 8}, $${i * 8 + 8})`,
    );
    await db.query(
      `INSERT INTO sessions (id, station_id, store, status, last_error_code, client_reference_id, created, updated, checked)
       VALUES ${values.join(', ')}`,
      rows.flat(),
    );
    rows = [];
  };
  const firstDay = lastDay - 29 * DAY_MS;
  for (let day = firstDay; day <= lastDay; day += DAY_MS) {
    for (const [s, store] of SEED_STORES.entries()) {
      const count = 20 + Math.floor(random() * 61);
      for (let i = 0; i < count; i++) {
        const created = day + 8 * 3600_000 + Math.floor(random() * 12 * 3600_000);
        const r = random();
        let status = 'verified';
        let code: string | null = null;
        // The first sessions go through every code once; after that, by weight.
        if (n < LAST_ERROR_CODES.length) {
          status = 'requires_input';
          code = LAST_ERROR_CODES[n]!;
        } else if (r < 0.1 + s * 0.03) {
          status = 'requires_input';
          code =
            random() < 0.6 ? failures[(s * 3 + Math.floor(random() * 3)) % failures.length]! : pick(failures);
        } else if (r < 0.2 + s * 0.03) {
          status = 'requires_input';
          code = random() < 0.7 ? 'abandoned' : 'consent_declined';
        } else if (r < 0.25 + s * 0.03) {
          status = 'canceled';
        } else if (r < 0.29 + s * 0.03) {
          status = random() < 0.5 ? 'requires_input' : 'processing';
        }
        const updated = created + 20_000 + Math.floor(random() * 8 * 60_000);
        const station = stations[s * 2 + (random() < 0.5 ? 0 : 1)]!;
        rows.push([
          `vs_seed${String(n).padStart(6, '0')}`,
          station.id,
          store,
          status,
          code,
          `ref-${store.toLowerCase()}-${String(n).padStart(6, '0')}`,
          created,
          updated,
        ]);
        n++;
        if (rows.length === 500) await flush();
      }
    }
  }
  await flush();
  const checks = await seedChecks(db, stations, firstDay, lastDay, seed);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { stations, sessions: n, checks, from: iso(firstDay), to: iso(lastDay) };
}

/**
 * Each station's checks by staff: 0–2 a day, accepted or not, among entries that are not checks
 * (a refused check, another action), uploaded through the hub's own insert in the station's
 * batches. Its own PRNG: the sessions stay as they were.
 */
async function seedChecks(
  db: Db,
  stations: SeededFleet['stations'],
  firstDay: number,
  lastDay: number,
  seed: number,
): Promise<SeededCheck[]> {
  const random = prng(seed + 1);
  const audit = new AuditEntries(db, () => lastDay);
  const checks: SeededCheck[] = [];
  for (const station of stations) {
    const facts: AuditFacts[] = [];
    const times: number[] = [];
    for (let day = firstDay; day <= lastDay; day += DAY_MS) {
      const count = Math.floor(random() * 3);
      let at = day + 9 * 3600_000;
      for (let i = 0; i < count; i++) {
        at += 60_000 + Math.floor(random() * 4 * 3600_000);
        const outcome = random() < 0.75 ? 'accepted' : 'not_accepted';
        const reference = `check-${station.id}-${facts.length}`;
        const check = {
          documentType: MANUAL_DOCUMENT_TYPES[i]!,
          outcome,
          reason: 'declined_selfie',
        } as const;
        if (random() < 0.2) {
          // A clerk tried first: refused, not a check.
          facts.push(manualCheckFactsOf(reference, check, { outcome: 'refused' }));
          times.push(at - 30_000);
        }
        facts.push(manualCheckFactsOf(reference, check));
        times.push(at);
        checks.push({ store: station.store, stationId: station.id, at, outcome });
      }
    }
    const entries = auditTrail(facts, station.name, times);
    for (let i = 0; i < entries.length; i += AUDIT_BATCH_MAX) {
      await audit.record(station, entries.slice(i, i + AUDIT_BATCH_MAX));
    }
  }
  return checks;
}
