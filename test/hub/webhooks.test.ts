/**
 * Webhooks in, on PGlite and on a real PostgreSQL: signed payloads crafted with the SDK's
 * `generateTestHeaderString` (duplicates, reordering, bad signatures), the simulator's own
 * deliveries with duplicate and reorder faults, and the overdue poller for a lost webhook.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Stripe from 'stripe';
import type { Db } from '../../hub/src/db.ts';
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
  untilSim,
} from '../support/hub.ts';

const skip = postgresUnavailable();
let pg: PostgresCluster | null = null;
before(async () => {
  if (!skip) pg = await startPostgres();
});
after(async () => {
  await pg?.stop();
});

const SECRET = 'whsec_test_crafted_secret';
const signer = new Stripe('sk_test_unused', { telemetry: false });

function event(id: string, type: string, created: number, session: Record<string, unknown>) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: { object: 'identity.verification_session', livemode: false, type: 'document', ...session },
    },
  };
}

async function deliver(hub: RunningHub, body: string, header?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (header !== undefined) headers['stripe-signature'] = header;
  const res = await fetch(`${hub.url}/stripe/webhook`, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

const sign = (payload: string, secret = SECRET, timestamp?: number) =>
  signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });

for (const backend of backends(() => pg?.url ?? null)) {
  describe(
    `webhooks in (${backend.name})`,
    { skip: backend.name === 'PostgreSQL' ? (skip ?? false) : false },
    () => {
      let sim: RunningSimulator;
      let hub: RunningHub;
      let db: Db;
      /** The simulator's endpoint secret for this hub (set by the second test). */
      let simSecret = SECRET;

      before(async () => {
        sim = await startStripe();
        db = await backend.open();
        // Reset between backends' runs on one cluster: each describe starts from an empty schema.
        await db.query('DROP SCHEMA public CASCADE').catch(() => {});
        await db.query('CREATE SCHEMA IF NOT EXISTS public');
        hub = await startTestHub(sim, db, { webhookSecret: SECRET, pollEveryMs: 3_600_000 });
      });
      after(async () => {
        await hub.close();
        await sim.close();
      });

      test('duplicates, reordering and bad signatures: final statuses right, 0 duplicates stored, every bad signature refused', async () => {
        const station = await enroll(hub, 'store-1', 'Counter 1');
        const stream = await StreamClient.open(hub.url, station.token);
        const meta = { countersign_station: station.id, countersign_store: station.store };
        const t = Math.floor(Date.now() / 1000);
        const base = (status: string, last_error: unknown = null) => ({
          status,
          last_error,
          client_reference_id: 'ref-a',
          created: t,
          metadata: meta,
        });
        const sessionId = 'vs_craftedA1';
        const events = [
          event('evt_1', 'identity.verification_session.created', t, {
            id: sessionId,
            ...base('requires_input'),
          }),
          event('evt_2', 'identity.verification_session.processing', t + 5, {
            id: sessionId,
            ...base('processing'),
          }),
          event('evt_3', 'identity.verification_session.requires_input', t + 9, {
            id: sessionId,
            ...base('requires_input', { code: 'document_expired', reason: 'The document is expired.' }),
          }),
          event('evt_4', 'identity.verification_session.processing', t + 20, {
            id: sessionId,
            ...base('processing'),
          }),
          event('evt_5', 'identity.verification_session.verified', t + 30, {
            id: sessionId,
            ...base('verified'),
          }),
        ];
        const bodies = events.map((e) => JSON.stringify(e));
        // Newest first, then each again (duplicates), then an old one last.
        const order = [4, 0, 4, 2, 1, 3, 0, 1, 2, 3, 4];
        for (const i of order) assert.equal(await deliver(hub, bodies[i]!, sign(bodies[i]!)), 200);

        // Bad signatures: wrong secret, tampered body, too old, no header, garbage header.
        const forged = JSON.stringify(
          event('evt_forged', 'identity.verification_session.canceled', t + 60, {
            id: sessionId,
            ...base('canceled'),
          }),
        );
        const bad = [
          [forged, sign(forged, 'whsec_wrong')],
          [forged.replace('canceled', 'verified'), sign(forged)],
          [forged, sign(forged, SECRET, t - 3600)],
          [forged, undefined],
          [forged, 't=1,v1=abc'],
        ] as const;
        for (const [body, header] of bad) assert.equal(await deliver(hub, body, header), 400);

        const stored = await db.query<{ id: string }>('SELECT id FROM webhook_events ORDER BY id');
        assert.deepEqual(
          stored.map((r) => r.id),
          ['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5'],
          'each event stored once; nothing of a bad signature',
        );
        const [session] = await db.query<{ status: string; station_id: string }>(
          'SELECT status, station_id FROM sessions WHERE id = $1',
          [sessionId],
        );
        assert.equal(session?.status, 'verified', 'an older event never overwrote the newer status');
        assert.equal(session?.station_id, station.id);
        // The newest came first: every later (older) delivery was refused, so one change only.
        await stream.until(() => stream.messages.length >= 1, 'the verified change');
        assert.deepEqual(stream.statusesOf(sessionId), ['verified']);
        assert.equal(hub.webhooks.refused, bad.length);
        assert.equal(hub.webhooks.duplicates, order.length - new Set(order).size);
        stream.close();
      });

      test(
        "a session that closes while its station's stream opens is still told to it",
        { skip: backend.name === 'PGlite' ? 'one connection: no lock can hold the greeting' : false },
        async () => {
          // The stream's greeting (its store's staff roster) waits on a lock the test holds while
          // a session is created and verified; the replay after it finds the session closed. Its
          // changes, fanned out while the greeting waited, must still reach the station.
          const station = await enroll(hub, 'store-9', 'Counter 9');
          const meta = { countersign_station: station.id, countersign_store: station.store };
          const t = Math.floor(Date.now() / 1000);
          const sessionId = 'vs_closedWhileOpening';
          const base = (status: string) => ({ status, last_error: null, created: t, metadata: meta });
          let stream: StreamClient | null = null;
          await db.transaction(async (tx) => {
            await tx.query('LOCK TABLE staff_member_versions IN ACCESS EXCLUSIVE MODE');
            stream = await StreamClient.open(hub.url, station.token);
            for (const e of [
              event('evt_open_1', 'identity.verification_session.created', t, {
                id: sessionId,
                ...base('requires_input'),
              }),
              event('evt_open_2', 'identity.verification_session.verified', t + 30, {
                id: sessionId,
                ...base('verified'),
              }),
            ]) {
              const body = JSON.stringify(e);
              assert.equal(await deliver(hub, body, sign(body)), 200);
            }
            const [row] = await db.query<{ status: string }>('SELECT status FROM sessions WHERE id = $1', [
              sessionId,
            ]);
            assert.equal(row?.status, 'verified', 'closed before the stream read anything');
          });
          const s = stream as StreamClient | null;
          assert.ok(s);
          await s.until(() => s.statusesOf(sessionId).includes('verified'), 'the verified change');
          s.close();
        },
      );

      test("the simulator's duplicated and reordered deliveries: every session ends right, no duplicate rows", async () => {
        const secret = await connectWebhooks(sim, hub);
        assert.ok(secret.startsWith('whsec_'));
        simSecret = secret;
        const station = await enroll(hub, 'store-2', 'Kiosk 1', 'kiosk');
        const sdk = station.sdk(hub);
        sim.setWebhookFaults({ duplicates: 2, reorderWindow: 3 });
        const outcomes = ['verified', 'verified', 'document_expired', 'verified'] as const;
        const sessions = [];
        for (const [i, outcome] of outcomes.entries()) {
          const s = await createSession(sdk, `ref-sim-${i}`);
          sessions.push({ id: s.id, outcome });
        }
        const cancelMe = await createSession(sdk, 'ref-sim-cancel');
        for (const s of sessions) await sim.submit(s.id, s.outcome);
        await sdk.identity.verificationSessions.cancel(cancelMe.id);
        const expected = new Map<string, string>([
          ...sessions.map(
            (s) => [s.id, s.outcome === 'verified' ? 'verified' : 'requires_input'] as [string, string],
          ),
          [cancelMe.id, 'canceled'],
        ]);
        const settled = async () => {
          sim.flushWebhooks();
          const rows = await db.query<{ id: string; status: string }>(
            'SELECT id, status FROM sessions WHERE station_id = $1',
            [station.id],
          );
          const simStatus = new Map(sim.sessions().map((s) => [s.id, s.status]));
          return (
            rows.length === expected.size &&
            rows.every((r) => r.status === expected.get(r.id) && simStatus.get(r.id) === r.status)
          );
        };
        await untilSim(sim, settled, 'every session at its final status on the hub');
        assert.ok(hub.webhooks.duplicates > 0, 'the simulator did deliver duplicates');
        // Changes applied per event: each event (each delivered twice or more) changed a session
        // at most once, and every change a webhook made is named by its event.
        const perEvent = await db.query<{ event_id: string; n: number }>(
          `SELECT event_id, count(*)::int AS n FROM changes
            WHERE station_id = $1 AND event_id IS NOT NULL GROUP BY event_id`,
          [station.id],
        );
        assert.ok(perEvent.length > 0);
        assert.deepEqual(
          perEvent.filter((r) => r.n !== 1),
          [],
          'no event applied twice',
        );
        const [{ n: unnamed } = { n: -1 }] = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM changes WHERE station_id = $1 AND event_id IS NULL',
          [station.id],
        );
        assert.equal(unnamed, 0, 'every change of these sessions came from one webhook event');
        sim.setWebhookFaults({ duplicates: 0, reorderWindow: 0 });
      });

      test('a lost webhook: the overdue poller retrieves the session and the station hears of it', async () => {
        const station = await enroll(hub, 'store-3', 'Counter 9');
        const sdk = station.sdk(hub);
        const s = await createSession(sdk, 'ref-lost');
        const stream = await StreamClient.open(hub.url, station.token);
        // Webhooks now go nowhere the hub can read: the hub refuses them (wrong secret).
        hub.setWebhookSecret('whsec_rotated_elsewhere');
        await sim.submit(s.id, 'verified');
        await untilSim(
          sim,
          () => sim.sessions().find((x) => x.id === s.id)?.status === 'verified',
          'verified at Stripe',
        );
        const before = hub.stripe.requests;
        // Overdue at once (overdueMs 0 in this call's terms): one round, one retrieve per open session.
        await db.query('UPDATE sessions SET checked = 0 WHERE id = $1', [s.id]);
        const polled = await hub.poller.tick();
        assert.ok(polled >= 1);
        assert.ok(hub.stripe.requests > before);
        await stream.until(() => stream.statusesOf(s.id).includes('verified'), 'the polled verified status');
        const [row] = await db.query<{ status: string }>('SELECT status FROM sessions WHERE id = $1', [s.id]);
        assert.equal(row?.status, 'verified');
        // The lost webhook arrives late after all (delayed past the poller): it is older than or as
        // old as what the poller applied, so it changes nothing and the station hears nothing twice.
        hub.setWebhookSecret(simSecret);
        const late = JSON.stringify(
          event(
            'evt_late_verified',
            'identity.verification_session.verified',
            Math.floor(Date.now() / 1000) - 5,
            {
              id: s.id,
              status: 'verified',
              last_error: null,
              client_reference_id: 'ref-lost',
              created: Math.floor(Date.now() / 1000) - 10,
              metadata: { countersign_station: station.id, countersign_store: station.store },
            },
          ),
        );
        const seen = stream.messages.length;
        assert.equal(await deliver(hub, late, sign(late, simSecret)), 200);
        const [{ n: lateChanges } = { n: -1 }] = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM changes WHERE event_id = 'evt_late_verified'",
        );
        assert.equal(lateChanges, 0, 'the late event applied nothing');
        // A later change of another of the station's sessions comes after it on the stream, so the
        // late event would have come first had it been sent.
        const marker = await createSession(sdk, 'ref-after-late');
        await sdk.identity.verificationSessions.cancel(marker.id);
        await stream.until(() => stream.statusesOf(marker.id).includes('canceled'), 'the marker');
        assert.deepEqual(
          stream.messages
            .slice(seen)
            .map((m) => m.session.id)
            .filter((id) => id === s.id),
          [],
          'nothing more of the repaired session',
        );
        // Nothing is overdue any more (final sessions are never polled): the next round asks Stripe nothing.
        const after = hub.stripe.requests;
        await db.query("UPDATE sessions SET checked = 0 WHERE status IN ('verified', 'canceled')");
        await hub.poller.tick();
        assert.equal(hub.stripe.requests, after);
        stream.close();
      });
    },
  );
}
