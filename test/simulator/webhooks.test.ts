/**
 * Webhooks: endpoints created through the SDK, deliveries to a small receiving HTTP server, each
 * verified by the SDK's own `stripe.webhooks.constructEvent` and checked against the pinned event
 * shape, including retried, duplicated, delayed and reordered deliveries.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import Stripe from 'stripe';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { assertStripeShape } from '../support/stripe-spec.ts';
import { finish, startChecked, waitForStatus } from '../support/simulator.ts';

interface Received {
  path: string;
  signature: string;
  body: string;
  at: number;
}

/** A receiving endpoint: records every POST; answers with `statusFor` (default 200). */
async function startReceiver(sim: RunningSimulator) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  let statusFor: (r: Received, index: number) => number = () => 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        path: req.url ?? '',
        signature: String(req.headers['stripe-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(r);
      res.writeHead(statusFor(r, received.length - 1)).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The simulator records an attempt after the receiver answered: wake the waiters then too.
  const stopListening = sim.onWebhookAttempt(() => {
    for (const wake of waiters.splice(0)) wake();
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}${path}`,
    received,
    on: (path: string) => received.filter((r) => r.path === path),
    answer(fn: typeof statusFor) {
      statusFor = fn;
    },
    /** Resolves once `check` holds, re-checked on every delivery (no polling, no sleeps). */
    async until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`receiver: ${what} did not happen in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => {
      stopListening();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('simulator: signed webhooks', async () => {
  const { sim, client } = await startChecked({
    processingDelayMs: 30,
    webhookRetryBaseMs: 20,
    webhookMaxAttempts: 4,
  });
  const { stripe } = client;
  const receiver = await startReceiver(sim);
  finish(sim, client);
  after(() => receiver.close());

  /** Verifies a delivery with the SDK and checks the event's shape; returns the event. */
  function verify(r: Received, secret: string): Stripe.Event {
    const event = stripe.webhooks.constructEvent(r.body, r.signature, secret);
    assertStripeShape('event', JSON.parse(r.body));
    return event;
  }

  async function endpoint(path: string, enabled_events: Stripe.WebhookEndpointCreateParams.EnabledEvent[]) {
    const created = await stripe.webhookEndpoints.create({ url: receiver.url(path), enabled_events });
    assert.match(created.secret ?? '', /^whsec_/);
    return created as Stripe.WebhookEndpoint & { secret: string };
  }

  async function verifiedSession(): Promise<string> {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const done = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await done;
    return session.id;
  }

  const sessionOf = (e: Stripe.Event) => (e.data.object as { id: string }).id;

  test('an endpoint gets its secret once; each matching event arrives signed, and the SDK verifies it', async () => {
    const all = await endpoint('/all', ['*']);
    const onlyVerified = await endpoint('/verified', ['identity.verification_session.verified']);
    const fetched = await stripe.webhookEndpoints.retrieve(all.id);
    assert.equal(fetched.secret, undefined, 'the secret is shown on creation only');
    assert.deepEqual(fetched.enabled_events, ['*']);
    const listed = await stripe.webhookEndpoints.list();
    assert.ok(listed.data.every((e) => e.secret === undefined));

    const id = await verifiedSession();
    await receiver.until(
      () => receiver.on('/all').length >= 3 && receiver.on('/verified').length >= 1,
      'three deliveries to /all and one to /verified',
    );
    const types = receiver
      .on('/all')
      .map((r) => verify(r, all.secret))
      .filter((e) => sessionOf(e) === id)
      .map((e) => e.type)
      .sort();
    assert.deepEqual(types, [
      'identity.verification_session.created',
      'identity.verification_session.processing',
      'identity.verification_session.verified',
    ]);
    const [verified] = receiver.on('/verified').map((r) => verify(r, onlyVerified.secret));
    assert.equal(verified?.type, 'identity.verification_session.verified');
    assert.equal(sessionOf(verified!), id);

    const sample = receiver.on('/all')[0]!;
    assert.throws(
      () =>
        stripe.webhooks.constructEvent(
          sample.body.replace('"livemode": false', '"livemode": true'),
          sample.signature,
          all.secret,
        ),
      Stripe.errors.StripeSignatureVerificationError,
      'a changed body fails',
    );
    assert.throws(
      () => stripe.webhooks.constructEvent(sample.body, sample.signature, onlyVerified.secret),
      Stripe.errors.StripeSignatureVerificationError,
      "another endpoint's secret fails",
    );
  });

  test('a failed delivery is retried with backoff until it is acknowledged; pending_webhooks says so', async () => {
    const retried = await endpoint('/flaky', ['identity.verification_session.created']);
    // The first two attempts of every delivery fail.
    const seen = new Map<string, number>();
    receiver.answer((r) => {
      if (r.path !== '/flaky') return 200;
      const eventId = (JSON.parse(r.body) as { id: string }).id;
      const n = (seen.get(eventId) ?? 0) + 1;
      seen.set(eventId, n);
      return n <= 2 ? 500 : 200;
    });
    const session = await stripe.identity.verificationSessions.create({ type: 'id_number' });
    const [created] = (await stripe.events.list({ type: 'identity.verification_session.created', limit: 1 }))
      .data;
    assert.equal(sessionOf(created!), session.id);
    await receiver.until(
      () =>
        sim
          .webhookAttempts()
          .some((a) => a.eventId === created!.id && a.endpointId === retried.id && a.status === 200),
      'the third attempt acknowledged',
    );
    const attempts = sim
      .webhookAttempts()
      .filter((a) => a.eventId === created!.id && a.endpointId === retried.id);
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.status]),
      [
        [1, 500],
        [2, 500],
        [3, 200],
      ],
    );
    const times = receiver
      .on('/flaky')
      .filter((r) => r.body.includes(created!.id))
      .map((r) => r.at);
    // Timers never fire early: each gap is at least its backoff (20 ms, then 40 ms).
    assert.ok(times[1]! - times[0]! >= 20, `first retry after ${times[1]! - times[0]!} ms`);
    assert.ok(times[2]! - times[1]! >= 40, `second retry after ${times[2]! - times[1]!} ms`);
    for (const r of receiver.on('/flaky')) verify(r, retried.secret);
    receiver.answer(() => 200);
    await receiver.until(
      () => sim.webhookAttempts().filter((a) => a.eventId === created!.id && a.status === 200).length >= 2,
      'the other endpoint acknowledged too',
    );
    const settled = await stripe.events.retrieve(created!.id);
    assert.equal(settled.pending_webhooks, 0);
  });

  test('an endpoint that never answers 2xx: attempts stop at the limit and the event stays pending', async () => {
    const dead = await endpoint('/dead', ['identity.verification_session.canceled']);
    receiver.answer((r) => (r.path === '/dead' ? 503 : 200));
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    await stripe.identity.verificationSessions.cancel(session.id);
    const [canceled] = (
      await stripe.events.list({ type: 'identity.verification_session.canceled', limit: 1 })
    ).data;
    await receiver.until(
      () =>
        sim.webhookAttempts().filter((a) => a.endpointId === dead.id && a.eventId === canceled!.id).length ===
        4,
      'four attempts',
    );
    const failing = await stripe.events.list({ delivery_success: false, limit: 100 });
    assert.ok(failing.data.some((e) => e.id === canceled!.id));
    assert.ok((await stripe.events.retrieve(canceled!.id)).pending_webhooks >= 1);
    receiver.answer(() => 200);
  });

  test('duplicates: each event arrives twice, both verify, and the event id tells them apart', async () => {
    const dup = await endpoint('/dup', ['identity.verification_session.processing']);
    sim.setWebhookFaults({ duplicates: 1 });
    try {
      const id = await verifiedSession();
      await receiver.until(() => receiver.on('/dup').length >= 2, 'two copies');
      const events = receiver.on('/dup').map((r) => verify(r, dup.secret));
      assert.equal(events.length, 2);
      assert.equal(events[0]!.id, events[1]!.id);
      assert.equal(sessionOf(events[0]!), id);
    } finally {
      sim.setWebhookFaults({ duplicates: 0 });
    }
  });

  test('delay and reordering: a session’s events arrive late and newest first, each verified, and order is restored by created and type', async () => {
    const late = await endpoint('/reordered', [
      'identity.verification_session.created',
      'identity.verification_session.processing',
      'identity.verification_session.verified',
    ]);
    sim.setWebhookFaults({ reorderWindow: 3, delayMs: 150 });
    try {
      const startedAt = Date.now();
      const id = await verifiedSession();
      await receiver.until(() => receiver.on('/reordered').length >= 3, 'three deliveries');
      const deliveries = receiver.on('/reordered');
      const events = deliveries.map((r) => verify(r, late.secret));
      assert.ok(events.every((e) => sessionOf(e) === id));
      assert.deepEqual(
        events.map((e) => e.type),
        [
          'identity.verification_session.verified',
          'identity.verification_session.processing',
          'identity.verification_session.created',
        ],
        'newest first',
      );
      assert.ok(deliveries[0]!.at - startedAt >= 150, 'held back by the delay');
      // A receiver restores the order from the events themselves (ids sort in creation order).
      const restored = [...events].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
      assert.deepEqual(
        restored.map((e) => e.type),
        [
          'identity.verification_session.created',
          'identity.verification_session.processing',
          'identity.verification_session.verified',
        ],
      );
    } finally {
      sim.setWebhookFaults({ reorderWindow: 0, delayMs: 0 });
    }
  });

  test('endpoint parameters are checked like Stripe: url and enabled_events required, a valid url', async () => {
    await assert.rejects(
      () => stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams),
      (e: Stripe.errors.StripeError) => e.code === 'parameter_missing' && e.param === 'url',
    );
    await assert.rejects(
      () => stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }),
      (e: Stripe.errors.StripeError) => e.param === 'url',
    );
  });
});
