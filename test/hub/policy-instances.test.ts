/**
 * The station policy and the redaction job on two hub instances sharing one PostgreSQL (issue
 * 18): a policy saved through instance A reaches a station streaming from instance B at once
 * (NOTIFY hub_policy), and a station connecting to B later starts with it; the redaction job
 * runs on one instance only (the leader), so each due session is redacted once at Stripe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningHub } from '../../hub/src/server.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { eventually } from '../support/backend.ts';
import { postgresUnavailable, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import {
  StreamClient,
  connectWebhooks,
  createSession,
  enroll,
  openPostgres,
  startStripe,
  startTestHub,
} from '../support/hub.ts';

const skip = postgresUnavailable();
const DAY = 24 * 3600_000;

describe('the station policy on two hub instances', { skip: skip ?? false }, () => {
  let pg: PostgresCluster;
  let sim: RunningSimulator;
  let a: RunningHub;
  let b: RunningHub;
  let now = Date.UTC(2026, 10, 2, 9, 0, 0);

  before(async () => {
    pg = await startPostgres();
    sim = await startStripe();
    const options = { now: () => now, redaction: { batch: 10, everyMs: 3_600_000 } };
    a = await startTestHub(sim, await openPostgres(pg.url), options);
    b = await startTestHub(sim, await openPostgres(pg.url), options);
    b.setWebhookSecret(await connectWebhooks(sim, a));
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await sim?.close();
    await pg?.stop();
  });

  test('a policy saved on A reaches a stream on B at once, and a new stream on B starts with it', async () => {
    const station = await enroll(a, 'Ginza', 'Till 1');
    const onB = await StreamClient.open(b.url, station.token);
    try {
      await a.policies.save('store', 'Ginza', { maxAttempts: 6 }, { by: 'admin' });
      await onB.until(() => onB.policies.length === 1, 'the policy on B');
      assert.equal(onB.policies[0]!.policy.maxAttempts, 6);
      assert.equal(onB.policies[0]!.sources.maxAttempts, 'store');
    } finally {
      onB.close();
    }
    const again = await StreamClient.open(b.url, station.token);
    try {
      await again.until(() => again.policies.length === 1, 'the policy on connect');
      assert.equal(again.policies[0]!.policy.maxAttempts, 6);
    } finally {
      again.close();
    }
  });

  test('the redaction job runs on the leader only: each due session once', async () => {
    const station = await enroll(a, 'Shibuya', 'Till 1');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await createSession(station.sdk(a), `two-${i}`);
      await sim.submit(s.id, 'verified');
      ids.push(s.id);
    }
    await eventually(async () => {
      const rows = await a.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sessions WHERE store = 'Shibuya' AND status = 'verified'",
      );
      return rows[0]?.n === 4 ? true : undefined;
    }, 15_000);
    await b.policies.save('fleet', '', { redactAfterDays: 1 }, { by: 'admin' });
    now += 2 * DAY;
    const [ra, rb] = await Promise.all([a.redactions.run(), b.redactions.run()]);
    const rounds = [ra, rb].filter((r) => r !== null);
    assert.equal(rounds.length, 1, 'one leader');
    assert.equal(rounds[0]!.redacted, 4);
    const [ra2, rb2] = await Promise.all([a.redactions.run(), b.redactions.run()]);
    assert.equal((ra2?.redacted ?? 0) + (rb2?.redacted ?? 0), 0);
    assert.equal(sim.stats().byRoute['POST /v1/identity/verification_sessions/:id/redact'], 4);
    const rows = await b.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM redactions WHERE result = 'redacted'",
    );
    assert.equal(rows[0]?.n, 4);
  });
});
