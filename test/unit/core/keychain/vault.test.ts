// The vault's logic and error mapping, against an in-memory keychain. The real keychain is
// exercised in test/keychain/.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCountersignError } from '../../../../contract/errors.ts';
import type { CountersignError } from '../../../../contract/errors.ts';
import { createVault, toKeychainError } from '../../../../main/core/keychain/index.ts';
import type { Keychain } from '../../../../main/core/index.ts';

// Assembled at run time: a made-up key that no secret scanner should mistake for a real one.
const KEY = ['sk', 'live', 'SECRETa1b2c3d4e5f6g7h8i9j0WXYZ'].join('_');
const TEST_KEY = 'rk_test_OTHERk1l2m3n4o5p6q7r8s9t0ABCD';

class FakeKeychain implements Keychain {
  readonly items = new Map<string, string>();
  readonly calls: string[] = [];
  failWith: Error | undefined;

  #maybeFail(): void {
    if (this.failWith) throw this.failWith;
  }
  async getPassword(service: string, account: string): Promise<string | null> {
    this.calls.push(`get ${service}/${account}`);
    this.#maybeFail();
    return this.items.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.calls.push(`set ${service}/${account}`);
    this.#maybeFail();
    this.items.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string): Promise<boolean> {
    this.calls.push(`delete ${service}/${account}`);
    this.#maybeFail();
    return this.items.delete(`${service}/${account}`);
  }
}

/** Every piece of text an error exposes: its message, its cause chain, its detail. */
function exposedText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, String(current.stack ?? ''));
    if (isCountersignError(current)) parts.push(JSON.stringify(current.detail));
    current = current.cause;
  }
  return parts.join('\n');
}

async function caught(promise: Promise<unknown>): Promise<CountersignError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isCountersignError(error), `expected a CountersignError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to throw');
}

describe('vault with a fake keychain', () => {
  test('stores under service Countersign and account default, returns mode and mask', async () => {
    const keychain = new FakeKeychain();
    const vault = createVault({ keychain });
    assert.deepEqual(await vault.store(` ${KEY}\n`), { mode: 'live', masked: 'sk_live_…WXYZ' });
    assert.equal(keychain.items.get('Countersign/default'), KEY, 'stored trimmed');
    assert.equal(await vault.read(), KEY);
    assert.deepEqual(await vault.describe(), { configured: true, mode: 'live', masked: 'sk_live_…WXYZ' });
  });

  test('a new key overwrites the old one, remove reports whether there was a key', async () => {
    const keychain = new FakeKeychain();
    const vault = createVault({ keychain, service: 'S' });
    await vault.store(KEY);
    assert.deepEqual(await vault.store(TEST_KEY), { mode: 'test', masked: 'rk_test_…ABCD' });
    assert.equal(await vault.read(), TEST_KEY);
    assert.equal(await vault.remove(), true);
    assert.equal(await vault.remove(), false);
    assert.equal(await vault.read(), null);
    assert.deepEqual(await vault.describe(), { configured: false });
  });

  test('a malformed key is refused before the keychain is touched', async () => {
    const keychain = new FakeKeychain();
    const vault = createVault({ keychain });
    for (const bad of ['', `pk_live_${KEY.slice(8)}`, `${KEY} ${KEY}`, 42, null]) {
      const error = await caught(vault.store(bad));
      assert.equal(error.code, 'key_malformed');
    }
    assert.deepEqual(keychain.calls, []);
  });

  test('a hand-edited value: describe says not configured, read throws key_malformed', async () => {
    const keychain = new FakeKeychain();
    const edited = 'sk_live_SECRETa1b2c3 d4e5f6g7h8i9j0WXYZ';
    keychain.items.set('Countersign/default', edited);
    const vault = createVault({ keychain });
    assert.deepEqual(await vault.describe(), { configured: false });
    const error = await caught(vault.read());
    assert.equal(error.code, 'key_malformed');
    assert.match(error.message, /Settings/);
    assert.ok(!exposedText(error).includes('SECRET'), 'no part of the stored value');
    // Storing a valid key repairs it.
    await vault.store(KEY);
    assert.equal(await vault.read(), KEY);
  });

  test('the locked-collection message becomes keychain_locked', async () => {
    const keychain = new FakeKeychain();
    keychain.failWith = new Error('Cannot create an item in a locked collection');
    const vault = createVault({ keychain });
    const error = await caught(vault.store(KEY));
    assert.equal(error.code, 'keychain_locked');
    assert.match(error.message, /locked/);
    assert.match(error.message, /try again/);
    assert.equal(error.detail.operation, 'store');
  });

  test('keychain failures map to typed errors', () => {
    const cases: Array<[string, string]> = [
      ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'keychain_unavailable'],
      ['The name org.freedesktop.secrets was not provided by any .service files', 'keychain_unavailable'],
      ['No such interface “org.freedesktop.Secret.Service” on object at path /', 'keychain_unavailable'],
      ['Could not connect: No such file or directory', 'keychain_unavailable'],
      ['Cannot create an item in a locked collection', 'keychain_locked'],
      ['Cannot get secret of a locked object', 'keychain_locked'],
      ['org.freedesktop.Secret.Error.IsLocked', 'keychain_locked'],
      ['Prompt dismissed', 'keychain_locked'],
      ['prompt dismissed', 'keychain_locked'],
      ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'keychain_locked'],
      ['errSecInteractionNotAllowed', 'keychain_locked'],
      ['User interaction is not allowed.', 'keychain_locked'],
      ['User canceled the operation.', 'keychain_locked'],
      ['The specified item already exists in the keychain.', 'keychain_refused'],
      ['Access is denied.', 'keychain_refused'],
      ['', 'keychain_refused'],
    ];
    for (const [message, code] of cases) {
      const error = toKeychainError(new Error(message), { operation: 'read', account: 'default' });
      assert.equal(error.code, code, message);
    }
    assert.equal(
      toKeychainError('a string', { operation: 'read', account: 'default' }).code,
      'keychain_refused',
    );
    assert.equal(
      toKeychainError(undefined, { operation: 'read', account: 'default' }).code,
      'keychain_refused',
    );
  });

  test('the unavailable message tells a person what to do', () => {
    const error = toKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), {
      operation: 'read',
      account: 'default',
    });
    assert.equal(
      error.message,
      'The system keychain is not available. On Linux install and start gnome-keyring or another Secret Service, then try again.',
    );
  });

  test('the key never appears in any error, even when the keychain echoes it', async () => {
    for (const message of [
      `Cannot create an item in a locked collection: ${KEY}`,
      `Could not connect while saving ${KEY}`,
      `weird failure ${KEY} ${KEY}`,
    ]) {
      const keychain = new FakeKeychain();
      keychain.failWith = new Error(message);
      const vault = createVault({ keychain });
      const error = await caught(vault.store(`\n${KEY} `));
      assert.ok(error.cause instanceof Error, 'the cause is kept for bug reports');
      const text = exposedText(error) + JSON.stringify(error.toPayload());
      assert.ok(!text.includes(KEY), `key leaked: ${error.code}`);
      assert.ok(!text.includes('SECRETa1b2'), 'not even part of it');
    }
  });
});
