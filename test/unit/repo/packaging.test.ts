// The packaging configuration, checked the way electron-builder 26 checks it (its own loader and
// schema), plus the security-relevant values that a valid-but-wrong edit could lose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  asar?: boolean;
  asarUnpack?: string[];
  /** electron-builder normalizes the list to [{ filter: [...] }]. */
  files?: (string | { filter?: string[] })[];
  electronFuses?: Record<string, boolean>;
  afterSign?: string;
  forceCodeSigning?: boolean;
  publish?: Array<{ provider: string; url?: string }>;
  nsis?: { oneClick?: boolean; perMachine?: boolean; differentialPackage?: boolean };
  mac?: {
    notarize?: boolean;
    hardenedRuntime?: boolean;
    entitlements?: string;
    entitlementsInherit?: string;
    icon?: string;
    extendInfo?: Record<string, string>;
    target?: { target: string; arch: string[] }[];
  };
  win?: { icon?: string; target?: { target: string; arch: string[] }[] };
  linux?: { icon?: string; category?: string; target?: string[] };
}

// electron-builder's own reader: the same YAML parsing, merging and validation as
// `electron-builder --config`. It runs in a child process because it prints its progress to
// stdout, which the test runner reserves for its own protocol.
const READER = `
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  (async () => {
    const config = await getConfig(process.argv[1], process.argv[2]);
    let error = null;
    try { await validateConfiguration(config, { isEnabled: false, add() {} }); }
    catch (e) { error = String(e && e.message || e); }
    process.stderr.write('\\n@@' + JSON.stringify({ config, error }) + '\\n');
  })();
`;

