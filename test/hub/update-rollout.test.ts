/**
 * Staged rollout (hub/src/updates/rollout.ts and the feed it drives), on PGlite: a station's
 * place in a stage is a stable hash of its id (about 10 % of 10,000 ids in a 10 % stage, each
 * answer the same at every call, a growing stage only adding stations); through the hub, with
 * electron-updater's own updater as the station: a station in a 10 % stage is offered the new
 * release and one outside keeps the old one, at every check; pause, resume and roll back take
 * effect at the next check; a store moved to `beta` reads beta's release. The hub part runs on
 * PGlite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NsisUpdater } from 'electron-updater';
import type { RunningHub } from '../../hub/src/server.ts';
import { inStage, offerFor, stageBucket } from '../../hub/src/updates/rollout.ts';
import type { UpdatesOverview } from '../../hub/src/updates/types.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { backends, enroll, startStripe, startTestHub, type Enrolled } from '../support/hub.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  adminPost,
  buildRelease,
  bytes,
  nodeUpdater,
  signInAdmin,
  uploadRelease,
  type Admin,
} from '../support/updates.ts';

const PASSWORD = 'correct-horse-battery';

describe('rollout: who is offered what', () => {
  test('a station is in a 10 % stage by a stable hash of its id', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `st_${i.toString(36)}x${(i * 7919).toString(36)}`);
    const inTen = ids.filter((id) => inStage(id, 10));
    assert.ok(inTen.length > 850 && inTen.length < 1150, `${inTen.length} of 10,000 in a 10 % stage`);
    for (const id of ids.slice(0, 500)) {
      assert.equal(inStage(id, 10), inStage(id, 10));
      assert.equal(stageBucket(id), stageBucket(id));
      if (inStage(id, 10)) assert.ok(inStage(id, 50), 'a growing stage keeps its stations');
    }
    assert.equal(ids.filter((id) => inStage(id, 0)).length, 0);
    assert.equal(ids.filter((id) => inStage(id, 100)).length, ids.length);
  });

  test('the offer: staged, paused, nothing published', () => {
    const id = Array.from({ length: 100 }, (_, i) => `st_${i}`).find((x) => inStage(x, 10))!;
    const out = Array.from({ length: 100 }, (_, i) => `st_${i}`).find((x) => !inStage(x, 10))!;
    const staged = { current: 'new', previous: 'old', stagingPercentage: 10, paused: false };
    assert.deepEqual(offerFor(staged, id), { release: 'new', take: true });
    assert.deepEqual(offerFor(staged, out), { release: 'old', take: true });
    assert.deepEqual(offerFor({ ...staged, previous: null }, out), { release: 'new', take: false });
    assert.deepEqual(offerFor({ ...staged, paused: true }, id), { release: 'new', take: false });
    assert.equal(offerFor({ ...staged, current: null }, id), null);
  });
});

const skip = postgresUnavailable();
let pg: PostgresCluster | null = null;
before(async () => {
  if (!skip) pg = await startPostgres();
});
after(async () => {
  await pg?.stop();
});

for (const backend of backends(() => pg?.url ?? null)) {
  describe(
    `rollout through the hub (${backend.name})`,
    { skip: backend.name === 'PostgreSQL' ? (skip ?? false) : false },
    () => {
      let sim: RunningSimulator;
      let hub: RunningHub;
      let admin: Admin;
      let work: string;
      let inside: Enrolled;
      let outside: Enrolled;
      let pilot: Enrolled;

      before(async () => {
        work = mkdtempSync(join(tmpdir(), 'countersign-rollout-'));
        sim = await startStripe();
        hub = await startTestHub(sim, await backend.open(), {
          adminPassword: PASSWORD,
          secureCookies: false,
          updatesDir: join(work, 'hub-updates'),
          enrollmentsPerMinute: 10_000,
        });
        admin = await signInAdmin(hub.url, PASSWORD);
        // Stations until one is in a 10 % stage and one is not (ids are random).
        const stations: Enrolled[] = [];
        while (!stations.some((s) => inStage(s.id, 10)) || !stations.some((s) => !inStage(s.id, 10))) {
          stations.push(await enroll(hub, 'Store 1', `Counter ${stations.length + 1}`, 'counter'));
          assert.ok(stations.length < 300);
        }
        inside = stations.find((s) => inStage(s.id, 10))!;
        outside = stations.find((s) => !inStage(s.id, 10))!;
        pilot = await enroll(hub, 'Pilot store', 'Kiosk 1', 'kiosk');
        const a = bytes(60_000, 1);
        await uploadRelease(hub.url, admin, 'stable', await buildRelease(join(work, 'a'), '1.0.0', a), 100);
        await uploadRelease(
          hub.url,
          admin,
          'stable',
          await buildRelease(join(work, 'b'), '1.1.0', bytes(60_000, 2)),
          10,
        );
        await uploadRelease(
          hub.url,
          admin,
          'beta',
          await buildRelease(join(work, 'c'), '1.2.0-beta.1', bytes(60_000, 3)),
          100,
        );
      });
      after(async () => {
        await hub.close();
        await sim.close();
        rmSync(work, { recursive: true, force: true });
      });

      /** One check by electron-updater itself, for a station running `version`: the version it would install, or null. */
      async function check(who: Enrolled, version: string): Promise<string | null> {
        const updater = nodeUpdater(NsisUpdater, {
          version,
          dir: join(work, `station-${who.id}`),
          feedUrl: `${hub.url}/hub/v1/updates`,
          token: who.token,
          platform: 'win32',
        });
        const result = await updater.checkForUpdates();
        return result?.isUpdateAvailable ? result.updateInfo.version : null;
      }
      const channel = (name: string, verb: string, body: unknown = {}) =>
        adminPost(hub.url, admin, `/fleet/api/updates/channels/${name}/${verb}`, body);

      test('in a 10 % stage or out of it, the same at every check', async () => {
        for (let i = 0; i < 3; i++) {
          assert.equal(await check(inside, '1.0.0'), '1.1.0');
          assert.equal(await check(outside, '1.0.0'), null);
        }
        const overview = (await (
          await fetch(`${hub.url}/fleet/api/updates`, { headers: { cookie: admin.cookie } })
        ).json()) as UpdatesOverview;
        const stable = overview.channels.find((c) => c.name === 'stable')!;
        assert.equal(stable.current?.version, '1.1.0');
        assert.equal(stable.previous?.version, '1.0.0');
        assert.equal(stable.stagingPercentage, 10);
        const store = overview.stores.find((s) => s.store === 'Store 1')!;
        assert.equal(store.stations.find((s) => s.id === inside.id)?.inStage, true);
        assert.equal(store.stations.find((s) => s.id === outside.id)?.inStage, false);
      });

      test('pause and resume take effect at the next check', async () => {
        assert.equal((await channel('stable', 'pause')).status, 200);
        assert.equal(await check(inside, '1.0.0'), null);
        assert.equal(await check(inside, '1.1.0'), null, 'a station already on it stays');
        assert.equal((await channel('stable', 'resume')).status, 200);
        assert.equal(await check(inside, '1.0.0'), '1.1.0');
      });

      test('a stage at 100 % reaches every station; a bad percentage is refused', async () => {
        const bad = await channel('stable', 'stage', { percentage: 150 });
        assert.equal(bad.status, 400);
        assert.equal((await channel('stable', 'stage', { percentage: 100 })).status, 200);
        assert.equal(await check(outside, '1.0.0'), '1.1.0');
      });

      test('roll back: the previous release for everyone at the next check, once', async () => {
        const res = await channel('stable', 'rollback');
        assert.equal(res.status, 200);
        assert.equal(((await res.json()) as { current: { version: string } }).current.version, '1.0.0');
        // A station that installed 1.1.0 goes back to 1.0.0; one still on 1.0.0 stays.
        assert.equal(await check(inside, '1.1.0'), '1.0.0');
        assert.equal(await check(outside, '1.0.0'), null);
        const again = await channel('stable', 'rollback');
        assert.equal(again.status, 409);
        assert.equal(
          ((await again.json()) as { error: { code: string } }).error.code,
          'rollback_unavailable',
        );
      });

      test("a store on beta reads beta's release", async () => {
        assert.equal(await check(pilot, '1.0.0'), null);
        const set = await adminPost(hub.url, admin, '/fleet/api/updates/store-channel', {
          store: 'Pilot store',
          channel: 'beta',
        });
        assert.equal(set.status, 200);
        assert.equal(await check(pilot, '1.0.0'), '1.2.0-beta.1');
        const bad = await adminPost(hub.url, admin, '/fleet/api/updates/store-channel', {
          store: 'Pilot store',
          channel: 'Not A Channel',
        });
        assert.equal(bad.status, 400);
      });
    },
  );
}
