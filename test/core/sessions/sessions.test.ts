/**
 * The session lifecycle through the core (sessions + gateway + the official SDK) over real
 * HTTP: against the simulator always, and against Stripe's test mode as well when
 * STRIPE_TEST_SECRET_KEY is set. Steps that need the hosted flow completed run only where the
 * backend can do that (the simulator), and say so where it cannot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CountersignError } from '../../../contract/errors.ts';
import { checkStartInput } from '../../../contract/start-input.ts';
import { systemClock } from '../../../base/clock.ts';
import type { Gateway } from '../../../main/core/stripe/index.ts';
import { factsOf, type SessionFacts } from '../../../main/core/sessions/index.ts';
import { createSessions, newClientReferenceId } from '../../../main/core/sessions/index.ts';
import { eventually, startSimulatorBackend, stripeTestModeBackend } from '../../support/backend.ts';
import type { TestBackend } from '../../support/backend.ts';

const backends: Array<{ name: string; start: () => Promise<TestBackend | null> }> = [
  // A processing delay long enough to observe `processing` on a loaded machine.
  { name: 'simulator', start: () => startSimulatorBackend({ processingDelayMs: 400 }) },
  { name: 'stripe test mode', start: async () => stripeTestModeBackend() },
];

/**
 * The lifecycle as the app drives it: a creation from a checked input under a fresh reference,
 * attempts counted per session, the session read back through the one status mapping.
 */
function lifecycle(gateway: Gateway, maxAttempts = 3) {
  const counts = new Map<string, number>();
  // The app learns of a failed try from the watcher; here, from reading the session.
  const tries = new Map<string, 'pending' | 'failed'>();
  const sessions = createSessions({
    gateway,
    clock: systemClock,
    maxAttempts: () => maxAttempts,
    attempts: {
      get: (id) => counts.get(id) ?? 0,
      tryState: (id) => tries.get(id) ?? 'unknown',
      begin: (id, n) => {
        counts.set(id, n);
        tries.set(id, 'pending');
      },
      shown: (id) => void tries.set(id, 'pending'),
    },
    returnUrl: () => 'https://countersign.invalid/return',
    station: 'counter-1',
  });
  const withAttempts = (facts: SessionFacts) => ({ ...facts, attempts: counts.get(facts.id) ?? 0 });
  return {
    ...sessions,
    start: async (raw: unknown) => {
      const started = await sessions.create(checkStartInput(raw), newClientReferenceId());
      counts.set(started.session.id, 1);
      return { ...started, session: withAttempts(started.session) };
    },
    retry: async (id: string) => {
      const started = await sessions.handOut(id);
      return { ...started, session: withAttempts(started.session) };
    },
    get: async (id: string) => {
      const facts = factsOf(await gateway.retrieveSession(id));
      if (facts.status === 'requires_input' && facts.lastErrorCode !== null) tries.set(id, 'failed');
      return withAttempts(facts);
    },
  };
}
type Lifecycle = ReturnType<typeof lifecycle>;

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<CountersignError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CountersignError, `expected a CountersignError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}`);
}

