/**
 * The session lifecycle through the official stripe SDK over real HTTP. Every response body the
 * SDK receives is checked against Stripe's OpenAPI spec (see createCheckedStripe).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type Stripe from 'stripe';
import { assertStripeShape } from '../support/stripe-spec.ts';
import { finish, startChecked, waitForStatus } from '../support/simulator.ts';

describe('simulator: session lifecycle', async () => {
  const { sim, client } = await startChecked();
  const { stripe } = client;
  finish(sim, client);

  async function eventsFor(sessionId: string) {
    const list = await stripe.events.list({ type: 'identity.verification_session.*', limit: 100 });
    return list.data
      .filter((e) => (e.data.object as { id: string }).id === sessionId)
      .reverse()
      .map((e) => e.type);
  }

  test('create → submit verified → processing → verified, with created, processing, verified events', async () => {
    const session = await stripe.identity.verificationSessions.create({
      type: 'document',
      client_reference_id: 'order-1',
      metadata: { ref: 'x' },
      options: { document: { allowed_types: ['passport', 'id_card'], require_matching_selfie: true } },
    });
    assert.equal(session.status, 'requires_input');
    assert.match(session.id, /^vs_[A-Za-z0-9]{24}$/);
    assert.equal(session.livemode, false);
    assert.match(session.client_secret ?? '', new RegExp(`^${session.id}_secret_`));
    assert.ok(session.url?.startsWith(`${sim.url}/hosted/${session.id}?token=`));
    assert.equal(session.verified_outputs ?? null, null);
    assert.deepEqual(session.metadata, { ref: 'x' });
    assert.deepEqual(session.options?.document?.allowed_types, ['passport', 'id_card']);

    const processing = waitForStatus(sim, session.id, 'processing');
    const verified = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await processing;
    const during = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal(during.status, 'processing');
    assert.equal(during.url, null);
    assert.equal(during.client_secret, null);
    await verified;

    const done = await stripe.identity.verificationSessions.retrieve(
      session.id,
      {
        expand: ['verified_outputs', 'verified_outputs.dob', 'last_verification_report'],
      },
      // The date of birth is a sensitive result: a restricted key reads it (key-access.test.ts).
      { apiKey: sim.restrictedKey },
    );
    assert.equal(done.status, 'verified');
    assert.equal(done.verified_outputs?.first_name, 'Jenny');
    assert.equal(done.verified_outputs?.last_name, 'Rosen');
    assert.ok(done.verified_outputs?.dob?.year);
    const report = done.last_verification_report as Stripe.Identity.VerificationReport;
    assert.equal(report.object, 'identity.verification_report');
    assert.equal(report.document?.status, 'verified');
    assert.equal(report.selfie?.status, 'verified');

    // Without expansion: no personal data, the report as an id, dob only when asked for.
    const plain = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal('verified_outputs' in plain, false, 'left out unless expanded');
    assert.equal(plain.last_verification_report, report.id);
    const noDob = await stripe.identity.verificationSessions.retrieve(session.id, {
      expand: ['verified_outputs'],
    });
    assert.equal('dob' in noDob.verified_outputs!, false, 'dob is expanded on its own');

    const fetched = await stripe.identity.verificationReports.retrieve(report.id);
    assert.equal(fetched.verification_session, session.id);

    assert.deepEqual(await eventsFor(session.id), [
      'identity.verification_session.created',
      'identity.verification_session.processing',
      'identity.verification_session.verified',
    ]);
    const events = await stripe.events.list({ type: 'identity.verification_session.verified' });
    const event = events.data.find((e) => (e.data.object as { id: string }).id === session.id)!;
    assert.equal(event.pending_webhooks, 0);
    assert.equal(event.livemode, false);
    assert.ok(event.api_version);
    const snapshot = event.data.object as Stripe.Identity.VerificationSession;
    assert.equal(snapshot.status, 'verified');
    assert.equal(snapshot.url, null);
    assert.equal(snapshot.client_secret, null);
    assert.equal(snapshot.verified_outputs ?? null, null);
    const created = (
      await stripe.events.list({ type: 'identity.verification_session.created', limit: 100 })
    ).data.find((e) => (e.data.object as { id: string }).id === session.id)!;
    assert.match(created.request?.id ?? '', /^req_/);
    assert.match(created.request?.idempotency_key ?? '', /.+/, 'the SDK keys every POST');
    assert.deepEqual(await stripe.events.retrieve(created.id), created);
  });

  test('a failed check: requires_input with last_error, a fresh url on retrieve, then verified', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    const failed = waitForStatus(sim, session.id, 'requires_input');
    await sim.submit(session.id, 'document_expired');
    await failed;

    const again = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal(again.status, 'requires_input');
    assert.equal(again.last_error?.code, 'document_expired');
    assert.ok(again.last_error?.reason);
    assert.ok(again.url);
    assert.notEqual(again.url, session.url, 'a fresh link for the next attempt');
    assert.ok(again.client_secret);

    const report = await stripe.identity.verificationReports.retrieve(
      again.last_verification_report as string,
    );
    assert.equal(report.document?.status, 'unverified');
    assert.equal(report.document?.error?.code, 'document_expired');
    assert.equal(report.document?.first_name, null, 'no personal data on a failed check');

    const verified = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await verified;
    const done = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal(done.status, 'verified');
    assert.equal(done.last_error, null);
    const reports = await stripe.identity.verificationReports.list({ verification_session: session.id });
    assert.equal(reports.data.length, 2, 'one report per submission');
  });

  test('selfie mismatch, consent declined and abandoned set last_error codes from the spec', async () => {
    const selfie = await stripe.identity.verificationSessions.create({
      type: 'document',
      options: { document: { require_matching_selfie: true } },
    });
    const back = waitForStatus(sim, selfie.id, 'requires_input');
    await sim.submit(selfie.id, 'selfie_face_mismatch');
    await back;
    const s1 = await stripe.identity.verificationSessions.retrieve(selfie.id, {
      expand: ['last_verification_report'],
    });
    assert.equal(s1.last_error?.code, 'selfie_face_mismatch');
    const r1 = s1.last_verification_report as Stripe.Identity.VerificationReport;
    assert.equal(r1.selfie?.error?.code, 'selfie_face_mismatch');

    for (const outcome of ['consent_declined', 'abandoned'] as const) {
      const s = await stripe.identity.verificationSessions.create({ type: 'id_number' });
      await sim.submit(s.id, outcome);
      const after = await stripe.identity.verificationSessions.retrieve(s.id);
      assert.equal(after.status, 'requires_input');
      assert.equal(after.last_error?.code, outcome);
      assert.equal(after.last_verification_report, null, 'nothing was submitted, so no report');
      assert.deepEqual(await eventsFor(s.id), [
        'identity.verification_session.created',
        'identity.verification_session.requires_input',
      ]);
    }
  });

  test('cancel from requires_input; refused once processing or verified', async () => {
    const open = await stripe.identity.verificationSessions.create({ type: 'document' });
    const canceled = await stripe.identity.verificationSessions.cancel(open.id);
    assert.equal(canceled.status, 'canceled');
    assert.equal(canceled.url, null);
    assert.equal(canceled.client_secret, null);
    assert.deepEqual((await eventsFor(open.id)).at(-1), 'identity.verification_session.canceled');
    await assert.rejects(() => sim.submit(open.id, 'verified'));

    const busy = await stripe.identity.verificationSessions.create({ type: 'document' });
    const verified = waitForStatus(sim, busy.id, 'verified');
    await sim.submit(busy.id, 'verified');
    for (const phase of ['processing', 'verified']) {
      if (phase === 'verified') await verified;
      await assert.rejects(
        () => stripe.identity.verificationSessions.cancel(busy.id),
        (error: Stripe.errors.StripeError) => {
          assert.equal(error.type, 'StripeInvalidRequestError');
          assert.equal(error.statusCode, 400);
          assert.match(error.message, new RegExp(`status is ${phase}`));
          return true;
        },
      );
    }
  });

  test('redact: placeholders, metadata erased, the redacted event, no update after', async () => {
    const session = await stripe.identity.verificationSessions.create({
      type: 'document',
      metadata: { customer: 'c-42' },
      provided_details: { email: 'jenny@example.com' },
    });
    const verified = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await verified;

    const redacted = await stripe.identity.verificationSessions.redact(
      session.id,
      { expand: ['verified_outputs', 'verified_outputs.dob', 'provided_details'] },
      { apiKey: sim.restrictedKey },
    );
    assert.equal(redacted.status, 'verified', 'a verified session stays verified');
    assert.equal(redacted.redaction?.status, 'processing');
    assert.deepEqual(redacted.metadata, {});
    assert.equal(redacted.provided_details?.email, '[redacted]');
    assert.equal(redacted.verified_outputs?.first_name, '[redacted]');
    assert.equal(redacted.verified_outputs?.last_name, '[redacted]');
    // The placeholders of Stripe's redaction example: dates 1-1-1, the address keeps its country.
    assert.deepEqual(redacted.verified_outputs?.dob, { day: 1, month: 1, year: 1 });
    assert.equal(redacted.verified_outputs?.address?.line1, '[redacted]');
    assert.equal(redacted.verified_outputs?.address?.country, 'US');

    const report = await stripe.identity.verificationReports.retrieve(
      redacted.last_verification_report as string,
    );
    assert.equal(report.document?.first_name, '[redacted]');

    // Redaction completes after the processing delay; poll for it rather than guess a sleep.
    let later = await stripe.identity.verificationSessions.retrieve(session.id);
    for (let i = 0; i < 100 && later.redaction?.status !== 'redacted'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      later = await stripe.identity.verificationSessions.retrieve(session.id);
    }
    assert.equal(later.redaction?.status, 'redacted');
    const events = await eventsFor(session.id);
    assert.equal(events.at(-1), 'identity.verification_session.redacted');
    const created = (
      await stripe.events.list({ type: 'identity.verification_session.created', limit: 100 })
    ).data.find((e) => (e.data.object as { id: string }).id === session.id)!;
    assert.deepEqual((created.data.object as Stripe.Identity.VerificationSession).metadata, {});

    await assert.rejects(
      () => stripe.identity.verificationSessions.update(session.id, { metadata: { a: 'b' } }),
      (error: Stripe.errors.StripeError) => error.statusCode === 400 && /redacted/.test(error.message),
    );

    // From requires_input a redaction also cancels; while processing it is refused.
    const open = await stripe.identity.verificationSessions.create({ type: 'id_number' });
    const gone = await stripe.identity.verificationSessions.redact(open.id);
    assert.equal(gone.status, 'canceled');
    assert.equal(gone.redaction?.status, 'processing');
    const busy = await stripe.identity.verificationSessions.create({ type: 'document' });
    const done = waitForStatus(sim, busy.id, 'verified');
    await sim.submit(busy.id, 'verified');
    await assert.rejects(
      () => stripe.identity.verificationSessions.redact(busy.id),
      (error: Stripe.errors.StripeError) => error.statusCode === 400,
    );
    await done;
  });

  test('update while requires_input: metadata merges and unsets, options replace; refused after', async () => {
    const session = await stripe.identity.verificationSessions.create({
      type: 'document',
      metadata: { a: '1', b: '2' },
    });
    const updated = await stripe.identity.verificationSessions.update(session.id, {
      metadata: { b: '', c: '3' },
      type: 'id_number',
    });
    assert.deepEqual(updated.metadata, { a: '1', c: '3' });
    assert.equal(updated.type, 'id_number');
    await sim.submit(session.id, 'verified');
    await assert.rejects(
      () => stripe.identity.verificationSessions.update(session.id, { metadata: { d: '4' } }),
      (error: Stripe.errors.StripeError) => error.statusCode === 400 && /requires_input/.test(error.message),
    );
  });

  test('idempotency: the same key replays the stored response; other parameters are refused', async () => {
    const params = { type: 'document' as const, client_reference_id: 'idem-1' };
    const first = await stripe.identity.verificationSessions.create(params, { idempotencyKey: 'key-1' });
    const second = await stripe.identity.verificationSessions.create(params, { idempotencyKey: 'key-1' });
    assert.equal(second.id, first.id);
    assert.equal(second.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(sim.sessions().filter((s) => s.client_reference_id === 'idem-1').length, 1);

    await assert.rejects(
      () =>
        stripe.identity.verificationSessions.create(
          { type: 'id_number', client_reference_id: 'idem-1' },
          { idempotencyKey: 'key-1' },
        ),
      (error: Stripe.errors.StripeError) => {
        assert.equal(error.type, 'StripeIdempotencyError');
        assert.equal(error.statusCode, 400);
        assert.match(error.message, /same parameters/);
        return true;
      },
    );

    // A request refused by validation is not saved: the key still works once corrected.
    await assert.rejects(() =>
      stripe.identity.verificationSessions.create(
        { type: 'nope' as 'document' },
        { idempotencyKey: 'key-2' },
      ),
    );
    const fixed = await stripe.identity.verificationSessions.create(
      { type: 'document' },
      { idempotencyKey: 'key-2' },
    );
    assert.equal(fixed.status, 'requires_input');
  });

  test('bad parameters: unknown, bad enum, bad integer, empty, missing; unknown ids and paths', async () => {
    const cases: Array<[() => Promise<unknown>, string | undefined, string, RegExp]> = [
      [
        () => stripe.identity.verificationSessions.create({ type: 'document', colour: 'red' } as never),
        'parameter_unknown',
        'colour',
        /Received unknown parameter: colour/,
      ],
      [
        () =>
          stripe.identity.verificationSessions.create({
            type: 'document',
            options: { document: { shape: 'round' } },
          } as never),
        'parameter_unknown',
        'options[document][shape]',
        /Received unknown parameter: options\[document\]\[shape\]/,
      ],
      [
        () => stripe.identity.verificationSessions.create({ type: 'selfie' as 'document' }),
        undefined,
        'type',
        /Invalid type: must be one of document or id_number/,
      ],
      [
        () => stripe.identity.verificationSessions.list({ limit: 'ten' as unknown as number }),
        'parameter_invalid_integer',
        'limit',
        /Invalid integer: ten/,
      ],
      [
        () => stripe.identity.verificationSessions.create({ type: '' as 'document' }),
        'parameter_invalid_empty',
        'type',
        /empty string/,
      ],
      [
        () => stripe.identity.verificationSessions.create({}),
        'parameter_missing',
        'type',
        /Missing required param: type/,
      ],
      [
        () =>
          stripe.identity.verificationSessions.create({
            type: 'document',
            options: { document: { allowed_types: ['library_card' as 'passport'] } },
          }),
        undefined,
        'options[document][allowed_types][0]',
        /must be one of driving_license, id_card, or passport/,
      ],
    ];
    for (const [call, code, param, message] of cases) {
      await assert.rejects(call, (error: Stripe.errors.StripeError) => {
        assert.equal(error.statusCode, 400, String(message));
        assert.equal(error.type, 'StripeInvalidRequestError');
        assert.equal(error.code, code);
        assert.equal(error.param, param);
        assert.match(error.message, message);
        return true;
      });
    }

    await assert.rejects(
      () => stripe.identity.verificationSessions.retrieve('vs_doesnotexist'),
      (error: Stripe.errors.StripeError) => {
        assert.equal(error.statusCode, 404);
        assert.equal(error.code, 'resource_missing');
        assert.equal(error.message, "No such verification_session: 'vs_doesnotexist'");
        return true;
      },
    );
    await assert.rejects(
      () => stripe.events.retrieve('evt_nope'),
      (error: Stripe.errors.StripeError) => error.statusCode === 404 && error.code === 'resource_missing',
    );

    const res = await fetch(`${sim.url}/v1/identity/nothing`, {
      headers: { Authorization: `Bearer ${sim.secretKey}` },
    });
    assert.equal(res.status, 404);
    assertStripeShape('error', await res.json());
  });

  test('authentication: no key and a wrong key are 401 with a masked key', async () => {
    const res = await fetch(`${sim.url}/v1/events`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    assertStripeShape('error', body);
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /You did not provide an API key/);

    const wrongKey = 'sk_test_wrongwrongwrongwrongabcd';
    const { stripe: wrong } = await import('../support/stripe-spec.ts').then((m) =>
      m.createCheckedStripe(sim, { secretKey: wrongKey }),
    );
    await assert.rejects(
      () => wrong.identity.verificationSessions.list(),
      (error: Stripe.errors.StripeError) => {
        assert.equal(error.type, 'StripeAuthenticationError');
        assert.equal(error.statusCode, 401);
        assert.equal(error.message, 'Invalid API Key provided: sk_test_****abcd');
        assert.ok(!error.message.includes(wrongKey));
        return true;
      },
    );

    // Basic auth with the key as the user name works too, as with Stripe.
    const basic = await fetch(`${sim.url}/v1/events?limit=1`, {
      headers: { Authorization: `Basic ${Buffer.from(`${sim.secretKey}:`).toString('base64')}` },
    });
    assert.equal(basic.status, 200);
    assert.match(basic.headers.get('request-id') ?? '', /^req_/);
  });

  test('every response so far was checked against the spec', () => {
    assert.ok(client.checked > 30, `checked ${client.checked} responses`);
    assert.deepEqual(client.violations, []);
  });
});
