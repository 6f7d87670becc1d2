/**
 * Staff members on the hub (issue 19, item 1): added, re-roled, given a new PIN and removed
 * through the fleet API (admin, CSRF), checked with the contract's schemas and the station's own
 * PIN rule; a store keeps a manager while it has staff; the PIN is kept as the station's scrypt
 * hash only; every change is logged with who and when; and the store's roster reaches its
 * stations' streams, first on connect and again on each change, and no other store's. PGlite.
 */
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { HubMemberShown, HubStaffAnswer } from '../../contract/hub-staff.ts';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { FLEET_TEST_PASSWORD, adminClient } from '../support/fleet-admin.ts';
import {
  StreamClient,
  enroll,
  openPglite,
  startStripe,
  startTestHub,
  type Enrolled,
} from '../support/hub.ts';

type Refusal = { error: { code: string; message: string; param?: string } };

describe('hub: staff members managed from the fleet page', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let now = Date.UTC(2026, 11, 1, 9, 0, 0);
  let admin: Awaited<ReturnType<typeof adminClient>>;
  let ginza: Enrolled;
  let shibuya: Enrolled;

  before(async () => {
    sim = await startStripe();
    db = await openPglite();
    hub = await startTestHub(sim, db, {
      now: () => now,
      adminPassword: FLEET_TEST_PASSWORD,
      secureCookies: false,
    });
    admin = await adminClient(hub.url);
    ginza = await enroll(hub, 'Ginza', 'Till 1');
    shibuya = await enroll(hub, 'Shibuya', 'Till 1');
  });
  after(async () => {
    await hub.close();
    await sim.close();
  });

  const add = async (body: unknown) => {
    const res = await admin.post('/fleet/api/staff', body);
    return { status: res.status, body: (await res.json()) as { member: HubMemberShown } & Refusal };
  };
  const act = async (id: string, what: 'role' | 'pin' | 'remove', body: unknown = {}) => {
    const res = await admin.post(`/fleet/api/staff/${id}/${what}`, body);
    return { status: res.status, body: (await res.json()) as { member: HubMemberShown } & Refusal };
  };
  const list = async (store: string) =>
    (
      (await (
        await admin.get(`/fleet/api/staff?store=${encodeURIComponent(store)}`)
      ).json()) as HubStaffAnswer
    ).members;

  test('the fleet API refuses what the station would, with clear errors; admin and CSRF only', async () => {
    const bad = async (body: unknown, code: string, param?: string) => {
      const r = await add(body);
      assert.equal(
        r.status,
        code === 'resource_missing' ? 404 : code === 'staff_need_manager' ? 409 : 400,
        code,
      );
      assert.equal(r.body.error.code, code);
      if (param) assert.equal(r.body.error.param, param);
      assert.ok(r.body.error.message.length > 10);
    };
    await bad({ store: 'Ginza', name: 'Aiko', role: 'manager', pin: '1234' }, 'pin_too_easy', 'pin');
    await bad({ store: 'Ginza', name: 'Aiko', role: 'manager', pin: '12' }, 'pin_length', 'pin');
    await bad({ store: 'Ginza', name: 'Aiko', role: 'manager', pin: '４８２９' }, 'pin_digits_only', 'pin');
    await bad({ store: 'Ginza', name: ' ', role: 'manager', pin: '4829' }, 'parameter_invalid', 'name');
    await bad({ store: 'Ginza', name: 'Aiko', role: 'owner', pin: '4829' }, 'parameter_invalid', 'role');
    await bad({ store: 'Ginza', name: 'Aiko', role: 'manager', pin: '4829', x: 1 }, 'parameter_invalid');
    await bad({ store: 'Nowhere', name: 'Aiko', role: 'manager', pin: '4829' }, 'resource_missing');
    await bad({ store: 'Ginza', name: 'Ken', role: 'clerk', pin: '4829' }, 'staff_need_manager');
    const noCsrf = await admin.post(
      '/fleet/api/staff',
      { store: 'Ginza', name: 'A', role: 'manager', pin: '4829' },
      false,
    );
    assert.equal(noCsrf.status, 403);
    assert.equal((await fetch(`${hub.url}/fleet/api/staff?store=Ginza`)).status, 401);
    assert.deepEqual(await list('Ginza'), [], 'nothing was added by a refusal');
  });

  test('add, change a role, reset a PIN, remove: logged with who and when; the last manager stays', async () => {
    const aiko = await add({ store: 'Ginza', name: 'Aiko', role: 'manager', pin: '4829' });
    assert.equal(aiko.status, 200);
    assert.match(aiko.body.member.id, /^st_[A-Za-z0-9]{8,40}$/);
    assert.equal(aiko.body.member.changedBy, 'admin');
    assert.equal(aiko.body.member.createdAt, now);
    now += 60_000;
    const ken = await add({ store: 'Ginza', name: 'Ken', role: 'clerk', pin: '7395' });
    assert.equal(ken.status, 200);
    assert.deepEqual(
      (await list('Ginza')).map((m) => [m.name, m.role]),
      [
        ['Aiko', 'manager'],
        ['Ken', 'clerk'],
      ],
    );
    assert.deepEqual(await list('Shibuya'), [], 'per store');

    // The last manager is neither demoted nor removed while Ken is there.
    const demote = await act(aiko.body.member.id, 'role', { role: 'clerk' });
    assert.equal(demote.status, 409);
    assert.equal(demote.body.error.code, 'staff_last_manager');
    const drop = await act(aiko.body.member.id, 'remove');
    assert.equal(drop.status, 409);
    assert.equal(drop.body.error.code, 'staff_last_manager');

    now += 60_000;
    assert.equal((await act(ken.body.member.id, 'role', { role: 'manager' })).status, 200);
    assert.equal((await act(aiko.body.member.id, 'role', { role: 'clerk' })).status, 200, 'Ken manages now');
    assert.equal((await act(ken.body.member.id, 'pin', { pin: '1111' })).body.error.code, 'pin_too_easy');
    const reset = await act(ken.body.member.id, 'pin', { pin: '5063' });
    assert.equal(reset.status, 200);
    assert.equal(reset.body.member.updatedAt, now);
    assert.equal((await act(ken.body.member.id, 'role', { role: 'boss' })).status, 400);
    assert.equal((await act('st_nobody00000', 'remove')).status, 404);

    now += 60_000;
    assert.equal((await act(aiko.body.member.id, 'remove')).status, 200);
    assert.equal((await act(aiko.body.member.id, 'remove')).status, 404, 'removed once');
    assert.deepEqual(
      (await list('Ginza')).map((m) => m.name),
      ['Ken'],
    );
    // The last member of all may go: the store then has no staff, and sign-in goes off there.
    assert.equal((await act(ken.body.member.id, 'remove')).status, 200);
    assert.deepEqual(await list('Ginza'), []);

    const log = await db.query<{
      change: string;
      name: string;
      role: string;
      changed_by: string;
      changed_at: number;
    }>(
      "SELECT change, name, role, changed_by, changed_at FROM staff_member_versions WHERE store = 'Ginza' ORDER BY seq",
    );
    assert.deepEqual(
      log.map((r) => `${r.change}:${r.name}:${r.role}:${r.changed_by}`),
      [
        'added:Aiko:manager:admin',
        'added:Ken:clerk:admin',
        'role:Ken:manager:admin',
        'role:Aiko:clerk:admin',
        'pin:Ken:manager:admin',
        'removed:Aiko:clerk:admin',
        'removed:Ken:manager:admin',
      ],
    );
    assert.equal(Number(log.at(-1)!.changed_at), now);
  });

  test('the PIN is kept as the station’s scrypt hash only: no row nor log holds the digits', async () => {
    const pin = '60718293';
    const added = await add({ store: 'Shibuya', name: 'Yui', role: 'manager', pin });
    assert.equal(added.status, 200);
    assert.ok(!JSON.stringify(added.body).includes('pin'), 'the answer has no PIN nor hash');
    const rows = await db.query<Record<string, unknown>>(
      "SELECT * FROM staff_members WHERE store = 'Shibuya'",
    );
    const logRows = await db.query<Record<string, unknown>>(
      "SELECT * FROM staff_member_versions WHERE store = 'Shibuya'",
    );
    for (const row of [...rows, ...logRows])
      assert.ok(!JSON.stringify(row).includes(pin), 'no digits in a row');
    const raw = rows[0]!.pin_hash;
    const hash = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, string | number>;
    assert.equal(hash.algorithm, 'scrypt');
    assert.equal(hash.N, 2 ** 15, 'the station’s own parameters');
    // The station's check: the same derivation gives the same bytes.
    const derived = scryptSync(pin, Buffer.from(String(hash.salt), 'base64'), Number(hash.keyLength), {
      N: Number(hash.N),
      r: Number(hash.r),
      p: Number(hash.p),
      maxmem: 256 * Number(hash.N) * Number(hash.r),
    });
    assert.equal(derived.toString('base64'), hash.hash);
  });

  test('a store’s roster reaches its stations first on connect and on every change; not another store’s', async () => {
    const onGinza = await StreamClient.open(hub.url, ginza.token);
    const onShibuya = await StreamClient.open(hub.url, shibuya.token);
    try {
      await onShibuya.until(() => onShibuya.rosters.length === 1, 'Shibuya’s roster on connect');
      assert.deepEqual(
        onShibuya.rosters[0]!.members.map((m) => m.name),
        ['Yui'],
      );
      await onGinza.until(() => onGinza.rosters.length === 1, 'Ginza’s (empty) roster on connect');
      assert.deepEqual(
        onGinza.rosters[0]!.members,
        [],
        'Ginza had staff once: its stations hear it has none',
      );

      const mio = await add({ store: 'Ginza', name: 'Mio', role: 'manager', pin: '3948' });
      await onGinza.until(() => onGinza.rosters.length === 2, 'Ginza’s new roster');
      const roster = onGinza.rosters[1]!;
      assert.ok(roster.version > onGinza.rosters[0]!.version);
      assert.deepEqual(
        roster.members.map((m) => [m.id, m.name, m.role, m.pinHash.algorithm]),
        [[mio.body.member.id, 'Mio', 'manager', 'scrypt']],
      );
      assert.ok(!JSON.stringify(roster).includes('3948'), 'hashes only');
      assert.equal(onShibuya.rosters.length, 1, 'Shibuya heard nothing of Ginza');
    } finally {
      onGinza.close();
      onShibuya.close();
    }
  });
});
