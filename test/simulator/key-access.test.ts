/**
 * Stripe's key rules for verification results (docs/simulator.md, key-access.ts): a secret key
 * reads names, address and the checks but gets 403 for date of birth, ID number and the
 * document's number and expiry; a restricted key reads those for 48 hours after the verification
 * was processed, an IP-restricted key always. The clock is the test's own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
import { RESTRICTED_KEY_WINDOW_MS } from '../../main/simulator/index.ts';
import { finish, manualClock, startChecked, waitForStatus } from '../support/simulator.ts';

describe('simulator: which key reads which verification result', async () => {
  const clock = manualClock();
  const { sim, client } = await startChecked({ processingDelayMs: 20, now: clock.now });
  const { stripe } = client;
  finish(sim, client);

  async function verified(params: Stripe.Identity.VerificationSessionCreateParams = { type: 'document' }) {
    const session = await stripe.identity.verificationSessions.create(params);
    const done = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await done;
    return session.id;
  }

  async function refusal(run: () => Promise<unknown>): Promise<Stripe.errors.StripeError> {
    try {
      await run();
    } catch (error) {
      assert.ok(error instanceof Stripe.errors.StripeError, String(error));
      return error;
    }
    assert.fail('expected a refusal');
  }

  test('a secret key reads names, address and the checks, and gets 403 for every sensitive field', async () => {
    const id = await verified({ type: 'document', options: { document: { require_id_number: true } } });
    const plain = await stripe.identity.verificationSessions.retrieve(id, {
      expand: ['verified_outputs', 'last_verification_report'],
    });
    assert.equal(plain.verified_outputs?.first_name, 'Jenny');
    assert.equal(plain.verified_outputs?.address?.country, 'US');
    assert.equal(plain.verified_outputs?.id_number_type, 'us_ssn');
    assert.equal('dob' in plain.verified_outputs!, false);
    const reportId = (plain.last_verification_report as Stripe.Identity.VerificationReport).id;

    for (const expand of [['verified_outputs.dob'], ['verified_outputs', 'verified_outputs.id_number']]) {
      const error = await refusal(() => stripe.identity.verificationSessions.retrieve(id, { expand }));
      assert.equal(error.type, 'StripePermissionError', expand.join());
      assert.equal(error.statusCode, 403);
      assert.match(error.message, /restricted API key/);
    }
    for (const field of [
      'document.dob',
      'document.expiration_date',
      'document.number',
      'id_number.id_number',
    ]) {
      const error = await refusal(() =>
        stripe.identity.verificationReports.retrieve(reportId, { expand: [field] }),
      );
      assert.equal(error.statusCode, 403, field);
    }
    const listed = await refusal(() =>
      stripe.identity.verificationSessions.list({ expand: ['data.verified_outputs.dob'] }),
    );
    assert.equal(listed.statusCode, 403);
    // Refused before anything is done: a redaction asking for a sensitive field does not happen.
    await refusal(() =>
      stripe.identity.verificationSessions.redact(id, { expand: ['verified_outputs.dob'] }),
    );
    const after = await stripe.identity.verificationSessions.retrieve(id);
    assert.equal(after.redaction, null);
  });

  test('a restricted key reads them for 48 hours after processing; an IP-restricted key always', async () => {
    const id = await verified();
    const read = (apiKey: string) =>
      stripe.identity.verificationSessions.retrieve(id, { expand: ['verified_outputs.dob'] }, { apiKey });

    assert.deepEqual((await read(sim.restrictedKey)).verified_outputs?.dob, { day: 1, month: 1, year: 1901 });
    clock.advance(RESTRICTED_KEY_WINDOW_MS);
    assert.ok((await read(sim.restrictedKey)).verified_outputs?.dob, 'at 48 hours exactly, still readable');

    clock.advance(1000);
    const error = await refusal(() => read(sim.restrictedKey));
    assert.equal(error.type, 'StripePermissionError');
    assert.match(error.message, /48 hours/);
    // The rest of the result stays readable with the same key.
    const rest = await stripe.identity.verificationSessions.retrieve(
      id,
      { expand: ['verified_outputs'] },
      { apiKey: sim.restrictedKey },
    );
    assert.equal(rest.verified_outputs?.last_name, 'Rosen');

    assert.ok((await read(sim.ipRestrictedKey)).verified_outputs?.dob, 'an IP-restricted key has no window');
  });

  test('a key the account does not have is refused as invalid', async () => {
    const error = await refusal(() =>
      stripe.identity.verificationSessions.list({}, { apiKey: 'rk_test_notthisaccountskey000000' }),
    );
    assert.equal(error.type, 'StripeAuthenticationError');
  });
});
