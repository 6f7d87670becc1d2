/**
 * Issue 8, item 1: every way to hand a session to the customer (screen, QR, retry, kiosk) counts
 * the attempt in one place and respects the cap. An attempt is one try at the hosted flow: a
 * hand-over after a failed try starts a new one; showing the same pending try again does not.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CountersignError } from '../../../contract/errors.ts';
import { eventually } from '../../support/backend.ts';
import { startTestCore, type TestCore } from '../../support/app-core.ts';

describe('attempts are counted at every hand-over, and capped', () => {
  let t: TestCore;
  before(async () => {
    t = await startTestCore();
  });
  after(() => t.close());

  /** Stripe's own answer (over HTTP, as anyone would read it), not the app's view. */
  const failedOnStripe = (id: string, code: string) =>
    eventually(async () => {
      const response = await fetch(`${t.sim().url}/v1/identity/verification_sessions/${id}`, {
        headers: { authorization: `Bearer ${t.sim().secretKey}` },
      });
      const s = (await response.json()) as { status: string; last_error: { code: string } | null };
      return s.status === 'requires_input' && s.last_error?.code === code ? true : undefined;
    });
  const attemptsOf = async (id: string) => (await t.call('sessions.get', { id })).session.attempts;

  it('show → fail → show again counts attempt 2; the cap then refuses a fourth try', async () => {
    const started = await t.call('sessions.start', { type: 'document', reference: 'Attempts 1' });
    assert.equal(started.outcome, 'created');
    const id = started.outcome === 'created' ? started.session.id! : '';

    await t.call('customer.present', { id, via: 'screen' });
    await t.call('customer.present', { id, via: 'qr' });
    assert.equal(await attemptsOf(id), 1, 'the same pending try shown twice is one attempt');

    await t.sim().submit(id, 'document_expired');
    // No waiting for the console: the hand-over itself must find out that the try failed.
    await failedOnStripe(id, 'document_expired');
    await t.call('customer.present', { id, via: 'screen' });
    assert.equal(await attemptsOf(id), 2, 'a hand-over after a failed try is a new attempt');

    await t.sim().submit(id, 'document_unverified_other');
    await failedOnStripe(id, 'document_unverified_other');
    await t.call('customer.present', { id, via: 'qr' });
    assert.equal(await attemptsOf(id), 3);

    await t.sim().submit(id, 'document_unverified_other');
    await eventually(() => (t.last('customer.changed')?.screen === 'ask_staff' ? true : undefined), 8000);
    for (const via of ['screen', 'qr'] as const) {
      await assert.rejects(
        t.call('customer.present', { id, via }),
        (e: unknown) => e instanceof CountersignError && e.code === 'attempts_exhausted',
      );
    }
    await assert.rejects(
      t.call('sessions.retry', { id }),
      (e: unknown) => e instanceof CountersignError && e.code === 'attempts_exhausted',
    );
    assert.equal(t.last('customer.changed')?.screen, 'ask_staff', 'the customer is still told to ask staff');
    const history = await t.call('history.search', { reference: 'Attempts 1', page: 0, pageSize: 10 });
    assert.equal(history.rows[0]?.attempts, 3, "History's Attempts column counts every try");
  });

  it('retry and a hand-over share the count: a retry after a screen hand-over is attempt 2', async () => {
    const started = await t.call('sessions.start', { type: 'document', reference: 'Attempts 2' });
    const id = started.outcome === 'created' ? started.session.id! : '';
    await t.call('customer.present', { id, via: 'screen' });
    await t.sim().submit(id, 'document_expired');
    await eventually(
      () => (t.last('customer.changed')?.screen === 'requires_input' ? true : undefined),
      8000,
    );
    await t.call('customer.retry', {}, 'customer');
    assert.equal(await attemptsOf(id), 2);
    // Showing the retried try on the screen again is not a third attempt.
    await t.call('customer.present', { id, via: 'screen' });
    assert.equal(await attemptsOf(id), 2);
  });
});
