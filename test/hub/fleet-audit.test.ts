/**
 * The stations' audit trails on the fleet page's API (`GET /fleet/api/audit`), on PGlite: only a
 * signed-in admin reads them (a station's token does not); newest first, pages of 50 with the
 * total; searched by store, person (part of the name, any case, or the staff id; `%` is a
 * character, not a wildcard) and action (from its start); a bad search is 400.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEntry } from '../../contract/staff.ts';
import type { FleetAuditList } from '../../hub/src/audit-search.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { openAuditLog } from '../../main/core/audit/index.ts';
import { MemoryStore } from '../../main/core/storage/index.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { enroll, openPglite, startStripe, startTestHub, type Enrolled } from '../support/hub.ts';

const PASSWORD = 'correct-horse-battery';

function trail(count: number, station: string, person: (i: number) => string, action: (i: number) => string) {
  let now = Date.UTC(2026, 11, 1, 9, 0, 0);
  const log = openAuditLog({
    store: new MemoryStore(),
    headStore: new MemoryStore(),
    clock: { now: () => (now += 1000) },
    station,
  });
  for (let i = 0; i < count; i += 1) {
    log.append({
      actor: { id: `st_person${person(i).length}xx`, name: person(i), role: 'clerk' },
      action: action(i),
      outcome: 'ok',
      sessionId: null,
      reference: null,
      reason: null,
      note: null,
      detail: null,
    });
  }
  return log.all();
}

describe('audit trails on the fleet page', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let a: Enrolled;
  let b: Enrolled;
  let cookie = '';

  before(async () => {
    sim = await startStripe();
    const db = await openPglite();
    hub = await startTestHub(sim, db, {
      now: () => Date.UTC(2026, 11, 1, 10, 0, 0),
      adminPassword: PASSWORD,
      secureCookies: false,
    });
    a = await enroll(hub, 'Store 1', 'Counter 1');
    b = await enroll(hub, 'Store 2', 'Counter 2');
    const upload = async (station: Enrolled, entries: AuditEntry[]) => {
      for (let i = 0; i < entries.length; i += 50) {
        const res = await fetch(`${hub.url}/hub/v1/audit`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${station.token}` },
          body: JSON.stringify({ entries: entries.slice(i, i + 50) }),
        });
        assert.equal(res.status, 200);
      }
    };
    await upload(
      a,
      trail(
        60,
        'Counter 1',
        (i) => (i % 2 ? 'Mika Sato' : 'Ken 100%'),
        (i) => (i % 3 ? 'sessions.create' : 'settings.update'),
      ),
    );
    await upload(
      b,
      trail(
        5,
        'Counter 2',
        () => 'Yui Tanaka',
        () => 'sessions.result',
      ),
    );
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

  const search = async (query: string, as: Record<string, string> = { cookie }) => {
    const res = await fetch(`${hub.url}/fleet/api/audit?${query}`, { headers: as });
    return { status: res.status, body: (await res.json()) as FleetAuditList & { error?: { code: string } } };
  };

  test('only a signed-in admin reads the trails', async () => {
    assert.equal((await search('', {})).status, 401);
    assert.equal((await search('', { authorization: `Bearer ${a.token}` })).status, 401);
  });

  test('newest first, in pages of 50 with the total', async () => {
    const first = await search('');
    assert.equal(first.status, 200);
    assert.equal(first.body.total, 65);
    assert.equal(first.body.entries.length, 50);
    const ats = first.body.entries.map((e) => e.at);
    assert.deepEqual(
      ats,
      [...ats].sort((x, y) => y - x),
    );
    const second = await search('page=2');
    assert.equal(second.body.entries.length, 15);
    const keys = new Set(
      [...first.body.entries, ...second.body.entries].map((e) => `${e.stationId}:${e.seq}`),
    );
    assert.equal(keys.size, 65, 'each entry on one page only');
    const entry = second.body.entries.find((e) => e.stationId === b.id)!;
    assert.equal(entry.store, 'Store 2');
    assert.equal(entry.stationName, 'Counter 2');
    assert.equal(entry.actor?.name, 'Yui Tanaka');
  });

  test('searched by store, person and action', async () => {
    const store = await search('store=Store%202');
    assert.equal(store.body.total, 5);
    assert.ok(store.body.entries.every((e) => e.store === 'Store 2'));

    const person = await search('person=mika');
    assert.equal(person.body.total, 30);
    assert.ok(person.body.entries.every((e) => e.actor?.name === 'Mika Sato'));
    // `%` is a character: only "Ken 100%" has it.
    const percent = await search(`person=${encodeURIComponent('%')}`);
    assert.equal(percent.body.total, 30);
    assert.ok(percent.body.entries.every((e) => e.actor?.name === 'Ken 100%'));
    const byId = await search(`person=${encodeURIComponent('st_person10xx')}`);
    assert.equal(byId.body.total, 5, 'the staff id of Yui Tanaka (10 letters)');

    const action = await search('action=settings.');
    assert.equal(action.body.total, 20);
    const all = await search('store=Store%201&person=Sato&action=sessions.create');
    assert.ok(all.body.total > 0);
    assert.ok(
      all.body.entries.every(
        (e) => e.store === 'Store 1' && e.actor?.name === 'Mika Sato' && e.action === 'sessions.create',
      ),
    );
  });

  test('a bad search is refused', async () => {
    for (const q of ['page=0', 'page=x', 'page=201', `person=${'x'.repeat(201)}`]) {
      const res = await search(q);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error?.code, 'parameter_invalid', q);
    }
  });
});
