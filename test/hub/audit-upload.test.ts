/**
 * A station's audit trail at the hub (`POST /hub/v1/audit`), on PGlite: only an enrolled
 * station's token is taken; a batch is kept one row per (station, seq), so the same batch sent
 * again changes nothing and answers the same `held`; `held` stops at the first gap; a bad batch
 * (unknown field, seq not increasing, too many entries, a NUL byte) is refused with nothing
 * stored; two stations' trails with the same seqs are kept apart. A check by staff's entry is
 * also kept as its own row (manual_checks), once, and only when it was done and reads as a check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AUDIT_BATCH_MAX, auditAnswerSchema } from '../../contract/hub-api.ts';
import type { AuditEntry } from '../../contract/staff.ts';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { auditTrail, manualCheckFactsOf } from '../support/audit-trail.ts';
import { enroll, openPglite, startStripe, startTestHub, type Enrolled } from '../support/hub.ts';

/** A real trail of `count` entries, as the station's audit log makes them. */
function trail(count: number, station = 'Counter 1'): AuditEntry[] {
  return auditTrail(
    Array.from({ length: count }, (_, i) => ({
      actor: { id: 'st_abcdefgh12', name: 'Mika Sato', role: i % 2 ? 'manager' : 'clerk' },
      action: i % 3 ? 'sessions.create' : 'sessions.result',
      outcome: 'ok',
      sessionId: 'vs_1',
      reference: `Order ${i}`,
      reason: null,
      note: null,
      detail: null,
    })),
    station,
  );
}

