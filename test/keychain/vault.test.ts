// The vault against the real system keychain (a Secret Service over D-Bus on Linux).
// `npm test` starts a private unlocked gnome-keyring when none is reachable (scripts/test.mjs);
// each run uses its own service name and deletes what it wrote.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import keytar from 'keytar';
import { isCountersignError } from '../../contract/errors.ts';
import { createVault, loadSystemKeychain } from '../../main/core/keychain/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVICE = `Countersign-test-${randomBytes(6).toString('hex')}`;

function fakeKey(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** Why the real-keychain tests cannot run here, or undefined when they can. */
async function whyNoKeychain(): Promise<string | undefined> {
  if (process.env.COUNTERSIGN_NO_KEYRING) {
    return 'COUNTERSIGN_NO_KEYRING is set: no Secret Service, so the real-keychain vault tests did not run';
  }
  // Inside the private keyring that scripts/test.mjs started, a failure is a failure, not a skip.
  if (process.env.COUNTERSIGN_IN_KEYRING) return undefined;
  try {
    await createVault({ keychain: await loadSystemKeychain(), service: SERVICE }).describe();
    return undefined;
  } catch (error) {
    if (isCountersignError(error) && error.code === 'keychain_unavailable') {
      return 'no Secret Service is reachable on this machine, so the real-keychain vault tests did not run';
    }
    return undefined;
  }
}

const skip = await whyNoKeychain();
if (skip) console.log(`vault: SKIPPED real-keychain tests: ${skip}`);

/** Which process owns org.freedesktop.secrets on the session bus (Linux), for the record. */
function secretServiceOwner(): string {
  const pid = spawnSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.GetConnectionUnixProcessID',
      'string:org.freedesktop.secrets',
    ],
    { encoding: 'utf8' },
  ).stdout?.match(/uint32 (\d+)/)?.[1];
  if (!pid) return 'unknown';
  const comm = spawnSync('cat', [`/proc/${pid}/comm`], { encoding: 'utf8' }).stdout?.trim();
  return comm || `pid ${pid}`;
}

// Skipped test by test, not as a suite, so the runner's "skipped" count shows it.
function realTest(name: string, fn: (t: TestContext) => Promise<void>): void {
  test(name, { skip }, fn);
}

describe('vault on the real keychain', () => {
  const vault = createVault({ keychain: keytar, service: SERVICE });

  after(async () => {
    if (skip) return;
    await keytar.deletePassword(SERVICE, 'default');
    assert.deepEqual(await keytar.findCredentials(SERVICE), [], 'nothing left behind');
  });

  realTest('store, read, describe', async (t) => {
    if (process.platform === 'linux') t.diagnostic(`Secret Service provided by ${secretServiceOwner()}`);
    const key = fakeKey('sk_test_');
    assert.deepEqual(await vault.store(`${key}\n`), { mode: 'test', masked: `sk_test_…${key.slice(-4)}` });
    assert.equal(await keytar.getPassword(SERVICE, 'default'), key, 'in the keychain, trimmed');
    assert.equal(await vault.read(), key);
    assert.deepEqual(await vault.describe(), {
      configured: true,
      mode: 'test',
      masked: `sk_test_…${key.slice(-4)}`,
    });
  });

  realTest('another process on the same bus sees the stored value', async () => {
    const key = fakeKey('sk_live_');
    await vault.store(key);
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import k from 'keytar'; console.log(JSON.stringify(await k.getPassword(process.argv[1], 'default')));`,
        SERVICE,
      ],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(JSON.parse(child.stdout), key);
  });

  realTest('a new key overwrites the stored key', async () => {
    await vault.store(fakeKey('sk_test_'));
    const next = fakeKey('rk_live_');
    assert.deepEqual(await vault.store(next), { mode: 'live', masked: `rk_live_…${next.slice(-4)}` });
    assert.equal(await vault.read(), next);
    assert.equal((await vault.describe()).mode, 'live');
  });

  realTest('remove deletes it, and says whether there was one', async () => {
    await vault.store(fakeKey('sk_test_'));
    assert.equal(await vault.remove(), true);
    assert.equal(await keytar.getPassword(SERVICE, 'default'), null);
    assert.equal(await vault.read(), null);
    assert.deepEqual(await vault.describe(), { configured: false });
    assert.equal(await vault.remove(), false);
  });

  realTest('a malformed key is refused before anything is written', async () => {
    await vault.remove();
    for (const bad of [
      '',
      'sk_test_short',
      `pk_test_${randomBytes(16).toString('hex')}`,
      'sk_test_ab cd'.repeat(3),
    ]) {
      await assert.rejects(vault.store(bad), { code: 'key_malformed' });
      assert.equal(await keytar.getPassword(SERVICE, 'default'), null, 'nothing written');
    }
    // And a refused replacement leaves the key that was there alone.
    const good = fakeKey('sk_test_');
    await vault.store(good);
    await assert.rejects(vault.store(`${good} extra`), { code: 'key_malformed' });
    assert.equal(await keytar.getPassword(SERVICE, 'default'), good);
  });

  realTest('a value edited by hand: not configured, and read refuses it', async () => {
    await keytar.setPassword(SERVICE, 'default', 'my key is sk_test_1234');
    assert.deepEqual(await vault.describe(), { configured: false });
    await assert.rejects(vault.read(), (error: unknown) => {
      assert.ok(isCountersignError(error));
      assert.equal(error.code, 'key_malformed');
      assert.ok(!error.message.includes('1234'));
      return true;
    });
  });
});

describe('vault with no keychain reachable', () => {
  const probe = join('test', 'support', 'no-keychain-probe.ts');

  function runProbe(operation: string, env: NodeJS.ProcessEnv, key: string) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', probe, operation], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...env, COUNTERSIGN_PROBE_KEY: key, COUNTERSIGN_PROBE_SERVICE: SERVICE },
    });
    assert.equal(child.error, undefined, 'the probe ran (and did not hang)');
    assert.ok(!`${child.stdout}${child.stderr}`.includes(key), 'the key never appears in the output');
    return child;
  }

  test('a D-Bus socket that does not exist → keychain_unavailable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-nobus-'));
    try {
      const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'nope')}` };
      for (const operation of ['store', 'read', 'describe', 'remove']) {
        const child = runProbe(operation, env, fakeKey('sk_live_'));
        assert.equal(child.status, 1, `${operation}: ${child.stdout}${child.stderr}`);
        const payload = JSON.parse(child.stdout.trim());
        assert.equal(payload.code, 'keychain_unavailable', operation);
        assert.match(payload.message, /gnome-keyring/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(
    'no session bus at all and no display → keychain_unavailable',
    { skip: process.platform !== 'linux' },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'countersign-nobus-'));
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: dir };
        delete env.DBUS_SESSION_BUS_ADDRESS;
        delete env.DISPLAY;
        delete env.WAYLAND_DISPLAY;
        const child = runProbe('store', env, fakeKey('sk_test_'));
        assert.equal(child.status, 1, `${child.stdout}${child.stderr}`);
        assert.equal(JSON.parse(child.stdout.trim()).code, 'keychain_unavailable');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
