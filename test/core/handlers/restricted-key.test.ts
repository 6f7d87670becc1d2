/**
 * The restricted key beside the secret key, through the app core as the staff window calls it:
 * kept in the keychain under its own account, masked in app.status, never logged; only `rk_`
 * keys of the secret key's mode are taken; the reveal reads the date of birth with it (and says
 * why it cannot without it). A simulator plays Stripe for the stored keys.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseMethodResult, type MethodName } from '../../../contract/ipc.ts';
import { createLogger } from '../../../base/logger.ts';
import { createAppCore } from '../../../main/core/index.ts';
import { startSimulator } from '../../../main/simulator/index.ts';
import { memoryKeychain } from '../../harness/keychain.ts';
import { confStoreFactory } from '../../support/conf-store.ts';
import { waitForStatus } from '../../support/simulator.ts';

describe('the restricted key for sensitive results', async () => {
  const stripe = await startSimulator({ processingDelayMs: 10 });
  const dir = mkdtempSync(join(tmpdir(), 'countersign-restricted-'));
  const keychain = memoryKeychain();
  const logged: string[] = [];
  const core = await createAppCore({
    storeFactory: confStoreFactory(dir),
    keychain,
    keychainService: 'countersign-restricted-test',
    station: 'counter-1',
    version: '0.0.0-test',
    logger: createLogger((_level, line) => void logged.push(line)),
    startSimulator: () => startSimulator({ processingDelayMs: 10 }),
    apiTarget: { host: stripe.host, port: stripe.port, protocol: stripe.protocol },
  });
  after(async () => {
    await core.close();
    await stripe.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async <K extends MethodName>(name: K, args?: unknown) => {
    const handler = core.handlers[name] as (a: unknown, c: { window: 'staff' }) => Promise<unknown>;
    return parseMethodResult(name, await handler(args, { window: 'staff' }));
  };
  const refusal = async (run: Promise<unknown>) => {
    try {
      await run;
    } catch (error) {
      return error as { code: string; text?: { id: string } };
    }
    assert.fail('expected a refusal');
  };

  async function verified(): Promise<string> {
    const started = await call('sessions.start', { type: 'document', reference: 'Order 1' });
    assert.equal(started.outcome, 'created');
    const id = started.outcome === 'created' ? started.session.id! : '';
    const done = waitForStatus(stripe, id, 'verified');
    await stripe.submit(id, 'verified');
    await done;
    return id;
  }

  it('without it, the reveal shows the name and says why the date of birth is not shown', async () => {
    await call('key.store', { key: stripe.secretKey });
    const status = await call('app.status');
    assert.equal(status.backend, 'stripe');
    assert.equal(status.maskedRestrictedKey, null);
    const result = await call('sessions.result', { id: await verified() });
    assert.equal(result.firstName, 'Jenny');
    assert.equal(result.dob, null);
    assert.deepEqual(result.withheld, [{ field: 'dob', reason: 'secret_key_only' }]);
  });

  it('takes only a restricted key, and only of the secret key’s mode', async () => {
    const notRestricted = await refusal(call('key.storeRestricted', { key: stripe.secretKey }));
    assert.equal(notRestricted.code, 'key_malformed');
    assert.equal(notRestricted.text?.id, 'restricted_key_expected');
    const otherMode = await refusal(call('key.storeRestricted', { key: 'rk_live_' + 'a'.repeat(24) }));
    assert.equal(otherMode.text?.id, 'restricted_key_other_mode');
    assert.equal(await keychain.getPassword('countersign-restricted-test', 'restricted'), null);
  });

  it('with it, the reveal shows the date of birth; it is masked in the status and never logged', async () => {
    const stored = await call('key.storeRestricted', { key: stripe.restrictedKey });
    assert.equal(stored.masked, `rk_test_…${stripe.restrictedKey.slice(-4)}`);
    assert.equal(
      await keychain.getPassword('countersign-restricted-test', 'restricted'),
      stripe.restrictedKey,
    );
    assert.equal(await keychain.getPassword('countersign-restricted-test', 'default'), stripe.secretKey);
    assert.equal((await call('app.status')).maskedRestrictedKey, stored.masked);

    const result = await call('sessions.result', { id: await verified() });
    assert.deepEqual(result.dob, { day: 1, month: 1, year: 1901 });
    assert.equal(result.sensitiveKey, 'restricted');
    assert.deepEqual(result.withheld, []);
    assert.ok(!logged.join('\n').includes(stripe.restrictedKey), 'the restricted key is never logged');

    assert.deepEqual(await call('key.removeRestricted'), { removed: true });
    assert.equal((await call('app.status')).maskedRestrictedKey, null);
    assert.equal(await keychain.getPassword('countersign-restricted-test', 'default'), stripe.secretKey);
  });
});
