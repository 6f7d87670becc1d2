/**
 * The dashboard's numbers against a count made directly from the database: a seeded fleet
 * (four stores, thousands of sessions over 30 days, every one of Stripe's 19 failure codes) in
 * PGlite behind a real hub; the API's answer for the whole range, for one store and for a part of
 * the range must equal what the test counts itself from the sessions table's rows (its own
 * classification, its own median). The session list's filters, paging and CSV export count the
 * same rows. Checks by staff, uploaded as a station's audit entries, are counted apart per store
 * and day (never in verified) and listed as their own outcome.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LAST_ERROR_CODES } from '../../contract/last-error-codes.ts';
import {
  SESSION_LIST_PAGE,
  emptyCounts,
  type Dashboard,
  type OutcomeCounts,
  type SessionList,
  type SessionListRow,
} from '../../hub/src/dashboard-types.ts';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { signInAdmin, type AdminClient } from '../support/fleet-admin.ts';
import { SEED_STORES, seedFleet, type SeededCheck, type SeededFleet } from '../support/fleet-seed.ts';
import { openPglite, startStripe, startTestHub } from '../support/hub.ts';

const DAY_MS = 86_400_000;
const LAST_DAY = Date.UTC(2026, 10, 30);

interface Row {
  store: string;
  status: string;
  code: string | null;
  created: number;
  updated: number;
}

/**
 * The test's own count: straight from the rows and the checks by staff the seed uploaded, no SQL
 * aggregate. A check is never a session: not started, never verified.
 */
function count(rows: Row[], checks: readonly SeededCheck[]): OutcomeCounts {
  const c: OutcomeCounts = {
    ...emptyCounts(),
    started: rows.length,
    checkedByStaffAccepted: checks.filter((k) => k.outcome === 'accepted').length,
    checkedByStaffNotAccepted: checks.filter((k) => k.outcome === 'not_accepted').length,
  };
  const times: number[] = [];
  for (const r of rows) {
    if (r.status === 'verified') {
      c.verified++;
      times.push(r.updated - r.created);
    } else if (r.status === 'canceled') c.canceled++;
    else if (r.status === 'requires_input' && r.code !== null) {
      c.reasons[r.code] = (c.reasons[r.code] ?? 0) + 1;
      if (r.code === 'abandoned' || r.code === 'consent_declined') c.abandoned++;
      else {
        c.failed++;
        times.push(r.updated - r.created);
      }
    } else c.open++;
  }
  times.sort((a, b) => a - b);
  const mid = times.length / 2;
  if (times.length > 0) {
    c.medianMs = Math.round(
      times.length % 2 === 1 ? times[Math.floor(mid)]! : (times[mid - 1]! + times[mid]!) / 2,
    );
  }
  return c;
}

