/**
 * Staff members on two hub instances sharing one PostgreSQL (issue 19, item 1): a member added
 * through instance A's fleet API reaches a station streaming from instance B at once (NOTIFY
 * hub_staff), and a station connecting to B later starts with the store's roster.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { FLEET_TEST_PASSWORD, adminClient } from '../support/fleet-admin.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import { StreamClient, enroll, openPostgres, startStripe, startTestHub } from '../support/hub.ts';

const skip = postgresUnavailable();

describe('staff members on two hub instances', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;
  let a: RunningHub;
  let b: RunningHub;

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
    const options = { adminPassword: FLEET_TEST_PASSWORD, secureCookies: false };
    a = await startTestHub(sim, await openPostgres(pg.url), options);
    b = await startTestHub(sim, await openPostgres(pg.url), options);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    await pg?.stop();
  });

  test('a member added on A reaches a stream on B at once, and a new stream on B starts with the roster', async () => {
    const station = await enroll(a, 'Ginza', 'Till 1');
    const onB = await StreamClient.open(b.url, station.token);
    try {
      const admin = await adminClient(a.url);
      const res = await admin.post('/fleet/api/staff', {
        store: 'Ginza',
        name: 'Aiko',
        role: 'manager',
        pin: '4829',
      });
      assert.equal(res.status, 200);
      await onB.until(() => onB.rosters.length === 1, 'the roster on B');
      assert.deepEqual(
        onB.rosters[0]!.members.map((m) => [m.name, m.role]),
        [['Aiko', 'manager']],
      );
    } finally {
      onB.close();
    }
    const again = await StreamClient.open(b.url, station.token);
    try {
      await again.until(() => again.rosters.length === 1, 'the roster on connect');
      assert.equal(again.rosters[0]!.members[0]!.name, 'Aiko');
    } finally {
      again.close();
    }
  });
});
