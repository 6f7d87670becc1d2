/**
 * Key changes sent at once: the backend host runs them one after another, so exactly one
 * backend is left, and after close nothing is left listening. (Before the host serialised
 * them, remove/store/remove/remove at once left two simulators listening, one of them after
 * close.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppCore } from '../../../main/core/index.ts';
import { silentLogger } from '../../../base/logger.ts';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index.ts';
import { confStoreFactory } from '../../support/conf-store.ts';
import { memoryKeychain } from '../../harness/keychain.ts';

/** Whether something accepts connections on this port of 127.0.0.1. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('switching backends', () => {
  let stripe: RunningSimulator;
  let dir: string;
  before(async () => {
    // Plays Stripe for the stored key.
    stripe = await startSimulator({});
    dir = mkdtempSync(join(tmpdir(), 'countersign-switch-'));
  });
  after(async () => {
    await stripe.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('concurrent key changes leave one backend, and nothing listening after close', async () => {
    const started: RunningSimulator[] = [];
    const core = await createAppCore({
      storeFactory: confStoreFactory(dir),
      keychain: memoryKeychain(),
      keychainService: 'countersign-switch-test',
      station: 'counter-9',
      version: '0.0.0-test',
      logger: silentLogger,
      startSimulator: async () => {
        const sim = await startSimulator({});
        started.push(sim);
        return sim;
      },
      apiTarget: { host: stripe.host, port: stripe.port, protocol: stripe.protocol },
    });
    const staff = { window: 'staff' as const };
    const results = await Promise.allSettled([
      core.handlers['key.remove'](undefined, staff),
      core.handlers['key.store']({ key: stripe.secretKey }, staff),
      core.handlers['key.remove'](undefined, staff),
      core.handlers['key.remove'](undefined, staff),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    // In the order sent: nothing to remove, stored, removed, nothing to remove.
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    assert.deepEqual(values[0], { removed: false });
    assert.equal((values[1] as { mode: string }).mode, 'test');
    assert.deepEqual(values.slice(2), [{ removed: true }, { removed: false }]);
    const status = await core.handlers['app.status'](undefined, staff);
    assert.equal(status.backend, 'simulator');
    const open = await Promise.all(started.map((sim) => listening(sim.port)));
    assert.equal(open.filter(Boolean).length, 1, 'exactly one simulator listens');
    assert.equal(core.simulator()?.port, started[open.indexOf(true)]?.port, 'and it is the backend in use');
    assert.equal(started.length, 2, 'one at start, one after the key was removed');

    await core.close();
    const afterClose = await Promise.all(started.map((sim) => listening(sim.port)));
    assert.deepEqual(
      afterClose,
      started.map(() => false),
      'nothing listens after close',
    );
  });
});
