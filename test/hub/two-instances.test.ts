/**
 * Two hub instances on one real PostgreSQL: a webhook delivered to instance A reaches a
 * station's stream on instance B; B is killed mid-stream and the station reconnects to A with
 * Last-Event-ID, missing nothing; a revoked token is refused on both instances within 1 s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Stripe from 'stripe';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  StreamClient,
  connectWebhooks,
  createSession,
  enroll,
  openPostgres,
  startStripe,
  startTestHub,
  untilSim,
} from '../support/hub.ts';

const skip = postgresUnavailable();

describe('two hub instances on one PostgreSQL', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;
  let a: RunningHub;
  let b: RunningHub;
  let dbA: Db;

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
    dbA = await openPostgres(pg.url);
    a = await startTestHub(sim, dbA);
    b = await startTestHub(sim, await openPostgres(pg.url));
    // Stripe knows one endpoint: instance A (a load balancer would spread them; A is enough).
    const secret = await connectWebhooks(sim, a);
    b.setWebhookSecret(secret);
  });
  after(async () => {
    await a?.close();
    await b?.close().catch(() => {});
    await sim?.close();
    await pg?.stop();
  });

  test("a webhook on A reaches B's stream; B killed mid-stream, the reconnect to A misses nothing", async () => {
    const station = await enroll(a, 'store-1', 'Counter 1');
    const sdk = station.sdk(a);
    const onB = await StreamClient.open(b.url, station.token);
    assert.equal(onB.status, 200);

    // Phase 1: three sessions verified while the station listens on B.
    const first: Stripe.Identity.VerificationSession[] = [];
    for (let i = 0; i < 3; i++) first.push(await createSession(sdk, `ref-first-${i}`));
    for (const s of first) await sim.submit(s.id, 'verified');
    await onB.until(
      () => first.every((s) => onB.statusesOf(s.id).includes('verified')),
      'every first session verified on B',
    );
    assert.equal(a.webhooks.applied > 0, true, 'the webhooks went to A');
    assert.equal(b.webhooks.received, 0, 'and none to B');

    // Phase 2: B dies like a crash; changes keep coming (to A) while the station is away.
    const lastSeen = onB.lastSeq;
    await b.kill();
    await onB.until(() => onB.ended, 'the stream on B cut');
    const second: Stripe.Identity.VerificationSession[] = [];
    for (let i = 0; i < 3; i++) second.push(await createSession(sdk, `ref-second-${i}`));
    await sim.submit(second[0]!.id, 'verified');
    await sim.submit(second[1]!.id, 'document_expired');
    await sdk.identity.verificationSessions.cancel(second[2]!.id);
    const expectedFinal = new Map([
      [second[0]!.id, 'verified'],
      [second[1]!.id, 'requires_input'],
      [second[2]!.id, 'canceled'],
    ]);
    await untilSim(
      sim,
      async () => {
        const rows = await dbA.query<{ id: string; status: string }>(
          'SELECT id, status FROM sessions WHERE id = ANY($1)',
          [second.map((s) => s.id)],
        );
        return rows.length === 3 && rows.every((r) => r.status === expectedFinal.get(r.id));
      },
      'the second sessions final on the hub',
    );

    // Phase 3: reconnect to A from where B left off.
    const onA = await StreamClient.open(a.url, station.token, lastSeen);
    await onA.until(
      () => second.every((s) => onA.statusesOf(s.id).at(-1) === expectedFinal.get(s.id)),
      'the missed changes replayed on A',
    );

    // What was sent: every change of this station in the feed. What was received: B's part up to
    // the cut, then A's. Same seqs, same order, no gap, no repeat.
    const sent = await dbA.query<{ seq: number; session_id: string; status: string }>(
      "SELECT seq, session_id, payload->'session'->>'status' AS status FROM changes WHERE station_id = $1 ORDER BY seq",
      [station.id],
    );
    const received = [...onB.messages, ...onA.messages];
    assert.deepEqual(
      received.map((m) => [m.seq, m.session.id, m.session.status]),
      sent.map((r) => [Number(r.seq), r.session_id, r.status]),
    );
    // Webhooks race each other, so `created` may land after `processing` and be refused as
    // older: a station sees a session move forward only, and always ends on its final status.
    const order = ['requires_input', 'processing', 'verified'];
    for (const s of first) {
      const seen = onB.statusesOf(s.id).map((status) => order.indexOf(status));
      assert.deepEqual(seen, [...seen].sort(), 'never backwards');
      assert.equal(onB.statusesOf(s.id).at(-1), 'verified');
    }
    assert.ok(
      onA.messages.every((m) => m.seq > lastSeen),
      'nothing before Last-Event-ID was sent again',
    );
    onA.close();
  });

  test('a revoked token is refused on both instances within 1 s', async () => {
    const b2 = await startTestHub(sim, await openPostgres(pg.url));
    try {
      const station = await enroll(a, 'store-2', 'Kiosk 2', 'kiosk');
      const ping = async (hub: RunningHub) => {
        const res = await fetch(`${hub.url}/v1/identity/verification_sessions?limit=1`, {
          headers: { authorization: `Bearer ${station.token}` },
        });
        return { status: res.status, body: (await res.json()) as { error?: { code?: string } } };
      };
      // Both instances have the token cached as valid.
      assert.equal((await ping(a)).status, 200);
      assert.equal((await ping(b2)).status, 200);
      const streamOnB = await StreamClient.open(b2.url, station.token);
      const revokedAt = Date.now();
      assert.equal(await a.stations.revoke(station.id), true);
      // B learns through NOTIFY: its open stream is closed (state, not a timer).
      await streamOnB.until(() => streamOnB.ended, 'the stream on the other instance closed');
      const closedAfterMs = Date.now() - revokedAt;
      assert.ok(closedAfterMs < 1000, `closed after ${closedAfterMs} ms`);
      for (const hub of [a, b2]) {
        const r = await ping(hub);
        assert.equal(r.status, 401);
        assert.equal(r.body.error?.code, 'station_revoked');
      }
      const again = await StreamClient.open(b2.url, station.token);
      assert.equal(again.status, 401);
      again.close();
    } finally {
      await b2.close();
    }
  });

  test('one overdue poller for the fleet: only the instance holding the advisory lock asks Stripe', async () => {
    const b3 = await startTestHub(sim, await openPostgres(pg.url), { pollEveryMs: 3_600_000 });
    try {
      const station = await enroll(a, 'store-3', 'Counter 3');
      const s = await createSession(station.sdk(a), 'ref-poll');
      await dbA.query('UPDATE sessions SET checked = 0 WHERE id = $1', [s.id]);
      const before = [a.stripe.requests, b3.stripe.requests];
      await a.poller.tick();
      await b3.poller.tick();
      await dbA.query('UPDATE sessions SET checked = 0 WHERE id = $1', [s.id]);
      await b3.poller.tick();
      await a.poller.tick();
      const asked = [a.stripe.requests - before[0]!, b3.stripe.requests - before[1]!];
      // Whichever took the lock first keeps it and retrieved the overdue session; the other asked nothing.
      assert.equal(asked.filter((n) => n > 0).length, 1, `requests to Stripe per instance: ${asked}`);
      const [row] = await dbA.query<{ checked: number }>('SELECT checked FROM sessions WHERE id = $1', [
        s.id,
      ]);
      assert.ok(Number(row?.checked) > 0, 'the overdue session was looked at');
    } finally {
      await b3.close();
    }
  });
});