function readWithElectronBuilder(configPath = path.join(root, 'electron-builder.yml')): {
  config: BuilderConfig;
  error: string | null;
} {
  const run = spawnSync(process.execPath, ['-e', READER, root, configPath], {
    cwd: root,
    encoding: 'utf8',
  });
  const line = run.stderr.split('\n').find((l) => l.startsWith('@@'));
  assert.ok(line, `electron-builder's reader failed: ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(line.slice(2)) as { config: BuilderConfig; error: string | null };
}
const loadConfig = async () => readWithElectronBuilder().config;

test('electron-builder.yml is valid for electron-builder 26 (its own validation)', () => {
  const { error } = readWithElectronBuilder();
  assert.equal(error, null);
  // The same reader refuses a misspelt key: this check can fail.
  const dir = mkdtempSync(path.join(tmpdir(), 'countersign-builder-'));
  try {
    const bad = path.join(dir, 'bad.yml');
    writeFileSync(
      bad,
      readFileSync(path.join(root, 'electron-builder.yml'), 'utf8') + '\nelectronFusez: {}\n',
    );
    assert.match(readWithElectronBuilder(bad).error ?? '', /electronFusez/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('electron-builder.yml validates against app-builder-lib scheme.json with ajv', async () => {
  const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(scheme);
  const config = await loadConfig();
  assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
  // The schema refuses unknown keys: a typo is caught, not ignored.
  assert.equal(validate({ ...config, electronFusez: {} }), false);
});

test('identity, archive and fuses', async () => {
  const config = await loadConfig();
  assert.equal(config.appId, 'com.countersign.app');
  assert.equal(config.productName, 'Countersign');
  assert.equal(config.asar, true);
  assert.ok(config.asarUnpack?.some((p) => p.includes('keytar') && p.endsWith('.node')));
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  });
});

test('only built output ships: no sources, tests or source maps', async () => {
  const files = ((await loadConfig()).files ?? []).flatMap((f) =>
    typeof f === 'string' ? [f] : (f.filter ?? []),
  );
  assert.ok(files.includes('out/**/*'));
  assert.ok(files.includes('package.json'));
  assert.ok(!files.some((f) => /^(main|preload|renderer|contract|test|scripts)\b/.test(f)));
  assert.ok(files.includes('!out/**/*.map'));
});

test('targets: Windows nsis (per machine), macOS dmg and zip, Linux AppImage and deb', async () => {
  const config = await loadConfig();
  assert.deepEqual(config.win?.target, [{ target: 'nsis', arch: ['x64', 'arm64'] }]);
  // Per machine, for kiosks and shared counters; not one-click (the admin sees where it goes).
  assert.equal(config.nsis?.perMachine, true);
  assert.equal(config.nsis?.oneClick, false);
  // The zip is what electron-updater reads on macOS; the dmg is for the first install.
  assert.deepEqual(config.mac?.target, [
    { target: 'dmg', arch: ['x64', 'arm64'] },
    { target: 'zip', arch: ['x64', 'arm64'] },
  ]);
  assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
  assert.ok(['Office', 'Utility'].includes(config.linux?.category ?? ''));
});

test('macOS: hardened runtime, camera entitlement and usage text', async () => {
  const mac = (await loadConfig()).mac ?? {};
  assert.equal(mac.hardenedRuntime, true);
  assert.equal(
    mac.extendInfo?.NSCameraUsageDescription,
    'Countersign uses the camera so the customer can photograph their ID document and take a selfie for Stripe Identity.',
  );
  const plist = readFileSync(path.join(root, mac.entitlements ?? 'missing'), 'utf8');
  for (const key of [
    'com.apple.security.device.camera',
    'com.apple.security.cs.allow-jit',
    'com.apple.security.cs.allow-unsigned-executable-memory',
  ]) {
    assert.match(plist, new RegExp(`<key>${key.replace(/\./g, '\\.')}</key>\\s*<true/>`), key);
  }
  // No microphone: the flow takes pictures only.
  assert.doesNotMatch(plist, /audio-input|microphone/);
});

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(path.join(root, file));
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG', `${file} is a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('icons exist at the sizes each platform needs', async () => {
  const config = await loadConfig();
  assert.deepEqual(pngSize(config.mac?.icon ?? ''), { width: 1024, height: 1024 });
  assert.deepEqual(pngSize(config.win?.icon ?? ''), { width: 512, height: 512 });
  assert.deepEqual(pngSize(config.linux?.icon ?? ''), { width: 512, height: 512 });
});

// Issue 11: the hub is a workspace package so the desktop installer carries none of its
// dependencies. electron-builder decides what goes into the app with its own npm collector;
// ask that collector, as packaging would, and look for the hub and what only it needs.
test('the installer collects the app’s production modules and none of the hub’s', async () => {
  const { getCollectorByPackageManager, PM } =
    require('app-builder-lib/out/node-module-collector/index.js') as {
      getCollectorByPackageManager: (
        pm: unknown,
        dir: string,
        tmp: unknown,
      ) => {
        getNodeModules(o: {
          packageName: string;
        }): Promise<{ nodeModules?: { name: string }[] } | { name: string }[]>;
      };
      PM: { NPM: unknown };
    };
  const { TmpDir } = require('builder-util') as {
    TmpDir: new (label: string) => { cleanup(): Promise<void> };
  };
  const tmp = new TmpDir('countersign-packaging-test');
  try {
    const collected = await getCollectorByPackageManager(PM.NPM, root, tmp).getNodeModules({
      packageName: 'countersign',
    });
    const names = new Set(
      (Array.isArray(collected) ? collected : (collected.nodeModules ?? [])).map((m) => m.name),
    );
    for (const needed of [
      'keytar',
      'stripe',
      'electron-store',
      'electron-log',
      'electron-updater',
      'zod',
      'qrcode',
    ]) {
      assert.ok(names.has(needed), `${needed} is carried`);
    }
    for (const hubOnly of ['@countersign/hub', 'fastify', '@fastify/cookie', 'pg', '@electric-sql/pglite']) {
      assert.ok(!names.has(hubOnly), `${hubOnly} is not carried`);
    }
  } finally {
    await tmp.cleanup();
  }
});

// Issue 20: updates and releases.
test('publishing: the generic provider (electron-updater reads latest*.yml with sha512)', async () => {
  const config = await loadConfig();
  assert.deepEqual(
    config.publish?.map((p) => p.provider),
    ['generic'],
  );
  assert.match(config.publish?.[0]?.url ?? '', /^https:\/\//);
});

test('signing and notarization come from the environment, through the afterSign script', async () => {
  const config = await loadConfig();
  assert.equal(config.afterSign, './scripts/after-sign.mjs');
  assert.equal(config.forceCodeSigning, false, 'an unsigned build goes on (and says so)');
  assert.equal(config.mac?.notarize, false, 'the hook notarizes, not electron-builder on its own');
  const hook = (await import(path.join(root, 'scripts/after-sign.mjs'))) as {
    afterSign: unknown;
    releasePlan: (
      platform: string,
      env: Record<string, string>,
    ) => { signed: boolean; notarize: Record<string, string> | null; lines: string[] };
  };
  // electron-builder calls the module's export named after the hook.
  assert.equal(typeof hook.afterSign, 'function');
  const { releasePlan } = hook;

  // Nothing in the environment: unsigned, not notarized, and told which variables to set.
  const bare = releasePlan('darwin', {});
  assert.equal(bare.signed, false);
  assert.equal(bare.notarize, null);
  assert.match(bare.lines.join('\n'), /NOT SIGNED: set CSC_LINK and CSC_KEY_PASSWORD/);
  const win = releasePlan('win32', {});
  assert.deepEqual(win.lines, [
    'countersign: NOT SIGNED: set WIN_CSC_LINK (or CSC_LINK) and WIN_CSC_KEY_PASSWORD to sign the Windows installer.',
  ]);
  assert.equal(releasePlan('win32', { WIN_CSC_LINK: 'cert.p12' }).signed, true);

  // Signed but no Apple credentials: said so, not notarized.
  const signedOnly = releasePlan('darwin', { CSC_LINK: 'cert.p12' });
  assert.equal(signedOnly.notarize, null);
  assert.match(
    signedOnly.lines.join('\n'),
    /NOT NOTARIZED: set APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER/,
  );

  // With an API key (preferred) or an Apple ID: notarized, and no secret printed.
  const secret = 'app-specific-password-1234';
  const withId = releasePlan('darwin', {
    CSC_LINK: 'cert.p12',
    APPLE_ID: 'release@example.com',
    APPLE_APP_SPECIFIC_PASSWORD: secret,
    APPLE_TEAM_ID: 'ABCDE12345',
  });
  assert.deepEqual(withId.notarize, {
    appleId: 'release@example.com',
    appleIdPassword: secret,
    teamId: 'ABCDE12345',
  });
  assert.ok(!withId.lines.join('\n').includes(secret));
  const withKey = releasePlan('darwin', {
    CSC_NAME: 'Developer ID Application: Countersign',
    APPLE_API_KEY: 'AuthKey.p8',
    APPLE_API_KEY_ID: 'KEY123',
    APPLE_API_ISSUER: 'issuer-uuid',
  });
  assert.equal(withKey.notarize?.appleApiKeyId, 'KEY123');
  assert.equal(releasePlan('linux', {}).signed, true);
});

test('docs/releasing.md walks through a release step by step', () => {
  const text = readFileSync(path.join(root, 'docs/releasing.md'), 'utf8');
  for (const step of [
    'npm run dist',
    'npm run hub -- release',
    'CSC_LINK',
    'APPLE_API_KEY',
    'WIN_CSC_LINK',
    'roll back',
  ]) {
    assert.ok(text.includes(step), `docs/releasing.md mentions ${step}`);
  }
});
