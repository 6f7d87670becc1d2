/**
 * Fault injection and request accounting, seen from the SDK: injected failures are answered
 * before anything runs, so a retry with the same Idempotency-Key never creates a second session.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Stripe from 'stripe';
import { finish, manualClock, startChecked } from '../support/simulator.ts';

describe('simulator: faults and stats', async () => {
  const lines: string[] = [];
  const { sim, client } = await startChecked({ log: (line) => lines.push(line) });
  const { stripe } = client;
  finish(sim, client);

  const countRef = (ref: string) => sim.sessions().filter((s) => s.client_reference_id === ref).length;

  test('offline: the SDK sees a connection error, hosted pages too; back online it works', async () => {
    const open = await stripe.identity.verificationSessions.create({ type: 'document' });
    sim.setFaults({ offline: true });
    try {
      await assert.rejects(
        () => stripe.identity.verificationSessions.list(),
        (error: Stripe.errors.StripeError) => error.type === 'StripeConnectionError',
      );
      await assert.rejects(() => fetch(open.url!));
    } finally {
      sim.setFaults({ offline: false });
    }
    const list = await stripe.identity.verificationSessions.list({ limit: 1 });
    assert.equal(list.object, 'list');
  });

  test('429 and 500 are answered without executing; the same idempotency key then creates once', async () => {
    for (const fault of [{ rateLimitRate: 1 }, { serverErrorRate: 1 }, { resetRate: 1 }] as const) {
      const ref = `fault-${Object.keys(fault)[0]}`;
      const key = `${ref}-key`;
      sim.setFaults(fault);
      try {
        await assert.rejects(
          () =>
            stripe.identity.verificationSessions.create(
              { type: 'document', client_reference_id: ref },
              { idempotencyKey: key },
            ),
          (error: Stripe.errors.StripeError) => {
            if ('rateLimitRate' in fault) {
              assert.equal(error.type, 'StripeRateLimitError');
              assert.equal(error.statusCode, 429);
              assert.equal(error.code, 'rate_limit');
            } else if ('serverErrorRate' in fault) {
              assert.equal(error.type, 'StripeAPIError');
              assert.equal(error.statusCode, 500);
            } else {
              assert.equal(error.type, 'StripeConnectionError');
            }
            return true;
          },
        );
      } finally {
        sim.setFaults({ rateLimitRate: 0, serverErrorRate: 0, resetRate: 0 });
      }
      assert.equal(countRef(ref), 0, `${ref}: nothing was created`);
      const a = await stripe.identity.verificationSessions.create(
        { type: 'document', client_reference_id: ref },
        { idempotencyKey: key },
      );
      const b = await stripe.identity.verificationSessions.create(
        { type: 'document', client_reference_id: ref },
        { idempotencyKey: key },
      );
      assert.equal(a.id, b.id);
      assert.equal(countRef(ref), 1, `${ref}: exactly one session after the retries`);
    }
  });

  // The bucket refills on the simulator's clock: a manual one makes the counts exact.
  const bucketClock = manualClock();
  const timed = await startChecked({ now: bucketClock.now });
  finish(timed.sim, timed.client);

  test('rateLimitPerSecond: a token bucket answers 429 beyond N requests per second', async () => {
    const burst = async (n: number) => {
      const results = await Promise.allSettled(
        Array.from({ length: n }, () => timed.client.stripe.identity.verificationSessions.list({ limit: 1 })),
      );
      const limited = results.filter(
        (r) => r.status === 'rejected' && (r.reason as Stripe.errors.StripeError).statusCode === 429,
      ).length;
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      assert.equal(ok + limited, n, 'every request is answered or limited');
      return ok;
    };
    timed.sim.setFaults({ rateLimitPerSecond: 5 });
    try {
      assert.equal(await burst(12), 5, 'a full bucket lets 5 through');
      assert.equal(await burst(3), 0, 'and no more while time stands still');
      bucketClock.advance(400);
      assert.equal(await burst(3), 2, 'it refills at 5 per second: 2 tokens after 400 ms');
      bucketClock.advance(60_000);
      assert.equal(await burst(8), 5, 'never above its capacity');
    } finally {
      timed.sim.setFaults({ rateLimitPerSecond: 0 });
    }
    assert.equal(await burst(12), 12, 'no limit once it is turned off');
  });

  test('latency is added to the chosen share of requests', async () => {
    sim.setFaults({ latencyMs: 120, latencyRate: 1 });
    try {
      const started = Date.now();
      await stripe.identity.verificationSessions.list({ limit: 1 });
      assert.ok(Date.now() - started >= 110);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
    assert.deepEqual(sim.faults(), {
      serverErrorRate: 0,
      rateLimitRate: 0,
      resetRate: 0,
      lostResponseRate: 0,
      latencyMs: 0,
      latencyRate: 1,
      offline: false,
      rateLimitPerSecond: 0,
    });
    assert.throws(() => sim.setFaults({ serverErrorRate: 2 }), RangeError);
    assert.throws(() => sim.setFaults({ latencyMs: -1 }), RangeError);
  });

  test('a lost answer: the request is carried out, its answer dropped, and a retry under the same key replays it', async () => {
    const post = (key: string) =>
      fetch(`${sim.url}/v1/identity/verification_sessions`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${sim.secretKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Idempotency-Key': key,
        },
        body: 'type=document&client_reference_id=lost-1',
      });
    sim.setFaults({ lostResponseRate: 1 });
    try {
      await assert.rejects(post('lost-key-1'));
    } finally {
      sim.setFaults({ lostResponseRate: 0 });
    }
    assert.equal(
      sim.sessions().filter((s) => s.client_reference_id === 'lost-1').length,
      1,
      'it was created',
    );
    const replay = await post('lost-key-1');
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(sim.sessions().filter((s) => s.client_reference_id === 'lost-1').length, 1, 'and only once');
  });

  test('hosted pages are not faulted by error rates', async () => {
    const open = await stripe.identity.verificationSessions.create({ type: 'document' });
    sim.setFaults({ serverErrorRate: 1, rateLimitRate: 1 });
    try {
      const res = await fetch(open.url!);
      assert.equal(res.status, 200);
    } finally {
      sim.setFaults({ serverErrorRate: 0, rateLimitRate: 0 });
    }
  });

  test('stats count API requests by route, not hosted pages; resetStats starts over', async () => {
    sim.resetStats();
    const s = await stripe.identity.verificationSessions.create({ type: 'document' });
    await stripe.identity.verificationSessions.retrieve(s.id);
    await stripe.identity.verificationSessions.cancel(s.id);
    await stripe.events.list({ limit: 1 });
    await fetch(s.url!);
    assert.deepEqual(sim.stats(), {
      requests: 4,
      byRoute: {
        'POST /v1/identity/verification_sessions': 1,
        'GET /v1/identity/verification_sessions/:id': 1,
        'POST /v1/identity/verification_sessions/:id/cancel': 1,
        'GET /v1/events': 1,
      },
    });
  });

  test('the request log has method, path, status and time, never keys or tokens', () => {
    assert.ok(lines.length > 10);
    assert.ok(
      lines.some((l) => /^POST \/v1\/identity\/verification_sessions 200 \d+ms$/.test(l)),
      lines[0],
    );
    assert.ok(lines.some((l) => / offline \d+ms$/.test(l)));
    for (const line of lines) {
      assert.ok(!line.includes(sim.secretKey));
      assert.ok(!line.includes('token='));
    }
  });
});
