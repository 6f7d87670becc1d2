import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CountersignError } from '../../../../contract/errors.ts';
import { asCountersignError, failureAction } from '../../../../main/core/outbox/outbox-failure.ts';
import { storeErrorPayload } from '../../../../main/core/storage/index.ts';

describe('what a failed creation attempt means for its queued item', () => {
  const error = (code: ConstructorParameters<typeof CountersignError>[0], retryable = false) =>
    new CountersignError(code, 'x', { retryable });

  it('holds every item while Stripe refuses the key, whatever the attempt', () => {
    assert.equal(failureAction(error('stripe_authentication'), 1), 'hold_for_key');
    assert.equal(failureAction(error('stripe_permission'), 50), 'hold_for_key');
  });

  it('retries what may pass, gives up on what cannot change', () => {
    assert.equal(failureAction(error('stripe_connection', true), 40), 'retry');
    assert.equal(failureAction(error('store_write_failed', true), 3), 'retry');
    assert.equal(failureAction(error('stripe_invalid_request'), 1), 'fail');
  });

  it('tries an unexpected error a few times, then gives up', () => {
    assert.equal(failureAction(error('internal'), 4), 'retry');
    assert.equal(failureAction(error('internal'), 5), 'fail');
  });

  it('never shows an untyped error its text', () => {
    const typed = asCountersignError(new Error('body with sk_test_secret'));
    assert.equal(typed.code, 'internal');
    assert.ok(!typed.message.includes('sk_test'));
    assert.equal(storeErrorPayload(new Error('ENOSPC')).code, 'store_write_failed');
    assert.equal(storeErrorPayload(error('store_corrupt')).code, 'store_corrupt');
  });
});
