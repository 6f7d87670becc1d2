// The spec check that every simulator-backed test relies on must be able to fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specCheck } from '../helpers/stripe-spec.ts';

test("specCheck flags a body that breaks Stripe's spec, and passes a good one", () => {
  const spec = specCheck();
  spec.onResponse(400, { error: { type: 'invalid_request_error', message: 'Missing type.' } });
  assert.doesNotThrow(() => spec.assertClean());
  spec.onResponse(200, { object: 'identity.verification_session', id: 42, status: 'sleeping' });
  spec.onResponse(200, { object: 'not_a_stripe_object' });
  assert.equal(spec.checked(), 3);
  assert.equal(spec.violations.length, 2);
  assert.throws(() => spec.assertClean(), /break Stripe's spec/);
});