describe('the dashboard equals a direct count of a seeded fleet', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let admin: AdminClient;
  let fleet: SeededFleet;
  let rows: Row[];

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, { now: () => LAST_DAY + 20 * 3600_000 });
    fleet = await seedFleet(db, LAST_DAY);
    admin = await signInAdmin(hub);
    rows = (
      await db.query<{
        store: string;
        status: string;
        last_error_code: string | null;
        created: number;
        updated: number;
      }>('SELECT store, status, last_error_code, created, updated FROM sessions')
    ).map((r) => ({
      store: r.store,
      status: r.status,
      code: r.last_error_code,
      created: Number(r.created),
      updated: Number(r.updated),
    }));
  });
  after(async () => {
    await hub?.close();
    await sim?.close();
  });

  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  test('the seed is a fleet: thousands of sessions, several stores, 30 days, every failure code', () => {
    assert.ok(fleet.sessions >= 4000, `${fleet.sessions} sessions`);
    assert.equal(rows.length, fleet.sessions);
    assert.equal(new Set(rows.map((r) => r.store)).size, SEED_STORES.length);
    assert.equal(new Set(rows.map((r) => dayOf(r.created))).size, 30);
    for (const code of LAST_ERROR_CODES)
      assert.ok(
        rows.some((r) => r.code === code),
        code,
      );
  });

  test('the whole range: the fleet, each store, each store’s every day', async () => {
    const { status, body } = await admin.get<Dashboard>(
      `/fleet/api/dashboard?from=${fleet.from}&to=${fleet.to}`,
    );
    assert.equal(status, 200);
    assert.equal(body.days.length, 30);
    assert.deepEqual(body.fleet, count(rows, fleet.checks));
    assert.deepEqual(
      body.stores.map((s) => s.store),
      [...SEED_STORES],
    );
    for (const s of body.stores) {
      const mine = rows.filter((r) => r.store === s.store);
      const myChecks = fleet.checks.filter((k) => k.store === s.store);
      assert.deepEqual(s.total, count(mine, myChecks), s.store);
      assert.equal(s.days.length, 30);
      for (const d of s.days) {
        const { day, ...counts } = d;
        assert.deepEqual(
          counts,
          count(
            mine.filter((r) => dayOf(r.created) === day),
            myChecks.filter((k) => dayOf(k.at) === day),
          ),
          `${s.store} ${day}`,
        );
      }
    }
    // Every one of the 19 codes is counted somewhere, and the parts add up.
    assert.equal(Object.keys(body.fleet.reasons).length, LAST_ERROR_CODES.length);
    const f = body.fleet;
    assert.equal(f.verified + f.failed + f.abandoned + f.canceled + f.open, f.started);
    // Checks by staff are counted, apart: never in verified nor started.
    assert.ok(f.checkedByStaffAccepted > 0 && f.checkedByStaffNotAccepted > 0);
    assert.equal(f.checkedByStaffAccepted + f.checkedByStaffNotAccepted, fleet.checks.length);
    assert.equal(f.verified, rows.filter((r) => r.status === 'verified').length);
    assert.equal(f.started, rows.length);
  });

  test('one store over the last week: only its sessions, only those days', async () => {
    const from = dayOf(LAST_DAY - 6 * DAY_MS);
    const { body } = await admin.get<Dashboard>(
      `/fleet/api/dashboard?from=${from}&to=${fleet.to}&store=${encodeURIComponent('Umeda')}`,
    );
    const expected = rows.filter((r) => r.store === 'Umeda' && r.created >= LAST_DAY - 6 * DAY_MS);
    const checks = fleet.checks.filter((k) => k.store === 'Umeda' && k.at >= LAST_DAY - 6 * DAY_MS);
    assert.ok(checks.length > 0);
    assert.deepEqual(body.fleet, count(expected, checks));
    assert.deepEqual(
      body.stores.map((s) => s.store),
      ['Umeda'],
    );
    assert.equal(body.stores[0]!.days.length, 7);
    assert.deepEqual(body.allStores, [...SEED_STORES], 'the picker still lists every store');
  });

  test('a bad range is refused', async () => {
    for (const q of [
      'from=2026-11-30&to=2026-11-01',
      'from=2026-02-30&to=2026-03-01',
      'from=x&to=y',
      'from=2024-01-01&to=2026-01-01',
    ]) {
      const { status, body } = await admin.get<{ error: { code: string } }>(`/fleet/api/dashboard?${q}`);
      assert.equal(status, 400, q);
      assert.equal(body.error.code, 'parameter_invalid');
    }
    const signedOut = await fetch(`${hub.url}/fleet/api/dashboard?from=${fleet.from}&to=${fleet.to}`);
    assert.equal(signedOut.status, 401);
  });

  test('the session list: filters count the same rows, pages walk them all, CSV holds them', async () => {
    const store = 'Sapporo';
    const mine = rows.filter((r) => r.store === store);
    const myChecks = fleet.checks.filter((k) => k.store === store);
    const list = (q: string) =>
      admin.get<SessionList>(`/fleet/api/stores/${encodeURIComponent(store)}/sessions?${q}`);
    // Its sessions and, rows of their own, its checks by staff.
    assert.equal((await list('')).body.total, mine.length + myChecks.length);
    assert.equal(
      (await list('outcome=failed')).body.total,
      mine.filter(
        (r) =>
          r.status === 'requires_input' && r.code && r.code !== 'abandoned' && r.code !== 'consent_declined',
      ).length,
    );
    assert.equal(
      (await list('code=document_expired')).body.total,
      mine.filter((r) => r.code === 'document_expired').length,
    );
    const lastWeek = mine.filter((r) => r.created >= LAST_DAY - 6 * DAY_MS && r.status === 'verified');
    assert.equal(
      (await list(`outcome=verified&from=${dayOf(LAST_DAY - 6 * DAY_MS)}&to=${fleet.to}`)).body.total,
      lastWeek.length,
    );
    const byRef = await list('q=ref-sapporo-00');
    assert.ok(
      byRef.body.total > 0 &&
        byRef.body.sessions.every((s) => s.clientReferenceId?.startsWith('ref-sapporo-00')),
    );
    assert.equal((await list('q=%25')).body.total, 0, 'LIKE wildcards are literal');

    // Paging: every row once, newest first.
    const seen: string[] = [];
    let before = '';
    for (;;) {
      const page = await list(`outcome=canceled${before ? `&before=${before}` : ''}`);
      seen.push(...page.body.sessions.map((s) => s.id));
      if (!page.body.next) break;
      before = page.body.next;
    }
    assert.equal(seen.length, mine.filter((r) => r.status === 'canceled').length);
    assert.equal(new Set(seen).size, seen.length);

    const csv = await admin.getText(
      `/fleet/api/stores/${encodeURIComponent(store)}/sessions.csv?outcome=canceled&lang=ja`,
    );
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.ok(csv.text.startsWith('\uFEFF作成日時（UTC）,'), 'BOM, then the Japanese header');
    const lines = csv.text.slice(1).split('\r\n');
    assert.equal(lines.at(-1), '', 'every line ends in CRLF');
    assert.equal(lines.length - 2, seen.length);
    assert.equal((await list('outcome=nope')).status, 400);
    assert.equal((await list('code=not_a_code')).status, 400);
  });

  test('a check by staff is its own outcome in the session list and its CSV, never verified', async () => {
    const store = 'Shibuya';
    const myChecks = fleet.checks.filter((k) => k.store === store);
    assert.ok(myChecks.length > SESSION_LIST_PAGE, 'more than a page of checks');
    const list = (q: string) =>
      admin.get<SessionList>(`/fleet/api/stores/${encodeURIComponent(store)}/sessions?${q}`);
    const mine = rows.filter((r) => r.store === store);
    assert.equal(
      (await list('outcome=verified')).body.total,
      mine.filter((r) => r.status === 'verified').length,
      'verified: sessions only',
    );
    // Every check, once, paged newest first: its own status and outcome, who checked it.
    const seen: SessionListRow[] = [];
    let before = '';
    for (;;) {
      const page = await list(`outcome=checked_by_staff${before ? `&before=${before}` : ''}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.total, myChecks.length);
      seen.push(...page.body.sessions);
      if (!page.body.next) break;
      before = page.body.next;
    }
    assert.equal(seen.length, myChecks.length);
    assert.equal(new Set(seen.map((r) => r.id)).size, seen.length);
    for (const r of seen) {
      assert.equal(r.status, 'checked_by_staff');
      assert.equal(r.outcome, 'checked_by_staff');
      assert.equal(r.checkedBy, 'Mika Sato');
      assert.match(r.clientReferenceId ?? '', /^check-/);
      assert.match(r.station ?? '', /^(Counter|Kiosk) 1$/);
    }
    assert.deepEqual(
      seen.map((r) => r.created),
      myChecks.map((k) => k.at).sort((a, b) => b - a),
    );
    assert.equal(
      seen.filter((r) => r.checkAccepted === false).length,
      myChecks.filter((k) => k.outcome === 'not_accepted').length,
    );
    // A search by its reference finds it; a station filter keeps its station's.
    const one = seen[0]!;
    const byRef = await list(`q=${encodeURIComponent(one.clientReferenceId!)}`);
    assert.deepEqual(
      byRef.body.sessions.map((r) => r.id),
      [one.id],
    );
    const station = fleet.stations.find((s) => s.store === store && s.name === one.station)!;
    assert.equal(
      (await list(`outcome=checked_by_staff&station=${station.id}`)).body.total,
      myChecks.filter((k) => k.stationId === station.id).length,
    );

    const csv = await admin.getText(
      `/fleet/api/stores/${encodeURIComponent(store)}/sessions.csv?outcome=checked_by_staff&lang=en`,
    );
    assert.equal(csv.status, 200);
    const lines = csv.text.slice(1).split('\r\n').slice(0, -1);
    assert.deepEqual(lines[0]!.split(',').slice(-4), [
      'Last error',
      'Reference',
      'Check by staff',
      'Checked by',
    ]);
    assert.equal(lines.length - 1, myChecks.length);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      // created, updated, no Stripe session, station, status, outcome, no error, reference, seen, who.
      assert.equal(cells[2], '', line);
      assert.equal(cells[4], 'checked_by_staff', line);
      assert.equal(cells[5], 'checked_by_staff', line);
      assert.match(cells[8]!, /^(Accepted|Not accepted)$/, line);
      assert.equal(cells[9], 'Mika Sato', line);
      assert.doesNotMatch(line, /verified/);
    }
  });
});
