/**
 * The reveal against the simulator, key by key, as Stripe's "Access verification results" table
 * allows (docs/simulator.md): a secret key shows names, address and the ID number type and
 * withholds the date of birth and ID number; a restricted key shows them within 48 hours of the
 * verification and withholds them after, saying why; an IP-restricted key shows them always.
 * One manual clock drives the simulator and the core.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { RESTRICTED_KEY_WINDOW_MS, type VerifiedResult } from '../../../contract/ipc.ts';
import { startSimulator } from '../../../main/simulator/index.ts';
import { createSessions, type Sessions } from '../../../main/core/sessions/index.ts';
import type { Gateway } from '../../../main/core/stripe/index.ts';
import { simulatorGateway } from '../../support/backend.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { waitForStatus } from '../../support/simulator.ts';

describe('the reveal follows Stripe’s key rules', async () => {
  const clock = new ManualClock(1_800_000_000_000);
  const sim = await startSimulator({ processingDelayMs: 10, now: clock.now });
  after(() => sim.close());
  const secret = simulatorGateway(sim);

  function sessionsWith(sensitiveGateway: Gateway | null): Sessions {
    return createSessions({
      gateway: secret,
      sensitiveGateway,
      clock,
      maxAttempts: () => 3,
      attempts: { get: () => 1, tryState: () => 'unknown', begin: () => {}, shown: () => {} },
      returnUrl: () => undefined,
      station: 'counter-1',
    });
  }
  const secretOnly = sessionsWith(null);
  const restricted = sessionsWith(simulatorGateway(sim, sim.restrictedKey));
  const ipRestricted = sessionsWith(simulatorGateway(sim, sim.ipRestrictedKey));

  let made = 0;
  async function verifiedSession(requireIdNumber: boolean): Promise<string> {
    made += 1;
    const session = await secret.createSession(
      {
        type: 'document',
        client_reference_id: `reveal-${made}`,
        options: { document: { require_id_number: requireIdNumber } },
      },
      `reveal-${made}`,
    );
    const done = waitForStatus(sim, session.id, 'verified');
    await sim.submit(session.id, 'verified');
    await done;
    return session.id;
  }

  /** What the reveal shows, without the time it was fetched. */
  const shown = ({ fetchedAt: _at, ...rest }: VerifiedResult) => rest;
  const everyoneSees = {
    firstName: 'Jenny',
    lastName: 'Rosen',
    address: {
      line1: '1234 Main St.',
      line2: null,
      city: 'San Francisco',
      state: 'CA',
      postal_code: '94111',
      country: 'US',
    },
    idNumberType: 'us_ssn',
    email: null,
    phone: null,
    // Sign-in is the handlers' business: the core's reveal names nobody.
    revealedBy: null,
  };

  it('a secret key: names, address and ID number type; date of birth and ID number withheld, and why', async () => {
    const id = await verifiedSession(true);
    assert.deepEqual(shown(await secretOnly.result(id)), {
      ...everyoneSees,
      dob: null,
      idNumber: null,
      sensitiveKey: null,
      withheld: [
        { field: 'dob', reason: 'secret_key_only' },
        { field: 'idNumber', reason: 'secret_key_only' },
      ],
    });
  });

  it('a restricted key: everything within 48 hours; past them the sensitive results are withheld, the rest shown', async () => {
    const id = await verifiedSession(true);
    const all = {
      ...everyoneSees,
      dob: { day: 1, month: 1, year: 1901 },
      idNumber: '0000',
      sensitiveKey: 'restricted',
      withheld: [],
    };
    assert.deepEqual(shown(await restricted.result(id)), all);
    clock.set(clock.now() + RESTRICTED_KEY_WINDOW_MS - 1000);
    assert.deepEqual(shown(await restricted.result(id)), all, 'still inside the 48 hours');

    clock.set(clock.now() + 2000);
    assert.deepEqual(shown(await restricted.result(id)), {
      ...everyoneSees,
      dob: null,
      idNumber: null,
      sensitiveKey: 'restricted',
      withheld: [
        { field: 'dob', reason: 'past_48_hours' },
        { field: 'idNumber', reason: 'past_48_hours' },
      ],
    });
    assert.deepEqual(shown(await ipRestricted.result(id)), all, 'an IP-restricted key has no 48 hours');
  });

  it('a session without an ID number check withholds only the date of birth', async () => {
    const id = await verifiedSession(false);
    const result = await secretOnly.result(id);
    assert.equal(result.idNumberType, null);
    assert.deepEqual(result.withheld, [{ field: 'dob', reason: 'secret_key_only' }]);
    assert.deepEqual((await restricted.result(id)).withheld, []);
  });

  it('a restricted key Stripe refuses inside the 48 hours is told apart from the 48 hours', async () => {
    const id = await verifiedSession(false);
    // The account's secret key in the restricted key's place: Stripe refuses it the sensitive fields.
    const result = await sessionsWith(simulatorGateway(sim, sim.secretKey)).result(id);
    assert.deepEqual(result.withheld, [{ field: 'dob', reason: 'restricted_key_refused' }]);
    assert.equal(result.firstName, 'Jenny');
  });
});
