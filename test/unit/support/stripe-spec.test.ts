// The spec check that every simulator-backed test relies on must be able to fail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specCheck } from '../../support/stripe-spec.ts';

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

test('the check uses the pinned version’s shapes: required new fields, closed objects, the new enum value', () => {
  const session = {
    id: 'vs_1',
    object: 'identity.verification_session',
    client_reference_id: null,
    client_secret: null,
    created: 1,
    last_error: null,
    last_verification_report: null,
    livemode: false,
    metadata: {},
    options: { document: {} },
    redaction: { status: 'validated' },
    related_customer: null,
    related_customer_account: null,
    status: 'requires_input',
    type: 'document',
    url: null,
  };
  const spec = specCheck();
  spec.onResponse(200, session);
  assert.deepEqual(spec.violations, [], 'a 2026-10-28.endive session, with redaction.status validated');
  const { related_customer: _dropped, ...withoutRelated } = session;
  spec.onResponse(200, withoutRelated);
  spec.onResponse(200, { ...session, verified_outputs_legacy: null });
  spec.onResponse(200, { ...session, last_error: { code: 'made_up_code', reason: null } });
  assert.equal(spec.violations.length, 3);
});
