/**
 * Retention at Stripe on a station with its own key (issue 18): with `redactAfterDays` set, the
 * station redacts each session that ended more than that many days ago — verified, or left
 * waiting for input — once, through the one redact path (Stripe, then its record). Off by
 * default. The app runs with a key (the simulator's, pointed at as Stripe) on a clock moved by
 * hand.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { silentLogger } from '../../../base/logger.ts';
import { STRIPE_API_VERSION } from '../../../contract/stripe-api-version.ts';
import { createAppCore, type AppCore } from '../../../main/core/index.ts';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { confStoreFactory } from '../../support/conf-store.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const DAY = 24 * 3600_000;
const REDACT = 'POST /v1/identity/verification_sessions/:id/redact';
const staff = { window: 'staff' as const };

describe('a station with its own key redacts by its retention setting', () => {
  let sim: RunningSimulator;
  let dir: string;
  let core: AppCore<RunningSimulator>;
  let clock: ManualClock;
  before(async () => {
    sim = await startSimulator({ processingDelayMs: 10 });
    dir = mkdtempSync(join(tmpdir(), 'countersign-autoredact-'));
    clock = new ManualClock(Date.now());
    core = await clock.drive(
      createAppCore<RunningSimulator>({
        clock,
        storeFactory: confStoreFactory(dir),
        keychain: memoryKeychain(),
        keychainService: 'countersign-auto-redact-test',
        station: 'counter-3',
        version: '0.0.0-test',
        logger: silentLogger,
        startSimulator: () => startSimulator({}),
        apiTarget: { host: sim.host, port: sim.port, protocol: sim.protocol },
      }),
    );
    await core.handlers['key.store']({ key: sim.secretKey }, staff);
  });
  after(async () => {
    await core.handlers['key.remove'](undefined, staff);
    await core.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('off by default; then past N days each ended session is redacted at Stripe, once', async () => {
    assert.equal((await core.handlers['app.status'](undefined, staff)).backend, 'stripe');
    const start = async (reference: string) => {
      const r = await core.handlers['sessions.start']({ type: 'document', reference }, staff);
      assert.equal(r.outcome, 'created');
      return r.outcome === 'created' ? r.session.id! : '';
    };
    const verified = [await start('Retain 1'), await start('Retain 2')];
    const waiting = await start('Retain 3');
    for (const id of verified) await sim.submit(id, 'verified');
    await clock.runUntil(async () => {
      const list = await core.handlers['sessions.list']({}, staff);
      return verified.every((id) => list.find((s) => s.id === id)?.status === 'verified');
    }, 10_000);

    clock.set(clock.now() + 400 * DAY);
    assert.equal(await core.redactDue(), 0, 'off by default');
    clock.set(clock.now() - 400 * DAY);

    await core.handlers['settings.update']({ redactAfterDays: 7 }, staff);
    assert.equal(await core.redactDue(), 0, 'not yet due');
    clock.set(clock.now() + 8 * DAY);
    assert.equal(await core.redactDue(), 3);
    assert.equal(await core.redactDue(), 0, 'nothing twice');
    assert.equal(sim.stats().byRoute[REDACT], 3, 'one request per session');

    const stripe = new Stripe(sim.secretKey, {
      apiVersion: STRIPE_API_VERSION,
      host: sim.host,
      port: sim.port,
      protocol: 'http',
    });
    for (const id of [...verified, waiting]) {
      assert.notEqual((await stripe.identity.verificationSessions.retrieve(id)).redaction, null, id);
    }
    const { rows } = await core.handlers['history.search']({ page: 0, pageSize: 100 }, staff);
    for (const id of [...verified, waiting]) assert.equal(rows.find((r) => r.id === id)?.redacted, true, id);
  });
});
