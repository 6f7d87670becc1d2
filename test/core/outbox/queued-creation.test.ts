/**
 * Issue 8, item 7: a creation queued offline shows a Queued step and one Created step, its
 * attempts read 0 until the first hand-over, and staff can withdraw it before it is sent: exactly
 * once, never after it was sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CountersignError } from '../../../contract/errors.ts';
import { eventually } from '../../support/backend.ts';
import { startTestCore, type TestCore } from '../../support/app-core.ts';

const code = (c: string) => (e: unknown) => e instanceof CountersignError && e.code === c;

describe('a creation queued offline', () => {
  let t: TestCore;
  before(async () => {
    t = await startTestCore();
  });
  after(() => t.close());

  const offline = async () => {
    t.sim().setFaults({ offline: true });
    // The first start finds Stripe unreachable and queues (it was attempted online, so it is
    // not withdrawable); from then on the app knows it is offline.
    await t.call('sessions.start', { type: 'document', reference: 'Warm-up' });
    await eventually(async () => ((await t.call('app.status', {})).online === false ? true : undefined));
  };

  it('Queued, then Created once; attempt 1 only at the hand-over', async () => {
    await offline();
    const queued = await t.call('sessions.start', { type: 'document', reference: 'Queued 1' });
    assert.equal(queued.outcome, 'queued');
    const ref = queued.outcome === 'queued' ? queued.clientReferenceId : '';
    t.sim().setFaults({ offline: false });
    const ready = await eventually(
      () =>
        t.seen.find(
          (s) =>
            s.event === 'outbox.item' &&
            (s.payload as { clientReferenceId: string }).clientReferenceId === ref,
        ),
      10_000,
    );
    const id = (ready.payload as { sessionId: string }).sessionId;
    const detail = await t.call('sessions.get', { id });
    assert.equal(detail.session.attempts, 0, 'no try yet');
    await t.call('customer.present', { id, via: 'screen' });
    // Let Stripe's own 'created' event arrive too: still one Created step.
    await eventually(async () => {
      const steps = (await t.call('sessions.get', { id })).timeline.map((s) => s.type);
      return steps.includes('attempt_1') ? steps : undefined;
    });
    const after = await t.call('sessions.get', { id });
    const types = after.timeline.map((s) => s.type);
    assert.equal(types[0], 'queued', 'the timeline starts with Queued');
    assert.equal(types.filter((x) => x === 'created').length, 1, 'Created once');
    assert.equal(after.session.attempts, 1);
  });

  it('staff withdraw a queued creation: removed once, recorded, never sent', async () => {
    await offline();
    const queued = await t.call('sessions.start', { type: 'document', reference: 'Withdraw 1' });
    const ref = queued.outcome === 'queued' ? queued.clientReferenceId : '';
    const before = (await t.call('app.status', {})).queued;
    const view = await t.call('outbox.withdraw', { clientReferenceId: ref });
    assert.equal(view.status, 'canceled');
    assert.equal(view.lastErrorCode, 'withdrawn');
    assert.equal((await t.call('app.status', {})).queued, before - 1);
    assert.ok(
      t.seen.some(
        (s) =>
          s.event === 'session.updated' &&
          (s.payload as { clientReferenceId: string }).clientReferenceId === ref &&
          (s.payload as { status: string }).status === 'canceled',
      ),
    );
    await assert.rejects(t.call('outbox.withdraw', { clientReferenceId: ref }), code('session_not_found'));

    t.sim().setFaults({ offline: false });
    await eventually(async () => ((await t.call('app.status', {})).queued === 0 ? true : undefined), 10_000);
    assert.equal(
      t
        .sim()
        .sessions()
        .filter((s) => s.client_reference_id === ref).length,
      0,
      'Stripe never received it',
    );
    const history = await t.call('history.search', { reference: 'Withdraw 1', page: 0, pageSize: 10 });
    assert.equal(history.rows[0]?.status, 'canceled');
  });

  it('a creation already sent cannot be withdrawn', async () => {
    const started = await t.call('sessions.start', { type: 'document', reference: 'Sent 1' });
    assert.equal(started.outcome, 'created');
    const ref = started.outcome === 'created' ? started.session.clientReferenceId : '';
    await assert.rejects(t.call('outbox.withdraw', { clientReferenceId: ref }), code('invalid_state'));
  });

  it('racing the drain: withdrawn before it is sent, or refused; never both', async () => {
    await offline();
    const queued = await t.call('sessions.start', { type: 'document', reference: 'Race 1' });
    const ref = queued.outcome === 'queued' ? queued.clientReferenceId : '';
    t.sim().setFaults({ offline: false, latencyMs: 300 });
    // The connectivity probe finds Stripe; the drain picks the item up while we ask.
    let outcome: 'withdrawn' | 'refused' | undefined;
    await eventually(async () => {
      try {
        await t.call('outbox.withdraw', { clientReferenceId: ref });
        outcome = 'withdrawn';
      } catch (e) {
        if (!(e instanceof CountersignError)) throw e;
        if (e.code === 'invalid_state') outcome = 'refused';
      }
      return outcome;
    }, 10_000);
    t.sim().setFaults({ latencyMs: 0 });
    await eventually(async () => ((await t.call('app.status', {})).queued === 0 ? true : undefined), 10_000);
    const onStripe = t
      .sim()
      .sessions()
      .filter((s) => s.client_reference_id === ref).length;
    const record = (await t.call('history.search', { reference: 'Race 1', page: 0, pageSize: 10 })).rows[0];
    if (outcome === 'withdrawn') {
      assert.equal(onStripe, 0);
      assert.equal(record?.status, 'canceled');
    } else {
      await eventually(() =>
        t
          .sim()
          .sessions()
          .some((s) => s.client_reference_id === ref)
          ? true
          : undefined,
      );
      assert.notEqual(record?.lastErrorCode, 'withdrawn');
    }
  });
});
