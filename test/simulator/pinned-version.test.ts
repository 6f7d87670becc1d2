/**
 * The simulator answers as the pinned API version (2026-10-28.endive with stripe 23.1.0): the
 * fields that version adds, expandable fields left out unless expanded, Stripe's redaction
 * placeholders, no full SSN and no client_secret in events, and the version and idempotency
 * refusals. Every body is checked against the pinned shapes by the checked client.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
import { STRIPE_API_VERSION } from '../../contract/stripe-api-version.ts';
import { finish, startChecked, waitForStatus } from '../support/simulator.ts';

describe('simulator: the pinned API version', async () => {
  const { sim, client } = await startChecked({ processingDelayMs: 30 });
  const { stripe } = client;
  finish(sim, client);

  async function verifiedSession(params: Stripe.Identity.VerificationSessionCreateParams) {
    const session = await stripe.identity.verificationSessions.create(params);
    const done = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await done;
    return session;
  }

  async function raw(path: string, init: RequestInit & { version?: string; key?: string } = {}) {
    const headers: Record<string, string> = { Authorization: `Bearer ${sim.secretKey}` };
    if (init.version !== undefined) headers['Stripe-Version'] = init.version;
    if (init.key !== undefined) headers['Idempotency-Key'] = init.key;
    if (init.body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${sim.url}${path}`, { ...init, headers });
    return { res, body: (await res.json()) as { error?: { type: string; message: string } } };
  }

  test('related_customer and related_customer_account: null unless set, set on create, filter the list', async () => {
    const plain = await stripe.identity.verificationSessions.create({ type: 'document' });
    assert.equal(plain.related_customer, null);
    assert.equal(plain.related_customer_account, null);
    const linked = await stripe.identity.verificationSessions.create({
      type: 'id_number',
      related_customer: 'cus_Sim123',
      related_customer_account: 'acct_Sim456',
    });
    assert.equal(linked.related_customer, 'cus_Sim123');
    assert.equal(linked.related_customer_account, 'acct_Sim456');
    const byCustomer = await stripe.identity.verificationSessions.list({ related_customer: 'cus_Sim123' });
    assert.deepEqual(
      byCustomer.data.map((s) => s.id),
      [linked.id],
    );
    const byAccount = await stripe.identity.verificationSessions.list({
      related_customer_account: 'acct_Sim456',
    });
    assert.deepEqual(
      byAccount.data.map((s) => s.id),
      [linked.id],
    );
  });

  test('provided_details and verified_outputs are left out unless expanded; provided_details expands', async () => {
    const session = await verifiedSession({
      type: 'document',
      provided_details: { email: 'jenny@example.com' },
    });
    const plain = await stripe.identity.verificationSessions.retrieve(session.id);
    assert.equal('provided_details' in plain, false);
    assert.equal('verified_outputs' in plain, false);
    const expanded = await stripe.identity.verificationSessions.retrieve(session.id, {
      expand: ['provided_details', 'verified_outputs'],
    });
    assert.deepEqual(expanded.provided_details, { email: 'jenny@example.com' });
    assert.equal(expanded.verified_outputs?.first_name, 'Jenny');
    assert.equal('dob' in expanded.verified_outputs!, false);
    assert.equal('id_number' in expanded.verified_outputs!, false);
    const open = await stripe.identity.verificationSessions.create({ type: 'document' });
    const pending = await stripe.identity.verificationSessions.retrieve(open.id, {
      expand: ['verified_outputs'],
    });
    assert.equal(pending.verified_outputs, null, 'expanded before a result: null');
  });

  test('a report leaves dob, expiration_date, number and id_number out unless expanded; an SSN shows its last four digits only', async () => {
    const session = await verifiedSession({
      type: 'document',
      options: { document: { require_id_number: true } },
    });
    const { last_verification_report: reportId } = await stripe.identity.verificationSessions.retrieve(
      session.id,
    );
    const plain = await stripe.identity.verificationReports.retrieve(reportId as string);
    for (const field of ['dob', 'expiration_date', 'number'])
      assert.equal(field in plain.document!, false, field);
    for (const field of ['dob', 'id_number']) assert.equal(field in plain.id_number!, false, field);
    const full = await stripe.identity.verificationReports.retrieve(
      reportId as string,
      { expand: ['document.dob', 'document.number', 'id_number.id_number', 'id_number.dob'] },
      { apiKey: sim.restrictedKey },
    );
    assert.equal(full.document?.number, 'D1234567');
    assert.equal(full.id_number?.id_number_type, 'us_ssn');
    assert.equal(full.id_number?.id_number, '0000', 'only the last four digits of a US SSN');
    const outputs = await stripe.identity.verificationSessions.retrieve(
      session.id,
      { expand: ['verified_outputs.id_number'] },
      { apiKey: sim.restrictedKey },
    );
    assert.equal(outputs.verified_outputs?.id_number, '0000');
  });

  test('redaction: the documented placeholders in the session and in the expanded report', async () => {
    const session = await verifiedSession({ type: 'document' });
    await stripe.identity.verificationSessions.redact(session.id);
    const redacted = await stripe.identity.verificationSessions.retrieve(
      session.id,
      { expand: ['verified_outputs.dob', 'last_verification_report'] },
      { apiKey: sim.restrictedKey },
    );
    assert.deepEqual(redacted.verified_outputs?.dob, { day: 1, month: 1, year: 1 });
    assert.deepEqual(redacted.verified_outputs?.address, {
      city: '[redacted]',
      country: 'US',
      line1: '[redacted]',
      line2: null,
      postal_code: '[redacted]',
      state: '[redacted]',
    });
    const report = await stripe.identity.verificationReports.retrieve(
      (redacted.last_verification_report as Stripe.Identity.VerificationReport).id,
      { expand: ['document.dob'] },
      { apiKey: sim.restrictedKey },
    );
    assert.deepEqual(report.document?.dob, { day: 1, month: 1, year: 1 });
    assert.equal(report.document?.address?.country, 'US');
    assert.equal(report.document?.first_name, '[redacted]');
  });

  test('no event carries a client_secret or a url; events and answers name the pinned version', async () => {
    const session = await stripe.identity.verificationSessions.create({ type: 'document' });
    assert.ok(session.client_secret, 'the creator gets the client_secret');
    const events = await stripe.events.list({ limit: 100 });
    assert.ok(events.data.length > 0);
    for (const event of events.data) {
      const object = event.data.object as Stripe.Identity.VerificationSession;
      assert.equal(object.client_secret, null, `${event.type} ${event.id}`);
      assert.equal(object.url, null);
      assert.equal(event.api_version, STRIPE_API_VERSION);
    }
    assert.ok(!JSON.stringify(events.data).includes(session.client_secret!));
    const { res } = await raw('/v1/events?limit=1');
    assert.equal(res.headers.get('stripe-version'), STRIPE_API_VERSION);
  });

  test('Stripe-Version: the pinned one or none is served; a malformed or other version is refused', async () => {
    assert.equal((await raw('/v1/events?limit=1', { version: STRIPE_API_VERSION })).res.status, 200);
    assert.equal((await raw('/v1/events?limit=1')).res.status, 200);
    const malformed = await raw('/v1/events?limit=1', { version: 'not-a-version' });
    assert.equal(malformed.res.status, 400);
    assert.equal(malformed.body.error?.type, 'invalid_request_error');
    assert.match(malformed.body.error?.message ?? '', /Invalid Stripe API version: not-a-version/);
    const other = await raw('/v1/events?limit=1', { version: '2024-04-10' });
    assert.equal(other.res.status, 400);
    assert.match(other.body.error?.message ?? '', /2024-04-10/);
    const old = new Stripe(sim.secretKey, {
      host: sim.host,
      port: sim.port,
      protocol: 'http',
      apiVersion: '2024-04-10' as Stripe.LatestApiVersion,
      maxNetworkRetries: 0,
    });
    await assert.rejects(() => old.events.list({ limit: 1 }), Stripe.errors.StripeInvalidRequestError);
  });

  test('idempotency: a key reused on another endpoint gets Stripe’s endpoint error; a key over 255 characters is refused', async () => {
    const key = `endpoint-${Date.now()}`;
    const session = await stripe.identity.verificationSessions.create(
      { type: 'document' },
      { idempotencyKey: key },
    );
    const reused = await stripe.identity.verificationSessions
      .cancel(session.id, {}, { idempotencyKey: key })
      .then(
        () => null,
        (error: unknown) => error,
      );
    assert.ok(reused instanceof Stripe.errors.StripeIdempotencyError);
    assert.equal(
      reused.message,
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('POST /v1/identity/verification_sessions' vs 'POST /v1/identity/verification_sessions/${session.id}/cancel'). Try using a key other than '${key}' if you meant to execute a different request.`,
    );
    const same = await stripe.identity.verificationSessions
      .create({ type: 'id_number' }, { idempotencyKey: key })
      .then(
        () => null,
        (error: unknown) => error,
      );
    assert.ok(same instanceof Stripe.errors.StripeIdempotencyError);
    assert.match(same.message, /same parameters/);

    const before = sim.sessions().length;
    const long = await raw('/v1/identity/verification_sessions', {
      method: 'POST',
      body: 'type=document',
      key: 'k'.repeat(256),
    });
    assert.equal(long.res.status, 400);
    assert.match(long.body.error?.message ?? '', /255 characters/);
    assert.equal(sim.sessions().length, before, 'nothing was created');
    const longest = await raw('/v1/identity/verification_sessions', {
      method: 'POST',
      body: 'type=document',
      key: 'k'.repeat(255),
    });
    assert.equal(longest.res.status, 200);
  });
});
