/** Idempotency keys over time (24 hours, on the simulator's clock) and across endpoints. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Stripe from 'stripe';
import { finish, manualClock, startChecked, waitForStatus } from './support.ts';

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
});
