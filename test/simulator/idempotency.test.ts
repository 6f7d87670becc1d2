/** Idempotency keys over time (24 hours, on the simulator's clock) and across endpoints. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Stripe from 'stripe';
import { eventually } from '../support/backend.ts';
import { finish, manualClock, startChecked, waitForStatus } from '../support/simulator.ts';

describe('simulator: idempotency keys', async () => {
  const clock = manualClock();
  const { sim, client } = await startChecked({ now: clock.now });
  const { stripe } = client;
  finish(sim, client);

  test('a key replays for 24 hours, then a reuse is a new request', async () => {
    const params = { type: 'document' as const, client_reference_id: 'day-1' };
    const first = await stripe.identity.verificationSessions.create(params, { idempotencyKey: 'daily' });
    clock.advance(23 * 60 * 60 * 1000);
    const replay = await stripe.identity.verificationSessions.create(params, { idempotencyKey: 'daily' });
    assert.equal(replay.id, first.id);
    clock.advance(2 * 60 * 60 * 1000);
    const fresh = await stripe.identity.verificationSessions.create(params, { idempotencyKey: 'daily' });
    assert.notEqual(fresh.id, first.id);
  });

  test('errors after execution are replayed too (a refused cancel stays refused for that key)', async () => {
    const s = await stripe.identity.verificationSessions.create({ type: 'document' });
    await sim.submit(s.id, 'verified');
    const cancel = () =>
      stripe.identity.verificationSessions.cancel(s.id, {}, { idempotencyKey: 'cancel-1' });
    await assert.rejects(cancel, { statusCode: 400 });
    await assert.rejects(cancel, (error: Stripe.errors.StripeError) => {
      assert.equal(error.headers?.['idempotent-replayed'], 'true');
      return true;
    });
  });

  test('the same key on another endpoint is an idempotency_error', async () => {
    const s = await stripe.identity.verificationSessions.create(
      { type: 'document' },
      { idempotencyKey: 'shared' },
    );
    await assert.rejects(
      () => stripe.identity.verificationSessions.cancel(s.id, {}, { idempotencyKey: 'shared' }),
      { type: 'StripeIdempotencyError', statusCode: 400 },
    );
    assert.equal((await stripe.identity.verificationSessions.retrieve(s.id)).status, 'requires_input');
  });

  test('list expansion uses data.*; unknown expansions are refused', async () => {
    const s = await stripe.identity.verificationSessions.create({
      type: 'document',
      client_reference_id: 'exp',
    });
    const verified = waitForStatus(sim, s.id, 'verified');
    await sim.submit(s.id, 'verified');
    await verified;
    const list = await stripe.identity.verificationSessions.list({
      client_reference_id: 'exp',
      expand: ['data.verified_outputs'],
    });
    assert.equal(list.data[0]?.verified_outputs?.first_name, 'Jenny');
    await assert.rejects(
      () => stripe.identity.verificationSessions.retrieve(s.id, { expand: ['metadata'] }),
      {
        statusCode: 400,
        param: 'expand',
      },
    );
  });

  test('a repeat while the first request is still in progress gets 409, then the replay', async () => {
    const create = () =>
      fetch(`${sim.url}/v1/identity/verification_sessions`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${sim.secretKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Idempotency-Key': 'held-1',
        },
        body: 'type=document&client_reference_id=held-1',
      });
    const hold = sim.holdCreations();
    const first = create();
    try {
      await eventually(() => (hold.waiting() === 1 ? true : undefined));
      const second = await create();
      assert.equal(second.status, 409);
      const body = (await second.json()) as { error: { type: string; message: string } };
      assert.equal(body.error.type, 'idempotency_error');
      assert.match(body.error.message, /another in-progress request using this Idempotent Key/);
      assert.match(body.error.message, /Please try again later/);
      assert.equal(second.headers.get('idempotent-replayed'), null);
      assert.equal(sim.sessions().filter((s) => s.client_reference_id === 'held-1').length, 0);
    } finally {
      hold.release();
    }
    const made = await first;
    assert.equal(made.status, 200);
    assert.equal(made.headers.get('idempotent-replayed'), null, 'the first answer is not a replay');
    const session = (await made.json()) as { id: string };
    const again = await create();
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await again.json()) as { id: string }).id, session.id);
    assert.equal(sim.sessions().filter((s) => s.client_reference_id === 'held-1').length, 1);
  });

  test("the SDK sees the 409 as Stripe's: status 409, raw type idempotency_error", async () => {
    const hold = sim.holdCreations();
    const params = { type: 'document' as const, client_reference_id: 'held-2' };
    const first = stripe.identity.verificationSessions.create(params, { idempotencyKey: 'held-2' });
    try {
      await eventually(() => (hold.waiting() === 1 ? true : undefined));
      await assert.rejects(
        () =>
          stripe.identity.verificationSessions.create(params, {
            idempotencyKey: 'held-2',
            maxNetworkRetries: 0,
          }),
        // stripe-node makes a 409 a StripeAPIError whatever its type; the raw type tells.
        { type: 'StripeAPIError', rawType: 'idempotency_error', statusCode: 409 },
      );
    } finally {
      hold.release();
    }
    assert.equal((await first).client_reference_id, 'held-2');
  });
});
