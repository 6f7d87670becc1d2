/**
 * One audit entry on the fleet page's API (`GET /fleet/api/audit/:station/:seq`), on PGlite: a
 * chain built by the station's own audit log and uploaded; the detail gives every field and the
 * hub's check of the chain around the entry. A middle entry is linked both ways with a right
 * hash; a row changed in the database fails its own check and breaks both its links (its
 * neighbours say so too); an entry whose neighbour the hub does not hold reads unknown; a missing
 * entry is 404 `audit_entry_missing`, a bad name 400; only a signed-in admin reads it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditHashText, type AuditEntry } from '../../contract/staff.ts';
import type { Db } from '../../hub/src/db.ts';
import type { FleetAuditDetail } from '../../hub/src/fleet-audit-api.ts';
import { sha256 } from '../../hub/src/secrets.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { openAuditLog } from '../../main/core/audit/index.ts';
import { MemoryStore } from '../../main/core/storage/index.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { enroll, openPglite, startStripe, startTestHub, type Enrolled } from '../support/hub.ts';

const PASSWORD = 'correct-horse-battery';
const RECEIVED = Date.UTC(2026, 11, 1, 10, 0, 0);

function trail(count: number): AuditEntry[] {
  let now = Date.UTC(2026, 11, 1, 9, 0, 0);
  const log = openAuditLog({
    store: new MemoryStore(),
    headStore: new MemoryStore(),
    clock: { now: () => (now += 1000) },
    station: 'Counter 1',
  });
  for (let i = 0; i < count; i += 1) {
    log.append({
      actor: { id: 'st_abcdefgh12', name: 'Mika Sato', role: i % 2 ? 'manager' : 'clerk' },
      action: i % 2 ? 'sessions.result' : 'sessions.start',
      outcome: 'ok',
      sessionId: i % 2 ? `vs_test${i}` : null,
      reference: `Order ${i}`,
      reason: i % 2 ? 'other' : null,
      note: i % 2 ? 'Asked by the police' : null,
      detail: i % 2 ? null : 'kiosk',
    });
  }
  return log.all();
}

describe('one audit entry and the hub’s check of its chain', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let a: Enrolled;
  let entries: AuditEntry[];
  let cookie = '';

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, { now: () => RECEIVED, adminPassword: PASSWORD, secureCookies: false });
    a = await enroll(hub, 'Store 1', 'Counter 1');
    entries = trail(12);
    // Entry 10 is not uploaded: 9 and 11 have a neighbour the hub does not hold.
    const res = await fetch(`${hub.url}/hub/v1/audit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
      body: JSON.stringify({ entries: entries.filter((e) => e.seq !== 10) }),
    });
    assert.equal(res.status, 200);
    const form = await fetch(`${hub.url}/fleet`);
    const token = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ok = await fetch(`${hub.url}/fleet/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: `csrf=${token}&password=${PASSWORD}`,
    });
    cookie = (ok.headers.getSetCookie().find((c) => c.startsWith('hub_admin=')) ?? '').split(';')[0]!;
  });
  after(async () => {
    await hub.close();
    await sim.close();
  });

  const detail = async (station: string, seq: string | number, as: Record<string, string> = { cookie }) => {
    const res = await fetch(`${hub.url}/fleet/api/audit/${station}/${seq}`, { headers: as });
    return {
      status: res.status,
      body: (await res.json()) as FleetAuditDetail & { error?: { code: string } },
    };
  };

  test('every field of a middle entry, linked both ways, its hash right', async () => {
    const { status, body } = await detail(a.id, 4);
    assert.equal(status, 200);
    const e = entries[3]!;
    assert.deepEqual(body.entry, {
      ...e,
      stationId: a.id,
      stationName: 'Counter 1',
      store: 'Store 1',
      receivedAt: RECEIVED,
    });
    assert.deepEqual(body.chain, { hashRight: true, before: 'linked', after: 'linked' });
  });

  test('the first entry and the neighbours of one not at the hub read unknown on that side', async () => {
    assert.deepEqual((await detail(a.id, 1)).body.chain, {
      hashRight: true,
      before: 'unknown',
      after: 'linked',
    });
    assert.deepEqual((await detail(a.id, 9)).body.chain, {
      hashRight: true,
      before: 'linked',
      after: 'unknown',
    });
    assert.deepEqual((await detail(a.id, 11)).body.chain, {
      hashRight: true,
      before: 'unknown',
      after: 'linked',
    });
    // The newest: the entry after is not at the hub yet.
    assert.deepEqual((await detail(a.id, 12)).body.chain, {
      hashRight: true,
      before: 'linked',
      after: 'unknown',
    });
  });

  test('a row changed in the database fails its own check and breaks both its links', async () => {
    await db.query(`UPDATE audit_entries SET note = 'Nothing to see' WHERE station_id = $1 AND seq = 6`, [
      a.id,
    ]);
    assert.deepEqual((await detail(a.id, 6)).body.chain, {
      hashRight: false,
      before: 'linked',
      after: 'not_linked',
    });
    assert.deepEqual((await detail(a.id, 5)).body.chain, {
      hashRight: true,
      before: 'linked',
      after: 'linked',
    });
    assert.deepEqual((await detail(a.id, 7)).body.chain, {
      hashRight: true,
      before: 'not_linked',
      after: 'linked',
    });

    // Its hash made to fit its new fields: its own check passes, the entry after does not link to it.
    const edited = { ...entries[5]!, note: 'Nothing to see' };
    await db.query(`UPDATE audit_entries SET hash = $2 WHERE station_id = $1 AND seq = 6`, [
      a.id,
      sha256(auditHashText(edited)),
    ]);
    assert.deepEqual((await detail(a.id, 6)).body.chain, {
      hashRight: true,
      before: 'linked',
      after: 'not_linked',
    });
    assert.deepEqual((await detail(a.id, 7)).body.chain, {
      hashRight: true,
      before: 'not_linked',
      after: 'linked',
    });
  });

  test('a missing entry is 404, a bad name 400', async () => {
    const missing = await detail(a.id, 10);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error?.code, 'audit_entry_missing');
    assert.equal((await detail('st_nobody', 1)).status, 404);
    for (const seq of ['0', 'x', '-1', '1.5', '9'.repeat(20)]) {
      const bad = await detail(a.id, seq);
      assert.equal(bad.status, 400, seq);
      assert.equal(bad.body.error?.code, 'parameter_invalid', seq);
    }
  });

  test('only a signed-in admin reads it', async () => {
    assert.equal((await detail(a.id, 4, {})).status, 401);
    assert.equal((await detail(a.id, 4, { authorization: `Bearer ${a.token}` })).status, 401);
  });
});
