/**
 * The station policy on the hub (issue 18, item 1): levels saved through the fleet API (admin,
 * CSRF), checked with the contract's schema, versioned with who and when in the database; the
 * PIN kept as its scrypt hash only; a station's effective policy with each value's source; and
 * the stream: the policy first on every (re)connection, a change pushed to the stations it
 * concerns and to no other. PGlite, the hub's clock set by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../hub/src/db.ts';
import type { EffectivePolicyAnswer, PolicyHistoryAnswer } from '../../hub/src/fleet-policy-api.ts';
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

describe('hub: the station policy', () => {
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
    ginza = await enroll(hub, 'Ginza', 'Kiosk 1', 'kiosk');
    shibuya = await enroll(hub, 'Shibuya', 'Till 1');
  });
  after(async () => {
    await hub.close();
    await sim.close();
  });

  const save = (level: string, target: string, policy: unknown) =>
    admin.post('/fleet/api/policy', { level, target, policy });

  test('levels saved and versioned with who and when; the schema refuses bad values, naming them', async () => {
    assert.equal((await save('fleet', '', { maxAttempts: 3, idleResetSeconds: 60 })).status, 200);
    now += 60_000;
    const store = await save('store', 'Ginza', {
      maxAttempts: 5,
      kioskOpeningHours: { mon: [{ open: '09:00', close: '18:00' }] },
    });
    assert.equal(store.status, 200);
    const saved = (
      (await store.json()) as { level: { version: number; changedBy: string; changedAt: number } }
    ).level;
    assert.equal(saved.changedBy, 'admin');
    assert.equal(saved.changedAt, now);

    const bad = await save('store', 'Ginza', { maxAttempts: 99 });
    assert.equal(bad.status, 400);
    const refusal = ((await bad.json()) as { error: { code: string; message: string } }).error;
    assert.equal(refusal.code, 'parameter_invalid');
    assert.match(refusal.message, /^maxAttempts: /);
    assert.equal((await save('store', 'Ginza', { maxAttempts: 3, surprise: 1 })).status, 400, 'strict');
    assert.equal((await save('store', 'Nowhere', { maxAttempts: 3 })).status, 404, 'no such store');
    assert.equal((await save('galaxy', '', {})).status, 400);
    assert.equal(
      (await admin.post('/fleet/api/policy', { level: 'fleet', policy: {} }, false)).status,
      403,
      'CSRF',
    );
    assert.equal((await fetch(`${hub.url}/fleet/api/policy`)).status, 401, 'admin only');

    const history = (await (
      await admin.get('/fleet/api/policy/history?level=store&target=Ginza')
    ).json()) as PolicyHistoryAnswer;
    assert.equal(history.versions.length, 1, 'refused changes are not versions');
    const rows = await db.query<{ level: string; changed_by: string }>(
      'SELECT level, changed_by FROM policy_versions ORDER BY version',
    );
    assert.deepEqual(
      rows.map((r) => [r.level, r.changed_by]),
      [
        ['fleet', 'admin'],
        ['store', 'admin'],
      ],
    );
  });

  test('the kiosk PIN is stored as its scrypt hash only, and kept when asked', async () => {
    assert.equal((await save('store', 'Shibuya', { kioskPin: '4827' })).status, 200);
    const [row] = await db.query<{ policy: unknown }>(
      "SELECT policy FROM policy_versions WHERE target = 'Shibuya' ORDER BY version DESC LIMIT 1",
    );
    const text = JSON.stringify(row?.policy);
    assert.ok(!text.includes('4827'), 'the PIN itself is not stored');
    assert.match(text, /"algorithm":"scrypt"/);
    const shown = await (await admin.get('/fleet/api/policy')).text();
    assert.ok(!shown.includes('"hash"') && shown.includes('"kioskPinSet":true'), 'the page sees "set" only');
    assert.equal((await save('store', 'Shibuya', { maxAttempts: 4, keepKioskPin: true })).status, 200);
    const effective = (await (
      await admin.get(`/fleet/api/stations/${shibuya.id}/policy`)
    ).json()) as EffectivePolicyAnswer;
    assert.equal(effective.policy.kioskPinSet, true);
    assert.equal(effective.sources.kioskPinHash, 'store');
  });

  test('a station’s effective policy names each value’s source', async () => {
    assert.equal((await save('station', ginza.id, { idleResetSeconds: 30 })).status, 200);
    const e = (await (
      await admin.get(`/fleet/api/stations/${ginza.id}/policy`)
    ).json()) as EffectivePolicyAnswer;
    assert.deepEqual(e.policy, {
      maxAttempts: 5,
      idleResetSeconds: 30,
      kioskOpeningHours: { mon: [{ open: '09:00', close: '18:00' }] },
    });
    assert.deepEqual(e.sources, {
      maxAttempts: 'store',
      idleResetSeconds: 'station',
      kioskOpeningHours: 'store',
    });
    assert.equal((await admin.get('/fleet/api/stations/st_nope/policy')).status, 404);
  });

  test('the stream: the policy first on every connection; a change goes to the stations it concerns only', async () => {
    const a = await StreamClient.open(hub.url, ginza.token);
    const b = await StreamClient.open(hub.url, shibuya.token);
    try {
      await a.until(() => a.policies.length === 1, 'Ginza’s policy on connect');
      await b.until(() => b.policies.length === 1, 'Shibuya’s policy on connect');
      assert.equal(a.policies[0]!.policy.maxAttempts, 5);
      assert.equal(a.policies[0]!.policy.kioskPinHash, undefined);
      assert.equal(b.policies[0]!.policy.kioskPinHash?.algorithm, 'scrypt', 'the station gets the hash');

      assert.equal((await save('store', 'Ginza', { maxAttempts: 2 })).status, 200);
      await a.until(() => a.policies.length === 2, 'Ginza’s new policy');
      assert.equal(a.policies[1]!.policy.maxAttempts, 2);
      assert.ok(a.policies[1]!.version > a.policies[0]!.version, 'versions grow');
      assert.equal(a.policies[1]!.policy.kioskOpeningHours, undefined, 'a field left out is no longer set');

      assert.equal((await save('fleet', '', { maxAttempts: 3, idleResetSeconds: 90 })).status, 200);
      await a.until(() => a.policies.length === 3, 'the fleet’s change at Ginza');
      await b.until(() => b.policies.length === 2, 'the fleet’s change at Shibuya');
      assert.equal(b.policies[1]!.policy.idleResetSeconds, 90);
      assert.equal(b.policies.length, 2, 'Ginza’s store change did not reach Shibuya');
    } finally {
      a.close();
      b.close();
    }
    // Offline during a change: the next connection starts with the newest.
    assert.equal((await save('store', 'Ginza', { maxAttempts: 4 })).status, 200);
    const again = await StreamClient.open(hub.url, ginza.token);
    try {
      await again.until(() => again.policies.length === 1, 'the policy on reconnect');
      assert.equal(again.policies[0]!.policy.maxAttempts, 4);
    } finally {
      again.close();
    }
  });
});
