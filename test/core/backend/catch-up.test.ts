/**
 * Catch-up: sessions that changed while the app was closed get their current status when it
 * starts again — from the persisted Events API cursor, and by retrieve for sessions older than
 * the 30 days Stripe keeps events. The app runs with a stored key (an in-memory keychain)
 * pointed at a simulator that outlives it, as real Stripe does.
 */
import { specCheck } from '../../support/stripe-spec.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseMethodResult } from '../../../contract/ipc.ts';
import { createAppCore, type AppCoreDeps, type Keychain } from '../../../main/core/index.ts';
import { silentLogger } from '../../../base/logger.ts';
import { openRecords } from '../../../main/core/records/index.ts';
import { idempotencyKeyFor } from '../../../main/core/sessions/index.ts';
import { MemoryStore } from '../../../main/core/storage/index.ts';
import { EVENTS_RETENTION_MS, createWatcher } from '../../../main/core/watcher/index.ts';
import type { SessionUpdate } from '../../../main/core/watcher/index.ts';
import { startSimulator } from '../../../main/simulator/index.ts';
import type { RunningSimulator } from '../../../main/simulator/index.ts';
import { eventually, simulatorGateway, withoutEventsFor } from '../../support/backend.ts';
import { confStoreFactory } from '../../support/conf-store.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { RECHECK_DELAYS_MS } from '../../../main/core/backend/index.ts';
import { ManualClock } from '../../support/manual-clock.ts';

// Every answer the simulator sends in this file is checked against Stripe's spec.
const spec = specCheck();

