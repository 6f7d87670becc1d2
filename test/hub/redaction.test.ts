/**
 * Retention that runs itself (issue 18, item 4): "redact at Stripe N days after a session ends",
 * from the station policy (the fleet's 30 days, a stricter store's 10), carried out by the hub's
 * job in small batches against the simulator, with the hub's clock moved by hand. Each due
 * session is redacted exactly once (one request at Stripe, one row in the log); a round cut off
 * from Stripe leaves its claims pending and the next hub — restarted on the same database —
 * finishes them; a session not due, or one Stripe cannot redact (canceled), is left alone. The
 * fleet page's one-session request goes through the same claim. PGlite.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Stripe from 'stripe';
import { openPglite as openPgliteFrom, type Db } from '../../hub/src/db.ts';
import type { RedactionsAnswer } from '../../hub/src/fleet-policy-api.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { eventually } from '../support/backend.ts';
import {
  connectWebhooks,
  createSession,
  enroll,
  openPglite,
  sdkFor,
  startStripe,
  startTestHub,
  type Enrolled,
} from '../support/hub.ts';
import { adminClient } from '../support/fleet-admin.ts';

const DAY = 24 * 3600_000;
const REDACT = 'POST /v1/identity/verification_sessions/:id/redact';

describe('hub: redaction at Stripe by the retention policy', () => {
  let sim: RunningSimulator;
  let hub: RunningHub;
  let db: Db;
  let stripe: Stripe;
  let now = Date.UTC(2026, 10, 1, 9, 0, 0);
  const ginza: string[] = [];
  const shibuya: string[] = [];
  let canceled = '';

  const start = async (on: Db) => {
    const h = await startTestHub(sim, on, {
      now: () => now,
      secureCookies: false,
      redaction: { batch: 3, ratePerSecond: 1, everyMs: 3_600_000 },
    });
    await connectWebhooks(sim, h);
    return h;
  };
  const redactRequests = () => sim.stats().byRoute[REDACT] ?? 0;
  const logRows = () =>
    db.query<{ session_id: string; result: string; reason: string }>(
      'SELECT session_id, result, reason FROM redactions ORDER BY session_id',
    );
  const redactedAtStripe = async (id: string) =>
    (await stripe.identity.verificationSessions.retrieve(id)).redaction !== null;

  before(async () => {
    sim = await startStripe();
    stripe = sdkFor(sim.url, sim.secretKey);
    db = await openPglite();
    hub = await start(db);
    const make = async (station: Enrolled, list: string[], n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        const s = await createSession(station.sdk(hub), `${tag}-${i}`);
        await sim.submit(s.id, 'verified');
        list.push(s.id);
      }
    };
    const g = await enroll(hub, 'Ginza', 'Till 1');
    const s = await enroll(hub, 'Shibuya', 'Till 1');
    await make(g, ginza, 5, 'ginza');
    await make(s, shibuya, 2, 'shibuya');
    canceled = (await createSession(g.sdk(hub), 'ginza-canceled')).id;
    await g.sdk(hub).identity.verificationSessions.cancel(canceled);
    // Every session's end has reached the hub (its webhooks applied).
    await eventually(async () => {
      const rows = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sessions WHERE status IN ('verified', 'canceled')",
      );
      return rows[0]?.n === 8 ? true : undefined;
    }, 15_000);
  });
  after(async () => {
    await hub?.close();
    await sim?.close();
  });

  test('off by default: nothing is redacted, and nothing asked of Stripe', async () => {
    now += 400 * DAY;
    assert.deepEqual(await hub.redactions.run(), { redacted: 0, refused: 0, deferred: 0 });
    assert.equal(redactRequests(), 0);
    now -= 400 * DAY;
  });

  test('a stricter store goes first, in batches; a round cut off from Stripe is finished after a restart, once', async () => {
    await hub.policies.save('fleet', '', { redactAfterDays: 30 }, { by: 'admin' });
    await hub.policies.save('store', 'Ginza', { redactAfterDays: 10 }, { by: 'admin' });
    now += 9 * DAY;
    assert.deepEqual(await hub.redactions.run(), { redacted: 0, refused: 0, deferred: 0 }, 'not yet due');

    now += 2 * DAY; // 11 days after they ended: Ginza's 5 verified sessions are due
    assert.deepEqual(await hub.redactions.run(), { redacted: 3, refused: 0, deferred: 0 }, 'a batch of 3');
    assert.equal(redactRequests(), 3);

    // Stripe cannot be reached: the next batch is claimed and left pending.
    now += 60_000;
    sim.setFaults({ offline: true });
    const cut = await hub.redactions.run();
    sim.setFaults({ offline: false });
    assert.deepEqual(cut, { redacted: 0, refused: 0, deferred: 2 });
    assert.deepEqual((await logRows()).map((r) => r.result).sort(), [
      'pending',
      'pending',
      'redacted',
      'redacted',
      'redacted',
    ]);

    // The hub restarts on the same database (its state dumped and loaded, as on disk).
    const dump = await db.dump!();
    await hub.close();
    db = await openPgliteFrom(undefined, dump);
    hub = await start(db);
    now += 60_000;
    assert.deepEqual(await hub.redactions.run(), { redacted: 2, refused: 0, deferred: 0 }, 'resumed');
    assert.equal(redactRequests(), 5, 'one request per session');
    for (const id of ginza) assert.ok(await redactedAtStripe(id), `${id} is redacted at Stripe`);
    for (const id of shibuya)
      assert.equal(await redactedAtStripe(id), false, 'the fleet’s 30 days are not over');
    assert.equal(await redactedAtStripe(canceled), false);

    now += 60_000;
    assert.deepEqual(await hub.redactions.run(), { redacted: 0, refused: 0, deferred: 0 });
    assert.equal(redactRequests(), 5, 'nothing twice');
  });

  test('past the fleet’s 30 days the other store’s sessions follow; the log says what and why', async () => {
    now += 20 * DAY;
    assert.deepEqual(await hub.redactions.run(), { redacted: 2, refused: 0, deferred: 0 });
    assert.equal(redactRequests(), 7);
    for (const id of shibuya) assert.ok(await redactedAtStripe(id));
    assert.equal(await redactedAtStripe(canceled), false, 'Stripe does not redact a canceled session');
    const rows = await logRows();
    assert.equal(rows.length, 7);
    assert.deepEqual(
      rows.map((r) => r.session_id),
      [...ginza, ...shibuya].sort(),
      'one row per session',
    );
    assert.ok(rows.every((r) => r.result === 'redacted' && r.reason === 'policy'));
  });

  test('the fleet page: the log, and one session redacted on request (once), a canceled one refused', async () => {
    const admin = await adminClient(hub.url);
    const log = (await (await admin.get('/fleet/api/redactions')).json()) as RedactionsAnswer;
    assert.equal(log.redactions.length, 7);
    assert.ok(log.redactions.every((r) => r.endedAt !== null && r.redactedAt !== null));

    const g = await enroll(hub, 'Ginza', 'Till 9');
    const fresh = await createSession(g.sdk(hub), 'deletion-request');
    await sim.submit(fresh.id, 'verified');
    await eventually(async () => {
      const [row] = await db.query<{ status: string }>('SELECT status FROM sessions WHERE id = $1', [
        fresh.id,
      ]);
      return row?.status === 'verified' ? true : undefined;
    }, 10_000);
    assert.equal((await admin.post(`/fleet/api/sessions/${fresh.id}/redact`, {}, false)).status, 403, 'CSRF');
    const first = await admin.post(`/fleet/api/sessions/${fresh.id}/redact`, {});
    assert.equal(first.status, 200);
    const row = ((await first.json()) as { redaction: { reason: string; result: string } }).redaction;
    assert.deepEqual([row.reason, row.result], ['request', 'redacted']);
    assert.ok(await redactedAtStripe(fresh.id));
    const again = await admin.post(`/fleet/api/sessions/${fresh.id}/redact`, {});
    assert.equal(again.status, 200);
    assert.equal(redactRequests(), 8, 'asked twice, redacted once');

    const refused = await admin.post(`/fleet/api/sessions/${canceled}/redact`, {});
    assert.equal(refused.status, 409);
    assert.equal(
      ((await refused.json()) as { error: { code: string } }).error.code,
      'session_not_redactable',
    );
    assert.equal((await admin.post('/fleet/api/sessions/vs_unknown/redact', {})).status, 404);
  });
});
