/**
 * Isolation, on PGlite and PostgreSQL: station B's token cannot read, list, cancel, redact or
 * stream station A's session — every endpoint answers exactly as for a session that does not
 * exist — and the Stripe-compatible subset works for the owner (idempotent replay included).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  StreamClient,
  backends,
  connectWebhooks,
  createSession,
  enroll,
  startStripe,
  startTestHub,
} from '../support/hub.ts';

const skip = postgresUnavailable();
let pg: PostgresCluster | null = null;
before(async () => {
  if (!skip) pg = await startPostgres();
});
after(async () => {
  await pg?.stop();
});

const BASE = '/v1/identity/verification_sessions';

for (const backend of backends(() => pg?.url ?? null)) {
  describe(
    `isolation (${backend.name})`,
    { skip: backend.name === 'PostgreSQL' ? (skip ?? false) : false },
    () => {
      let sim: RunningSimulator;
      let hub: RunningHub;

      before(async () => {
        sim = await startStripe();
        hub = await startTestHub(sim, await backend.open());
        await connectWebhooks(sim, hub);
      });
      after(async () => {
        await hub.close();
        await sim.close();
      });

      test("station B cannot read, list, cancel, redact or stream station A's session", async () => {
        const stationA = await enroll(hub, 'store-A', 'Counter A');
        const stationB = await enroll(hub, 'store-B', 'Counter B');
        const sdkA = stationA.sdk(hub);
        const mine = await createSession(sdkA, 'ref-iso-1');
        assert.equal(mine.metadata.countersign_station, stationA.id);
        assert.equal(mine.metadata.countersign_store, 'store-A');
        const streamB = await StreamClient.open(hub.url, stationB.token);

        const call = async (token: string, method: string, path: string) => {
          const res = await fetch(`${hub.url}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: method === 'POST' ? '' : undefined,
          });
          return { status: res.status, text: await res.text() };
        };
        // A session id Stripe never issued, of the same length: the hub must answer the same way.
        const ghost = `vs_${'Z'.repeat(mine.id.length - 3)}`;
        const same = (text: string, id: string) => text.replaceAll(id, '<id>');
        for (const [method, suffix] of [
          ['GET', ''],
          ['GET', '?expand[]=verified_outputs'],
          ['POST', '/cancel'],
          ['POST', '/redact'],
        ] as const) {
          const theirs = await call(stationB.token, method, `${BASE}/${mine.id}${suffix}`);
          const none = await call(stationB.token, method, `${BASE}/${ghost}${suffix}`);
          assert.equal(theirs.status, 404, `${method} ${suffix || 'retrieve'}`);
          assert.equal(
            same(theirs.text, mine.id),
            same(none.text, ghost),
            'indistinguishable from a missing session',
          );
          assert.equal(
            (JSON.parse(theirs.text) as { error: { code: string } }).error.code,
            'resource_missing',
          );
        }
        const listed = await call(stationB.token, 'GET', `${BASE}?client_reference_id=ref-iso-1&limit=10`);
        assert.equal(listed.status, 200);
        assert.deepEqual((JSON.parse(listed.text) as { data: unknown[] }).data, []);

        // The owner can do all of it, and the changes reach A's stream only.
        const streamA = await StreamClient.open(hub.url, stationA.token);
        const got = await sdkA.identity.verificationSessions.retrieve(mine.id);
        assert.equal(got.id, mine.id);
        assert.ok(got.url, 'a fresh url for the owner');
        const list = await sdkA.identity.verificationSessions.list({
          client_reference_id: 'ref-iso-1',
          limit: 1,
        });
        assert.deepEqual(
          list.data.map((s) => s.id),
          [mine.id],
        );
        const canceled = await sdkA.identity.verificationSessions.cancel(mine.id);
        assert.equal(canceled.status, 'canceled');
        await streamA.until(() => streamA.statusesOf(mine.id).includes('canceled'), 'the cancel on A');
        // Stripe's own refusals pass through as Stripe sent them (a canceled session cannot be redacted).
        await assert.rejects(sdkA.identity.verificationSessions.redact(mine.id), {
          type: 'StripeInvalidRequestError',
          statusCode: 400,
        });
        const other = await createSession(sdkA, 'ref-iso-2');
        const redacted = await sdkA.identity.verificationSessions.redact(other.id);
        assert.equal(redacted.id, other.id);
        // B's stream got nothing of A's (it did get the connect comment, so it was open).
        assert.equal(streamB.status, 200);
        assert.ok(!streamB.ended);
        assert.deepEqual(streamB.messages, []);
        streamA.close();
        streamB.close();
      });

      test('the Idempotency-Key passes through per station: a replay says so, other stations do not collide', async () => {
        const a = await enroll(hub, 'store-C', 'Counter C1');
        const b = await enroll(hub, 'store-C', 'Counter C2');
        const first = await createSession(a.sdk(hub), 'ref-idem');
        const replay = await createSession(a.sdk(hub), 'ref-idem');
        assert.equal(replay.id, first.id);
        assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
        const other = await createSession(b.sdk(hub), 'ref-idem');
        assert.notEqual(other.id, first.id, "B's same key is B's own");
        assert.equal(sim.sessions().filter((s) => s.client_reference_id === 'ref-idem').length, 2);
      });

      test('the same Idempotency-Key while the first request is in progress: 409 idempotency_error', async () => {
        const station = await enroll(hub, 'store-F', 'Counter F');
        const sdk = station.sdk(hub);
        sim.setFaults({ latencyMs: 300, latencyRate: 1 });
        try {
          const first = createSession(sdk, 'ref-inflight');
          // The second is sent once the hub holds the first (it waits on the simulator's latency).
          const second = createSession(sdk, 'ref-inflight');
          // Whichever reaches the hub first wins (on a busy machine the second may): one is made,
          // the other refused while it is in progress.
          const settled = await Promise.allSettled([first, second]);
          assert.deepEqual(settled.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
          const refused = settled.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          // As from Stripe: 409, type idempotency_error (the SDK reads it as a retryable API error).
          const error = refused.reason as { statusCode?: number; rawType?: string };
          assert.equal(error.statusCode, 409);
          assert.equal(error.rawType, 'idempotency_error');
        } finally {
          sim.setFaults({ latencyMs: 0 });
        }
        const replay = await createSession(sdk, 'ref-inflight');
        assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true', 'once done, a replay');
      });

      test('store sharing: off by default, on when the admin allows it', async () => {
        const a = await enroll(hub, 'store-D', 'Counter D1');
        const b = await enroll(hub, 'store-D', 'Counter D2');
        const s = await createSession(a.sdk(hub), 'ref-share');
        await assert.rejects(b.sdk(hub).identity.verificationSessions.retrieve(s.id), { statusCode: 404 });
        await hub.stations.setShareStore(b.id, true);
        const seen = await b.sdk(hub).identity.verificationSessions.retrieve(s.id);
        assert.equal(seen.id, s.id);
      });

      test('live within one store: sharing off, a neighbour streams nothing of it; sharing on, it streams live', async () => {
        const a = await enroll(hub, 'store-G', 'Counter G1');
        const b = await enroll(hub, 'store-G', 'Counter G2');
        const streamA = await StreamClient.open(hub.url, a.token);
        let streamB = await StreamClient.open(hub.url, b.token);
        const verify = async (station: typeof a, ref: string, stream: StreamClient) => {
          const s = await createSession(station.sdk(hub), ref);
          await sim.submit(s.id, 'verified');
          await stream.until(() => stream.statusesOf(s.id).includes('verified'), `${ref} verified`);
          return s.id;
        };
        // Off: A's changes are fanned out while B listens on the same instance and store. B's own
        // change comes after them in the feed, so any of A's would have reached B first.
        const ofA = await verify(a, 'ref-live-a1', streamA);
        const ofB = await verify(b, 'ref-live-b1', streamB);
        assert.deepEqual(
          [...new Set(streamB.messages.map((m) => m.session.id))],
          [ofB],
          "B streamed nothing of A's",
        );
        assert.ok(!streamA.messages.some((m) => m.session.id === ofB), "nor A of B's");
        assert.ok(streamA.statusesOf(ofA).length > 0);

        // On: B's stream ends (its rights changed) and reconnects; A's next changes reach it live
        // (the second one certainly after B's replay, which ended before the first arrived).
        await hub.stations.setShareStore(b.id, true);
        await streamB.until(() => streamB.ended, "B's stream ended when its rights changed");
        streamB = await StreamClient.open(hub.url, b.token, streamB.lastSeq);
        const first = await verify(a, 'ref-live-a2', streamB);
        const second = await verify(a, 'ref-live-a3', streamB);
        assert.ok(streamB.statusesOf(first).includes('verified'));
        assert.ok(streamB.statusesOf(second).includes('verified'));
        assert.ok(!streamB.messages.some((m) => m.session.id === ofA), 'nothing from before its cursor');
        await hub.stations.setShareStore(b.id, false);
        streamA.close();
        streamB.close();
      });

      test('unknown tokens and a flooding station are refused, Stripe-shaped', async () => {
        const res = await fetch(`${hub.url}${BASE}?limit=1`, {
          headers: { authorization: 'Bearer cs_station_nope' },
        });
        assert.equal(res.status, 401);
        assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_station_token');
        const station = await enroll(hub, 'store-E', 'Counter E');
        // One burst, all at once (the bucket holds 30 and refills 10 a second): sent one after
        // another on a busy machine, the refill could keep up.
        const statuses = await Promise.all(
          Array.from({ length: 60 }, async () => {
            const r = await fetch(`${hub.url}${BASE}?limit=1`, {
              headers: { authorization: `Bearer ${station.token}` },
            });
            await r.arrayBuffer();
            return r.status;
          }),
        );
        assert.ok(statuses.includes(429), 'the per-station bucket refuses a burst past its size');
        assert.ok(statuses.filter((x) => x === 200).length >= 30, 'the burst it holds is answered');
      });
    },
  );
}