describe('audit upload at the hub', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let a: Enrolled;
  let b: Enrolled;

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, { now: () => Date.UTC(2026, 11, 1, 10, 0, 0) });
    a = await enroll(hub, 'Store 1', 'Counter 1');
    b = await enroll(hub, 'Store 2', 'Counter 2');
  });
  after(async () => {
    await hub.close();
    await sim.close();
  });

  const post = (token: string | null, body: unknown) =>
    fetch(`${hub.url}/hub/v1/audit`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const held = async (res: Response) => {
    assert.equal(res.status, 200, await res.clone().text());
    return auditAnswerSchema.parse(await res.json()).held;
  };
  const rows = async (stationId: string) =>
    (
      await db.query<{ seq: unknown; hash: string; actor_role: string | null }>(
        'SELECT seq, hash, actor_role FROM audit_entries WHERE station_id = $1 ORDER BY seq',
        [stationId],
      )
    ).map((r) => ({ seq: Number(r.seq), hash: r.hash, role: r.actor_role }));

  test('a station token is needed', async () => {
    const res = await post(null, { entries: trail(1) });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('content-type')?.includes('json'), true);
    assert.deepEqual(await rows(a.id), []);
  });

  test('a batch is kept once; the same batch again changes nothing; held stops at a gap', async () => {
    const entries = trail(10);
    assert.equal(await held(await post(a.token, { entries: entries.slice(0, 4) })), 4);
    // Resent after a lost answer: the same answer, still one row per seq.
    assert.equal(await held(await post(a.token, { entries: entries.slice(0, 4) })), 4);
    // Seqs 7-8 arrive before 5-6: the hub holds 5.. only up to where the run breaks.
    assert.equal(await held(await post(a.token, { entries: entries.slice(6, 8) })), 8);
    assert.equal(await held(await post(a.token, { entries: entries.slice(0, 2) })), 4);
    // An overlapping batch fills the gap: the run now reaches 8, then the rest.
    assert.equal(await held(await post(a.token, { entries: entries.slice(3, 6) })), 8);
    assert.equal(await held(await post(a.token, { entries: entries.slice(7) })), 10);
    const kept = await rows(a.id);
    assert.deepEqual(
      kept.map((r) => r.seq),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.deepEqual(
      kept.map((r) => r.hash),
      entries.map((e) => e.hash),
    );
    assert.equal(kept[1]?.role, 'manager');
  });

  test('two stations with the same seqs are kept apart', async () => {
    const other = trail(3, 'Counter 2');
    assert.equal(await held(await post(b.token, { entries: other })), 3);
    assert.deepEqual(
      (await rows(b.id)).map((r) => r.hash),
      other.map((e) => e.hash),
    );
    assert.equal((await rows(a.id)).length, 10);
  });

  test('a bad batch is refused with nothing stored', async () => {
    const fresh = await enroll(hub, 'Store 3', 'Counter 3');
    const entries = trail(AUDIT_BATCH_MAX + 1);
    const bad: Array<[string, unknown]> = [
      ['empty', { entries: [] }],
      ['too many', { entries }],
      ['not increasing', { entries: [entries[1], entries[0]] }],
      ['unknown field', { entries: [{ ...entries[0], email: 'a@example.com' }] }],
      ['unknown top-level field', { entries: [entries[0]], more: 1 }],
      ['NUL byte', { entries: [{ ...entries[0], detail: 'a\u0000b' }] }],
      [
        'lone surrogate',
        `{"entries":[${JSON.stringify({ ...entries[0], detail: 'x' }).replace('"x"', '"\\ud800"')}]}`,
      ],
    ];
    for (const [what, body] of bad) {
      const res = await post(fresh.token, body);
      assert.equal(res.status, 400, what);
      const error = ((await res.json()) as { error: { code: string } }).error;
      assert.equal(error.code, 'parameter_invalid', what);
    }
    assert.deepEqual(await rows(fresh.id), []);
  });

  test('a check by staff is kept as its own row once; a refused, failed or unreadable one adds none', async () => {
    const station = await enroll(hub, 'Store 4', 'Counter 4');
    const check = { documentType: 'passport', outcome: 'not_accepted', reason: 'declined_selfie' } as const;
    const entries = auditTrail([
      manualCheckFactsOf('Order 1', check),
      manualCheckFactsOf('Order 2', check, { outcome: 'refused' }),
      manualCheckFactsOf('Order 3', check, { outcome: 'failed' }),
      manualCheckFactsOf('Order 4', check, { detail: 'passport, verified, declined_selfie' }),
      manualCheckFactsOf('Order 5', check, { detail: null }),
      // Another action whose detail happens to read as a check: not a check.
      manualCheckFactsOf('Order 6', check, { action: 'sessions.result' }),
      manualCheckFactsOf('Order 7', { ...check, outcome: 'accepted' }, { actor: null }),
    ]);
    const checks = async () =>
      (
        await db.query<Record<string, unknown>>(
          `SELECT station_id, seq, store, at, reference, document_type, outcome, reason, staff_name, staff_role
             FROM manual_checks WHERE station_id = $1 ORDER BY seq`,
          [station.id],
        )
      ).map((r) => ({ ...r, seq: Number(r.seq), at: Number(r.at) }));
    assert.equal(await held(await post(station.token, { entries })), 7);
    const first = await checks();
    assert.deepEqual(first, [
      {
        station_id: station.id,
        seq: 1,
        store: 'Store 4',
        at: entries[0]!.at,
        reference: 'Order 1',
        document_type: 'passport',
        outcome: 'not_accepted',
        reason: 'declined_selfie',
        staff_name: 'Mika Sato',
        staff_role: 'manager',
      },
      {
        station_id: station.id,
        seq: 7,
        store: 'Store 4',
        at: entries[6]!.at,
        reference: 'Order 7',
        document_type: 'passport',
        outcome: 'accepted',
        reason: 'declined_selfie',
        staff_name: null,
        staff_role: null,
      },
    ]);
    // The same batch again (a lost answer), and part of it: still one row per check.
    assert.equal(await held(await post(station.token, { entries })), 7);
    assert.equal(await held(await post(station.token, { entries: entries.slice(0, 1) })), 7);
    assert.deepEqual(await checks(), first);
  });
});
