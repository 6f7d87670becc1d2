/**
 * PostgreSQL restarted under two hub instances (fault suite). Both instances read the change
 * feed only when told (no 1 s tail, no revocation sweep, no poller timer), so what reaches a
 * stream after the restart came through LISTEN/NOTIFY or the catch-up, nothing else:
 *
 * - instance B is kept deaf after the restart (its LISTEN reconnect held) while A applies a
 *   change; once B's LISTEN is back, B catches up from the `changes` table: the station's
 *   stream on B ends up with exactly the feed's changes, none missing, none twice;
 * - after that a change reaches B by NOTIFY again, and a revocation on A closes B's stream by
 *   NOTIFY;
 * - the poller's leader connection died with the restart: a later round makes a new one and
 *   repairs a lost webhook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  StreamClient,
  connectWebhooks,
  createSession,
  enroll,
  heldReconnects,
  openPostgres,
  recordingJsonLogger,
  startStripe,
  startTestHub,
  untilListening,
  untilSim,
} from '../support/hub.ts';

const skip = postgresUnavailable();
const HOUR = 3_600_000;
const quiet = { tailEveryMs: HOUR, revocationSweepMs: HOUR, pollEveryMs: HOUR, retentionEveryMs: HOUR };
const backoff = { baseMs: 50, maxMs: 400 };

/** Resolves once `db` has opened its LISTEN connection again `n` times (told by the Db). */
function untilReconnected(db: Db, n: number): Promise<void> {
  if (db.listenReconnects >= n && db.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`LISTEN not back ${n} times`)), 20_000);
    const off = db.onListenState(() => {
      if (db.listenReconnects < n || !db.listening) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** A hub's pool may hold a connection the restart ended: asks until readiness says yes (bounded). */
async function untilReady(hub: RunningHub): Promise<void> {
  for (let i = 0; i < 20; i++) if ((await hub.readiness()).ready) return;
  throw new Error('the hub did not become ready after the restart');
}

describe('PostgreSQL restarted under two instances', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;
  let a: RunningHub;
  let b: RunningHub;
  let dbA: Db;
  let dbB: Db;
  let secret: string;
  const logA = recordingJsonLogger();
  const logB = recordingJsonLogger();
  const heldB = heldReconnects();

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
    dbA = await openPostgres(pg.url, { logger: logA, backoff });
    dbB = await openPostgres(pg.url, { logger: logB, backoff, schedule: heldB.schedule });
    a = await startTestHub(sim, dbA, { ...quiet, logger: logA });
    b = await startTestHub(sim, dbB, { ...quiet, logger: logB });
    secret = await connectWebhooks(sim, a);
    b.setWebhookSecret(secret);
  });
  after(async () => {
    heldB.release();
    await a?.close();
    await b?.close();
    await sim?.close();
    await pg?.stop();
  });

  test('B deaf after the restart catches up from the feed; then NOTIFY delivers, revokes, and the poller repairs again', async () => {
    const station = await enroll(a, 'store-r', 'Counter R1');
    const sdk = station.sdk(a);
    const onB = await StreamClient.open(b.url, station.token);
    const first = await createSession(sdk, 'ref-before');
    await sim.submit(first.id, 'verified');
    await onB.until(
      () => onB.statusesOf(first.id).includes('verified'),
      'a change by NOTIFY before the restart',
    );
    // A takes the poller's leadership before the restart (its connection dies with it).
    await a.poller.tick();
    await b.poller.tick();

    heldB.hold();
    await pg.restart();
    await untilReconnected(dbA, 1);
    await untilListening(dbB, false, 'B deaf');
    assert.ok(heldB.waiting >= 1, "B's reconnect is waiting");
    await untilReady(a);
    assert.equal((await b.readiness()).ready, false, 'B is not ready while its LISTEN is lost');

    // While B is deaf, A applies a change for the station streaming on B.
    const during = await createSession(sdk, 'ref-deaf');
    await sim.submit(during.id, 'verified');
    await untilSim(
      sim,
      async () =>
        (await dbA.query("SELECT 1 FROM sessions WHERE id = $1 AND status = 'verified'", [during.id]))
          .length === 1,
      'the change applied on A',
    );
    assert.deepEqual(onB.statusesOf(during.id), [], 'B has no way to know yet');

    heldB.release();
    await untilListening(dbB, true, 'B back');
    await onB.until(() => onB.statusesOf(during.id).includes('verified'), 'the catch-up on B');
    assert.ok(!onB.ended, "the station's stream on B stayed open through the restart");

    // NOTIFY again: a change made now reaches B with no timer reading the feed.
    const later = await createSession(sdk, 'ref-after');
    await sim.submit(later.id, 'verified');
    await onB.until(
      () => onB.statusesOf(later.id).includes('verified'),
      'a change by NOTIFY after the restart',
    );

    // Revocation by NOTIFY (the sweep is off): a stream on B of a station revoked on A closes.
    const other = await enroll(a, 'store-r', 'Kiosk R2', 'kiosk');
    const otherOnB = await StreamClient.open(b.url, other.token);
    assert.equal(await a.stations.revoke(other.id), true);
    await otherOnB.until(() => otherOnB.ended, "the revoked station's stream on B closed");

    // The poller after the restart: a webhook lost (A now refuses them), the session overdue.
    a.setWebhookSecret('whsec_rotated_elsewhere');
    const lost = await createSession(sdk, 'ref-lost');
    await sim.submit(lost.id, 'verified');
    await untilSim(
      sim,
      () => sim.sessions().find((s) => s.id === lost.id)?.status === 'verified',
      'at Stripe',
    );
    await dbA.query('UPDATE sessions SET checked = 0 WHERE id = $1', [lost.id]);
    const polled = (await a.poller.tick()) + (await b.poller.tick());
    assert.ok(polled >= 1, 'one instance led a round after the restart');
    await onB.until(() => onB.statusesOf(lost.id).includes('verified'), 'the repaired session on B');
    assert.equal(a.poller.repaired + b.poller.repaired, 1);
    a.setWebhookSecret(secret);

    // No update lost, none twice: the stream on B is exactly the station's feed since it opened.
    const feed = await dbA.query<{ seq: number; session_id: string; status: string }>(
      "SELECT seq, session_id, payload->'session'->>'status' AS status FROM changes WHERE station_id = $1 ORDER BY seq",
      [station.id],
    );
    assert.deepEqual(
      onB.messages.map((m) => [m.seq, m.session.id, m.session.status]),
      feed.map((r) => [Number(r.seq), r.session_id, r.status]),
    );
    // What an operator sees: each loss and return logged, the reconnect counted.
    const said = (log: typeof logA, msg: string) => log.lines.some((l) => l.msg === msg);
    assert.ok(said(logA, 'the LISTEN connection was lost; opening it again'));
    assert.ok(said(logA, 'the LISTEN connection is back'));
    assert.ok(said(logA, 'the leadership connection was lost; its locks are free'));
    assert.ok(said(logB, 'the LISTEN connection is back'));
    assert.equal(dbB.listenReconnects, 1);
    assert.match(await b.metrics.text(), /^hub_listen_reconnects_total 1$/m);
    onB.close();
  });
});