describe('catch-up after the app was closed', () => {
  let sim: RunningSimulator;
  let dir: string;
  const keychain = memoryKeychain();

  before(async () => {
    sim = await startSimulator({ onResponse: spec.onResponse, processingDelayMs: 20 });
    dir = mkdtempSync(join(tmpdir(), 'countersign-catchup-'));
  });
  after(async () => {
    await sim.close();
    spec.assertClean();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (clock?: ManualClock) => {
    const deps: AppCoreDeps = {
      ...(clock ? { clock } : {}),
      storeFactory: confStoreFactory(dir),
      keychain,
      station: 'counter-2',
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: () => startSimulator({}),
      apiTarget: { host: sim.host, port: sim.port, protocol: sim.protocol },
    };
    return createAppCore(deps);
  };

  it('picks up every change made while closed, from the cursor', async () => {
    let core = await open();
    assert.equal((await core.handlers['app.status'](undefined, { window: 'staff' })).backend, 'simulator');
    // The simulator's key is a test key: store it as if it were the operator's Stripe key.
    await core.handlers['key.store']({ key: sim.secretKey }, { window: 'staff' });
    const status = parseMethodResult(
      'app.status',
      await core.handlers['app.status'](undefined, { window: 'staff' }),
    );
    assert.equal(status.backend, 'stripe');
    assert.equal(status.maskedKey, `sk_test_…${sim.secretKey.slice(-4)}`);

    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const started = await core.handlers['sessions.start'](
        { type: 'document', reference: `Closed ${i}` },
        { window: 'staff' },
      );
      assert.equal(started.outcome, 'created');
      if (started.outcome === 'created') ids.push(started.session.id!);
    }
    await core.close();

    // While the app is closed: two verified, one failed a check, one canceled elsewhere.
    await sim.submit(ids[0]!, 'verified');
    await sim.submit(ids[1]!, 'verified');
    await sim.submit(ids[2]!, 'document_unverified_other');
    await fetch(`${sim.url}/v1/identity/verification_sessions/${ids[3]}/cancel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}` },
    });
    await eventually(() =>
      sim.sessions().filter((s) => ids.includes(s.id) && s.status === 'processing').length === 0
        ? true
        : undefined,
    );

    // The app starts again on the test's clock: the watcher's first tick, after its slow
    // interval, comes as soon as nothing else is left to do, not seconds later.
    const clock = new ManualClock(Date.now());
    core = await clock.drive(open(clock));
    try {
      const expected = ['verified', 'verified', 'requires_input', 'canceled'];
      await clock.runUntil(async () => {
        const list = await core.handlers['sessions.list']({}, { window: 'staff' });
        const statuses = ids.map((id) => list.find((s) => s.id === id)?.status);
        return JSON.stringify(statuses) === JSON.stringify(expected);
      }, 10_000);
      const list = await core.handlers['sessions.list']({}, { window: 'staff' });
      assert.equal(list.find((s) => s.id === ids[2])?.lastErrorCode, 'document_unverified_other');
    } finally {
      await core.handlers['key.remove'](undefined, { window: 'staff' });
      await core.close();
    }
  });

  it('a locked keychain at start: runs on the simulator, says why, and switches once unlocked', async () => {
    const items = new Map<string, string>();
    let locked = false;
    const lockable: Keychain = {
      getPassword: async (s, a) => {
        if (locked && a === 'default') throw new Error('Cannot get secret of a locked object');
        return items.get(`${s}/${a}`) ?? null;
      },
      setPassword: async (s, a, p) => void items.set(`${s}/${a}`, p),
      deletePassword: async (s, a) => items.delete(`${s}/${a}`),
    };
    const deps: AppCoreDeps = {
      storeFactory: confStoreFactory(dir),
      keychain: lockable,
      station: 'counter-4',
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: () => startSimulator({}),
      apiTarget: { host: sim.host, port: sim.port, protocol: sim.protocol },
    };
    let core = await createAppCore(deps);
    await core.handlers['key.store']({ key: sim.secretKey }, { window: 'staff' });
    await core.close();

    locked = true;
    core = await createAppCore(deps);
    try {
      const status = await core.handlers['app.status'](undefined, { window: 'staff' });
      assert.equal(status.backend, 'simulator');
      assert.equal(status.keyProblem?.code, 'keychain_locked');
      assert.match(status.keyProblem?.message ?? '', /locked/);
      await assert.rejects(core.handlers['key.test'](undefined, { window: 'staff' }), {
        code: 'keychain_locked',
      });

      locked = false;
      const tested = await core.handlers['key.test'](undefined, { window: 'staff' });
      assert.equal(tested.mode, 'test');
      const after = await core.handlers['app.status'](undefined, { window: 'staff' });
      assert.equal(after.backend, 'stripe');
      assert.equal(after.keyProblem, null);
    } finally {
      await core.handlers['key.remove'](undefined, { window: 'staff' });
      await core.close();
    }
  });

  it('a creation Stripe refuses for good is recorded as failed, not left queued', async () => {
    const core = await open();
    try {
      // A well-formed key this "Stripe" does not know.
      await core.handlers['key.store']({ key: 'sk_test_' + 'Q'.repeat(30) }, { window: 'staff' });
      await assert.rejects(
        core.handlers['sessions.start']({ type: 'document', reference: 'Refused 1' }, { window: 'staff' }),
        { code: 'stripe_authentication' },
      );
      const list = await core.handlers['sessions.list']({}, { window: 'staff' });
      const record = list.find((s) => s.reference === 'Refused 1');
      assert.equal(record?.status, 'failed');
      assert.equal(record?.lastErrorCode, 'stripe_authentication');
      assert.equal((await core.handlers['app.status'](undefined, { window: 'staff' })).queued, 0);
    } finally {
      await core.handlers['key.remove'](undefined, { window: 'staff' });
      await core.close();
    }
  });

  it('a creation the app stopped in the middle of is looked up by its reference at the next start', async () => {
    let core = await open();
    await core.handlers['key.store']({ key: sim.secretKey }, { window: 'staff' });
    await core.close();
    // What a crash between "record queued" and "Stripe answered" leaves: two records marked
    // queued with no outbox item; Stripe has one of them.
    const records = openRecords({
      storeFactory: (name, o) => confStoreFactory(dir)(`stripe-test-${name}`, o),
    });
    records.add({
      clientReferenceId: 'cs_reached',
      reference: 'Crash 1',
      type: 'document',
      status: 'queued',
    });
    records.add({ clientReferenceId: 'cs_never', reference: 'Crash 2', type: 'document', status: 'queued' });
    records.flush();
    const gateway = simulatorGateway(sim);
    const onStripe = await gateway.createSession(
      { type: 'document', client_reference_id: 'cs_reached' },
      idempotencyKeyFor('cs_reached'),
    );
    const clock = new ManualClock(Date.now());
    core = await open(clock);
    try {
      await core.reconciled();
      const rows = async () => {
        const list = await core.handlers['history.search'](
          { reference: 'Crash', page: 0, pageSize: 10 },
          { window: 'staff' },
        );
        return Object.fromEntries(list.rows.map((r) => [r.reference, r]));
      };
      let byRef = await rows();
      assert.equal(byRef['Crash 1']?.id, onStripe.id);
      assert.equal(byRef['Crash 1']?.status, 'requires_input');
      // Not found once is not "never made": a late request may still arrive.
      assert.equal(byRef['Crash 2']?.status, 'queued');
      assert.equal(byRef['Crash 2']?.lastErrorCode, 'checking');
      // Each look-up is scheduled when the one before has answered: move time on until the last.
      byRef = await eventually(async () => {
        await clock.advanceAsync(Math.max(...RECHECK_DELAYS_MS));
        const now = await rows();
        return now['Crash 2']?.status === 'failed' ? now : undefined;
      });
      assert.equal(byRef['Crash 2']?.lastErrorCode, 'not_created');
      assert.equal(
        sim.sessions().filter((s) => s.client_reference_id === 'cs_reached').length,
        1,
        'no duplicate',
      );
    } finally {
      await core.handlers['key.remove'](undefined, { window: 'staff' });
      await core.close();
    }
  });

  it('retrieves sessions older than the Events API keeps events', async () => {
    const gateway = simulatorGateway(sim);
    const created = await gateway.createSession(
      { type: 'document', client_reference_id: 'cs_old' },
      `old-${Date.now()}`,
    );
    await sim.submit(created.id, 'verified');
    await eventually(() =>
      sim.sessions().find((s) => s.id === created.id)?.status === 'verified' ? true : undefined,
    );

    // The app was closed for 31 days: the watcher's clock is a month ahead of the session.
    const realNow = Date.now();
    const clock = new ManualClock(realNow + EVENTS_RETENTION_MS + 24 * 3600_000);
    // ...and Stripe no longer has the session's events.
    const expired = withoutEventsFor(gateway, created.id);
    const watcher = createWatcher({ gateway: expired, store: new MemoryStore(), clock });
    const updates: SessionUpdate[] = [];
    watcher.subscribe((u) => updates.push(u));
    watcher.track(created.id, { status: 'requires_input', createdAt: realNow });
    const before = sim.stats().byRoute['GET /v1/identity/verification_sessions/:id'] ?? 0;
    await watcher.tick();
    const after = sim.stats().byRoute['GET /v1/identity/verification_sessions/:id'] ?? 0;
    assert.equal(after - before, 1, 'one retrieve for the old session');
    assert.equal(updates.at(-1)?.status, 'verified');
    assert.equal(updates.at(-1)?.source, 'retrieve');
  });
});
