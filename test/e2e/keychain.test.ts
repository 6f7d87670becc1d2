/**
 * A key stored, then the app restarted with the keychain locked: the console says so at the top
 * (and Settings says it instead of "No key stored"), runs on the simulator meanwhile, and once
 * the keychain is unlocked "Try again" puts it back on Stripe (a second simulator plays Stripe).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseMethodArgs } from '../../contract/ipc.ts';
import { startSimulator } from '../../main/simulator/index.ts';
import type { RunningSimulator } from '../../main/simulator/index.ts';
import { memoryKeychain } from '../harness/keychain.ts';
import { startHarness } from '../harness/server.ts';
import { openStage, rendererForTests, screenshot, type Stage } from '../support/e2e.ts';

describe('e2e: keychain locked at start', () => {
  let stage: Stage;
  let stripeLike: RunningSimulator;
  const keychain = memoryKeychain();
  const storeDir = mkdtempSync(join(tmpdir(), 'countersign-e2e-keychain-'));

  before(async () => {
    stripeLike = await startSimulator({ processingDelayMs: 100 });
    const apiTarget = { host: stripeLike.host, port: stripeLike.port, protocol: 'http' as const };
    // The first run stores the key (no browser needed for that).
    const first = await startHarness({
      rendererDir: await rendererForTests(),
      keychain,
      apiTarget,
      storeDir,
    });
    await first.core.handlers['key.store'](parseMethodArgs('key.store', { key: stripeLike.secretKey }), {
      window: 'staff',
    });
    assert.equal((await first.core.handlers['app.status'](undefined, { window: 'staff' })).backend, 'stripe');
    await first.close();
    // The next start finds the keychain locked.
    keychain.lock();
    stage = await openStage({ keychain, apiTarget, storeDir });
  });
  after(async () => {
    await stage?.close();
    await stripeLike?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('the console shows the keychain problem; unlocked, "Try again" returns to Stripe', async () => {
    const { staff } = stage;
    const note = staff.getByTestId('key-problem');
    await note.waitFor();
    assert.equal(await note.getAttribute('data-code'), 'keychain_locked');
    assert.match((await note.textContent()) ?? '', /keychain is locked/i);
    await staff.getByTestId('simulator-banner').waitFor();
    await screenshot(staff, 'staff-keychain-locked');

    // Still locked: it says so, and stays on the simulator.
    await note.getByTestId('key-problem-retry').click();
    await note.getByTestId('key-problem-still').waitFor();
    await staff.getByTestId('simulator-banner').waitFor();

    // Settings says what is wrong instead of "No key stored".
    await staff.getByTestId('tab-settings').click();
    const masked = (await staff.getByTestId('masked-key').textContent()) ?? '';
    assert.match(masked, /could not be read/);
    assert.doesNotMatch(masked, /No key stored/);
    await staff.getByTestId('tab-console').click();

    keychain.unlock();
    await note.getByTestId('key-problem-retry').click();
    await staff.getByTestId('simulator-banner').waitFor({ state: 'detached' });
    await note.waitFor({ state: 'detached' });
    await staff.getByTestId('tab-settings').click();
    assert.match((await staff.getByTestId('masked-key').textContent()) ?? '', /In use: sk_test_/);
    assert.deepEqual(stage.pageErrors, []);
  });
});
