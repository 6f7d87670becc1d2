/**
 * The station's hub backend against the real hub server (hub/, in this process on PGlite) with
 * the simulator playing Stripe and sending it signed webhooks: enrollment, creations through the
 * hub, live updates by the hub's stream (and no Events API polling anywhere), a restart that
 * resumes from the persisted seq, an unreachable hub (the outbox queues, nothing is lost, and it
 * drains exactly once), a revoked station, and disconnecting back to the simulator.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SessionView } from '../../../contract/ipc.ts';
import { eventually } from '../../support/backend.ts';
import { startStationHub, type TestHub } from '../../support/test-hub.ts';
import { memoryKeychain, type MemoryKeychain } from '../../harness/keychain.ts';
import { startHubStationCore, storedHubConnection, type TestCore } from '../../support/app-core.ts';

const SERVICE = 'countersign-hub-backend-test';
const EVENTS = 'GET /v1/events';

describe('hub backend', () => {
  let th: TestHub;
  before(async () => {
    th = await startStationHub();
  });
  after(() => th.close());

  const open = (keychain: MemoryKeychain, dir?: string) =>
    startHubStationCore(keychain, { keychainService: SERVICE, heartbeatIntervalMs: 60_000 }, dir);
  const storedToken = async (keychain: MemoryKeychain): Promise<string> =>
    (await storedHubConnection(keychain, SERVICE)).token ?? '';
  const latest = (t: TestCore, id: string): SessionView | undefined =>
    t.seen
      .filter((s) => s.event === 'session.updated' && (s.payload as SessionView).id === id)
      .map((s) => s.payload as SessionView)
      .at(-1);
  const started = async (t: TestCore, reference: string): Promise<string> => {
    const r = await t.call('sessions.start', { type: 'document', reference });
    assert.equal(r.outcome, 'created');
    return r.outcome === 'created' ? r.session.id! : '';
  };

  it('refuses a bad code and an unreachable hub with clear errors, and stays on the simulator', async () => {
    const t = await open(memoryKeychain());
    try {
      await assert.rejects(t.call('hub.connect', { hubUrl: th.url, code: 'NOT-A-CODE' }), (e: unknown) => {
        assert.equal((e as { code: string }).code, 'hub_code_invalid');
        assert.match((e as Error).message, /new code/);
        return true;
      });
      await assert.rejects(
        t.call('hub.connect', { hubUrl: 'http://127.0.0.1:9', code: 'ABCD-1234' }),
        (e: unknown) => {
          assert.equal((e as { code: string }).code, 'hub_unreachable');
          assert.match((e as Error).message, /Cannot reach the hub at 127\.0\.0\.1:9/);
          return true;
        },
      );
      await assert.rejects(t.call('hub.connect', { hubUrl: 'http://hub.example.com', code: 'x' }), {
        code: 'invalid_input',
      });
      const status = await t.call('app.status', {});
      assert.equal(status.backend, 'simulator');
    } finally {
      await t.close();
    }
  });

  it('connects with a code, creates through the hub and follows by its stream, never polling', async () => {
    const keychain = memoryKeychain();
    const t = await open(keychain);
    try {
      const code = await th.code('Till 3', 'Shibuya');
      const hub = await t.call('hub.connect', { hubUrl: th.url, code });
      assert.deepEqual(
        { host: hub.host, stationName: hub.stationName, store: hub.store, problem: hub.problem },
        { host: new URL(th.url).host, stationName: 'Till 3', store: 'Shibuya', problem: null },
      );
      const status = await t.call('app.status', {});
      assert.equal(status.backend, 'hub');
      assert.equal(status.maskedKey, null);
      assert.equal(t.core.simulator(), null, 'the embedded simulator is not running');
      // The heartbeat: the fleet page knows this station is there, and what it holds.
      const stationId = (await storedHubConnection(keychain, SERVICE)).station!.id;
      const row = await eventually(async () => {
        const rows = await th.db.query<{ app_version: string | null; queued: number }>(
          'SELECT app_version, queued FROM stations WHERE id = $1',
          [stationId],
        );
        return rows[0]?.app_version === '0.0.0-test' ? rows[0] : undefined;
      });
      assert.equal(Number(row.queued), 0);
      // The code is spent.
      await assert.rejects(t.call('hub.connect', { hubUrl: th.url, code }), { code: 'hub_code_invalid' });

      th.stripe.resetStats();
      const id = await started(t, 'Hub order 1');
      const atStripe = th.stripe.sessions().find((s) => s.id === id);
      assert.ok(atStripe, 'the session was created at Stripe through the hub');
      await th.stripe.submit(id, 'verified');
      await eventually(() => (latest(t, id)?.status === 'verified' ? true : undefined));
      assert.equal(th.stripe.stats().byRoute[EVENTS] ?? 0, 0, 'nobody read the Events API');
      // What the station sent the hub (seen on the wire): the stream, the heartbeat, the creation.
      for (const line of [
        'GET /hub/v1/stream',
        'POST /hub/v1/heartbeat',
        'POST /v1/identity/verification_sessions',
      ]) {
        assert.ok(th.requests().includes(line), line);
      }
      assert.ok(!th.requests().some((r) => r.startsWith('GET /v1/events')), 'no polling of the hub either');

      // The token: in the keychain, and nowhere in the station's files or its answers and events.
      const token = await storedToken(keychain);
      assert.match(token, /^cs_station_/);
      for (const file of readdirSync(t.dir)) {
        assert.ok(!readFileSync(join(t.dir, file), 'utf8').includes(token), `${file} holds the token`);
      }
      assert.ok(!JSON.stringify(t.seen).includes(token));
      assert.ok(!JSON.stringify(status).includes(token));

      const back = await t.call('hub.disconnect', {});
      assert.deepEqual(back, { disconnected: true });
      assert.equal((await t.call('app.status', {})).backend, 'simulator');
      assert.equal(await keychain.getPassword(SERVICE, 'hub'), null);
    } finally {
      await t.close();
    }
  });

  it('an unreachable hub: creations queue, changes are not missed, the queue drains exactly once', async () => {
    const keychain = memoryKeychain();
    const t = await open(keychain);
    try {
      await t.call('hub.connect', { hubUrl: th.url, code: await th.code('Till 4') });
      const earlier = await started(t, 'Before the cut');
      th.cut();
      // The customer finishes while the station cannot reach the hub.
      await th.stripe.submit(earlier, 'verified');
      const queued = await t.call('sessions.start', { type: 'document', reference: 'During the cut' });
      assert.equal(queued.outcome, 'queued');
      const reference = queued.outcome === 'queued' ? queued.clientReferenceId : '';
      assert.equal((await t.call('app.status', {})).queued, 1);
      assert.equal((await t.call('app.status', {})).online, false);
      assert.equal(th.stripe.sessions().filter((s) => s.client_reference_id === reference).length, 0);

      th.restore();
      await eventually(
        async () => ((await t.call('outbox.status', {})).queued === 0 ? true : undefined),
        15_000,
      );
      await eventually(() => (latest(t, earlier)?.status === 'verified' ? true : undefined), 15_000);
      assert.equal(
        th.stripe.sessions().filter((s) => s.client_reference_id === reference).length,
        1,
        'created exactly once',
      );
      assert.ok(th.refusedWhileCut() > 0, 'the station did try while the hub was unreachable');
      await t.call('hub.disconnect', {});
    } finally {
      await t.close();
    }
  });

  it('the heartbeat tells the hub the station’s last error: a send that failed while the hub was away', async () => {
    const keychain = memoryKeychain();
    const t = await startHubStationCore(keychain, { keychainService: SERVICE, heartbeatIntervalMs: 200 });
    try {
      await t.call('hub.connect', { hubUrl: th.url, code: await th.code('Till 7') });
      const stationId = (await storedHubConnection(keychain, SERVICE)).station!.id;
      const health = async () =>
        (
          await th.db.query<{ last_error_code: string | null; last_error_at: number | null }>(
            'SELECT last_error_code, last_error_at FROM stations WHERE id = $1',
            [stationId],
          )
        )[0];
      await eventually(async () =>
        (await th.db.query('SELECT 1 FROM stations WHERE id = $1 AND last_seen IS NOT NULL', [stationId]))
          .length
          ? true
          : undefined,
      );
      assert.equal((await health())?.last_error_code, null, 'no error yet');
      th.cut();
      const queued = await t.call('sessions.start', { type: 'document', reference: 'While away' });
      assert.equal(queued.outcome, 'queued');
      th.restore();
      const row = await eventually(async () => {
        const h = await health();
        return h?.last_error_code ? h : undefined;
      }, 15_000);
      assert.match(row.last_error_code ?? '', /^[a-z0-9_]+$/, 'the core’s error code, nothing else');
      assert.ok(Number(row.last_error_at) > 0);
      await t.call('hub.disconnect', {});
    } finally {
      await t.close();
    }
  });

  it('a restart resumes the stream after the last handled seq: a change made while closed arrives', async () => {
    const keychain = memoryKeychain();
    const first = await open(keychain);
    const dir = first.dir;
    await first.call('hub.connect', { hubUrl: th.url, code: await th.code('Till 5') });
    const id = await started(first, 'Across a restart');
    await first.core.close();
    await th.stripe.submit(id, 'verified');
    // The hub has the change before the station is back.
    await eventually(() => (th.stripe.webhookAttempts().some((a) => a.status === 200) ? true : undefined));
    const second = await open(keychain, dir);
    try {
      assert.equal((await second.call('app.status', {})).backend, 'hub');
      await eventually(async () => {
        const list = await second.call('sessions.list', {});
        return list.find((s) => s.id === id)?.status === 'verified' ? true : undefined;
      }, 15_000);
      await second.call('hub.disconnect', {});
    } finally {
      await second.close();
    }
  });

  it('a revoked station says so, sends nothing more and keeps what it queued', async () => {
    const keychain = memoryKeychain();
    const t = await open(keychain);
    try {
      await t.call('hub.connect', { hubUrl: th.url, code: await th.code('Till 6') });
      await th.hub.stations.revoke((await storedHubConnection(keychain, SERVICE)).station!.id);
      await eventually(
        async () =>
          (await t.call('app.status', {})).hub?.problem?.code === 'hub_station_revoked' ? true : undefined,
        10_000,
      );
      const before = th.stripe.sessions().length;
      const sentBefore = th.requests().length;
      const r = await t.call('sessions.start', { type: 'document', reference: 'After revocation' }).then(
        (v) => v.outcome,
        (e: { code: string }) => e.code,
      );
      // Offline (the hub refused the stream) it queues; otherwise it is refused with the reason.
      assert.ok(r === 'queued' || r === 'hub_station_revoked', String(r));
      assert.equal(th.stripe.sessions().length, before, 'nothing reached Stripe');
      if (r === 'queued') assert.equal((await t.call('outbox.status', {})).queued, 1);
      // Testing the connection is answered on the station: the hub is not asked again.
      await assert.rejects(t.call('key.test', {}), { code: 'hub_station_revoked' });
      assert.deepEqual(th.requests().slice(sentBefore), [], 'nothing more was sent to the hub');
      const status = await t.call('app.status', {});
      assert.match(status.hub?.problem?.message ?? '', /no longer accepts this station/);
      await t.call('hub.disconnect', {});
      assert.equal((await t.call('app.status', {})).backend, 'simulator');
    } finally {
      await t.close();
    }
  });
});