for (const { name, start } of backends) {
  describe(`sessions lifecycle on ${name}`, () => {
    let backend: TestBackend | null = null;
    let sessions: Lifecycle;

    before(async () => {
      backend = await start();
      if (!backend) return;
      sessions = lifecycle(backend.gateway());
    });
    after(async () => backend?.close());

    const live = (t: { skip: (m: string) => void }) => {
      if (!backend) t.skip('STRIPE_TEST_SECRET_KEY is not set: skipped the run against Stripe test mode');
      return backend !== null;
    };
    const needsSubmit = (t: { skip: (m: string) => void }) => {
      if (!live(t)) return false;
      if (!backend!.submit) t.skip('Stripe has no API to complete the hosted flow: simulator only');
      return backend!.submit !== null;
    };

    it('starts a verification: a session in requires_input, a hosted url, no secret in the view', async (t) => {
      if (!live(t)) return;
      const { session, hostedUrl } = await sessions.start({
        type: 'document',
        document: {
          allowedTypes: ['passport', 'id_card'],
          requireMatchingSelfie: true,
          requireLiveCapture: true,
        },
        email: 'customer@example.com',
        reference: 'Order 1001',
      });
      assert.match(session.id ?? '', /^vs_/);
      assert.equal(session.status, 'requires_input');
      assert.equal(session.attempts, 1);
      assert.match(hostedUrl, /^https?:\/\//);
      const serialized = JSON.stringify(session);
      assert.ok(!serialized.includes(hostedUrl), 'the view never carries the hosted url');
      assert.ok(!serialized.includes('secret'), 'the view never carries the client secret');
      assert.ok(!serialized.includes('customer@example.com'), 'the view never carries provided details');
    });

    it('refuses bad input field by field before sending anything', async (t) => {
      if (!live(t)) return;
      const before = backend!.simulator?.sessions().length;
      const error = await rejectsWith(
        sessions.start({ type: 'selfie', email: 'not-an-email', phone: '12', reference: '' }),
        'invalid_input',
      );
      assert.ok(error.detail['field:type']);
      assert.ok(error.detail['field:email']);
      assert.ok(error.detail['field:phone']);
      assert.ok(error.detail['field:reference']);
      if (backend!.simulator) assert.equal(backend!.simulator.sessions().length, before);
    });

    it('runs through processing to verified, and gives the result on demand', async (t) => {
      if (!needsSubmit(t)) return;
      const { session } = await sessions.start({ type: 'document', reference: 'Order 1002' });
      await backend!.submit!(session.id!, 'verified');
      assert.equal((await sessions.get(session.id!)).status, 'processing');
      await rejectsWith(sessions.result(session.id!), 'invalid_state');
      const verified = await waitForStatus(sessions, session.id!, 'verified');
      assert.equal(verified.lastErrorCode, null);
      const result = await sessions.result(session.id!);
      assert.ok(result.firstName && result.lastName, 'verified outputs carry a name');
      // A secret key reads names and address; the date of birth needs a restricted key
      // (verified-result.test.ts shows the restricted key's reveal).
      assert.equal(result.dob, null);
      assert.deepEqual(result.withheld, [{ field: 'dob', reason: 'secret_key_only' }]);
      const checks = await sessions.checks(session.id!);
      assert.deepEqual(
        checks.map((c) => [c.check, c.status]),
        [['document', 'verified']],
      );
    });

    it('a failed check: requires_input with last_error, retry on the same session, then verified', async (t) => {
      if (!needsSubmit(t)) return;
      const first = await sessions.start({ type: 'document', reference: 'Order 1003' });
      await backend!.submit!(first.session.id!, 'document_expired');
      const failed = await waitForStatus(
        sessions,
        first.session.id!,
        'requires_input',
        (s) => s.lastErrorCode !== null,
      );
      assert.equal(failed.lastErrorCode, 'document_expired');
      assert.ok(failed.lastErrorReason);
      const checks = await sessions.checks(first.session.id!);
      assert.equal(checks[0]?.errorCode, 'document_expired');

      const again = await sessions.retry(first.session.id!);
      assert.equal(again.session.id, first.session.id, 'the retry uses the same session');
      assert.notEqual(again.hostedUrl, first.hostedUrl, 'with a fresh url');
      assert.equal(again.session.attempts, 2);
      await backend!.submit!(first.session.id!, 'verified');
      await waitForStatus(sessions, first.session.id!, 'verified');
      await rejectsWith(sessions.retry(first.session.id!), 'invalid_state');
    });

    it('caps attempts per session', async (t) => {
      if (!needsSubmit(t)) return;
      const capped = lifecycle(backend!.gateway(), 2);
      const { session } = await capped.start({ type: 'document', reference: 'Order 1004' });
      await backend!.submit!(session.id!, 'document_type_not_supported');
      await waitForStatus(capped, session.id!, 'requires_input', (s) => s.lastErrorCode !== null);
      await capped.retry(session.id!);
      await backend!.submit!(session.id!, 'document_unverified_other');
      await waitForStatus(
        capped,
        session.id!,
        'requires_input',
        (s) => s.lastErrorCode === 'document_unverified_other',
      );
      const error = await rejectsWith(capped.retry(session.id!), 'attempts_exhausted');
      assert.match(error.message, /2 times/);
    });

    it('two retries at once count one attempt', async (t) => {
      if (!needsSubmit(t)) return;
      const capped = lifecycle(backend!.gateway(), 2);
      const { session } = await capped.start({ type: 'document', reference: 'Order 1009' });
      await backend!.submit!(session.id!, 'document_expired');
      await waitForStatus(capped, session.id!, 'requires_input', (s) => s.lastErrorCode !== null);
      const results = await Promise.allSettled([capped.retry(session.id!), capped.retry(session.id!)]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal((refused.reason as CountersignError).code, 'invalid_state');
      assert.equal((await capped.get(session.id!)).attempts, 2, 'one attempt counted, the cap holds');
    });

    it('cancels at the counter, and refuses to cancel once processing or verified', async (t) => {
      if (!live(t)) return;
      const { session } = await sessions.start({ type: 'id_number', reference: 'Order 1005' });
      const canceled = await sessions.cancel(session.id!);
      assert.equal(canceled.status, 'canceled');
      await rejectsWith(sessions.retry(session.id!), 'invalid_state');
      if (!needsSubmit(t)) return;
      const other = await sessions.start({ type: 'document', reference: 'Order 1006' });
      await backend!.submit!(other.session.id!, 'verified');
      await rejectsWith(sessions.cancel(other.session.id!), 'invalid_state');
      await waitForStatus(sessions, other.session.id!, 'verified');
      await rejectsWith(sessions.cancel(other.session.id!), 'invalid_state');
    });

    it('redacts: the session is marked redacted and its result is gone', async (t) => {
      if (!needsSubmit(t)) return;
      const { session } = await sessions.start({ type: 'document', reference: 'Order 1007' });
      await backend!.submit!(session.id!, 'verified');
      await rejectsWith(sessions.redact(session.id!), 'invalid_state');
      await waitForStatus(sessions, session.id!, 'verified');
      const redacted = await sessions.redact(session.id!);
      assert.equal(redacted.redacted, true);
      await rejectsWith(sessions.result(session.id!), 'invalid_state');
    });

    it('the gateway refuses a creation without its reference or key, before sending it', async (t) => {
      if (!live(t)) return;
      const gateway = backend!.gateway();
      await rejectsWith(gateway.createSession({ type: 'document' }, 'some-key'), 'internal');
      await rejectsWith(
        gateway.createSession({ type: 'document', client_reference_id: 'cs_x' }, ''),
        'internal',
      );
    });

    it('maps Stripe errors: unknown session, bad key', async (t) => {
      if (!live(t)) return;
      await rejectsWith(sessions.get('vs_doesnotexist000000000000'), 'session_not_found');
      const badKey = lifecycle(backend!.gateway({ apiKey: 'sk_test_' + 'x'.repeat(24) }));
      const error = await rejectsWith(
        badKey.start({ type: 'document', reference: 'Order 1008' }),
        'stripe_authentication',
      );
      assert.ok(!error.message.includes('x'.repeat(24)), 'the message never echoes the key');
    });
  });
}

async function waitForStatus(
  sessions: Lifecycle,
  id: string,
  status: string,
  extra: (s: Awaited<ReturnType<Lifecycle['get']>>) => boolean = () => true,
) {
  let last = '';
  try {
    return await eventually(async () => {
      const view = await sessions.get(id);
      last = view.status;
      return view.status === status && extra(view) ? view : undefined;
    });
  } catch (error) {
    // A request that failed is reported as it is; only the timeout gets the last status seen.
    if (!(error instanceof Error && error.message.startsWith('condition not met'))) throw error;
    return assert.fail(`session ${id} stayed ${last}, expected ${status}`);
  }
}
