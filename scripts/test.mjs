#!/usr/bin/env node
// The one test command (`npm test`). It runs every layer of tests with Node's test runner.
//
// The keychain tests need a real Secret Service. When none is reachable on the session bus, this
// script starts a private, unlocked gnome-keyring on its own D-Bus (dbus-run-session) and
// re-runs itself inside it, so a laptop and CI behave the same. Set COUNTERSIGN_NO_KEYRING=1 to
// skip that (the keychain tests then report that they skipped). The keyring is started only when
// the chosen tests include the keychain suite, the one layer that talks to a Secret Service.
//
// `npm run test:fast` (`--fast`) is the edit loop: unit, core against the simulator, and the
// simulator's own suites; no browser, no keychain, no reliability runs. `npm test` stays the complete
// suite CI runs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTests } from './build-tests.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FAST_LAYERS = ['test/unit/', 'test/core/', 'test/simulator/'];
// Unit files that check the release rather than the code being edited, and take a third of the
// fast run: the packaging config (electron-builder's own validation), the security scan, and the
// pinned Stripe package's declarations compiled with TypeScript (they change only on an upgrade).
const NOT_FAST = [
  'test/unit/repo/packaging.test.ts',
  'test/unit/repo/security-electronegativity.test.ts',
  'test/unit/contract/api-version-pin.test.ts',
];
const fast = process.argv.includes('--fast');
const args = process.argv.slice(2).filter((a) => a !== '--fast');

function secretServiceReachable() {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return false;
  const r = spawnSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.freedesktop.secrets',
    ],
    { encoding: 'utf8' },
  );
  // An activatable service counts too: gnome-keyring is started on demand on most desktops.
  if (r.status === 0 && /boolean true/.test(r.stdout)) return true;
  const a = spawnSync(
    'dbus-send',
    [
      '--session',
      '--print-reply',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.ListActivatableNames',
    ],
    { encoding: 'utf8' },
  );
  return a.status === 0 && a.stdout.includes('org.freedesktop.secrets');
}

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

// Folders of test/ that hold no tests: what the tests share, the harness they drive, and data.
const NOT_TESTS = ['test/fixtures', 'test/support', 'test/harness'];

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name === 'node_modules' || NOT_TESTS.includes(posix(full))) continue;
      out.push(...findTests(full));
    } else if (name.endsWith('.test.ts')) {
      out.push(full);
    }
  }
  return out.sort();
}

// `npm test -- unit core` runs only test files whose path contains one of the words.
const posix = (f) => relative(root, f).split(sep).join('/');
const all = findTests(join(root, 'test')).filter(
  (f) => !fast || (FAST_LAYERS.some((layer) => posix(f).startsWith(layer)) && !NOT_FAST.includes(posix(f))),
);
const files = args.length === 0 ? all : all.filter((f) => args.some((a) => relative(root, f).includes(a)));
if (files.length === 0) {
  console.error(`test: no test file matches ${args.join(' ')}`);
  process.exit(1);
}
const needsKeyring = files.some((f) => posix(f).startsWith('test/keychain/'));

if (
  needsKeyring &&
  !process.env.COUNTERSIGN_IN_KEYRING &&
  !process.env.COUNTERSIGN_NO_KEYRING &&
  !secretServiceReachable()
) {
  if (have('dbus-run-session') && have('gnome-keyring-daemon')) {
    const home = mkdtempSync(join(tmpdir(), 'countersign-keyring-'));
    const data = join(home, 'data');
    const runtime = join(home, 'runtime');
    for (const dir of [data, runtime]) {
      spawnSync('mkdir', ['-p', dir]);
      chmodSync(dir, 0o700);
    }
    console.log('test: no Secret Service on the session bus; starting a private unlocked gnome-keyring');
    const child = spawn(
      'dbus-run-session',
      [
        '--',
        'sh',
        '-c',
        'printf countersign | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" "$@"',
        process.execPath,
        fileURLToPath(import.meta.url),
        ...process.argv.slice(2),
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, XDG_DATA_HOME: data, XDG_RUNTIME_DIR: runtime, COUNTERSIGN_IN_KEYRING: '1' },
      },
    );
    child.on('exit', (code, signal) => {
      rmSync(home, { recursive: true, force: true });
      process.exit(code ?? (signal ? 1 : 0));
    });
    // Leave the rest to the child.
    await new Promise(() => {});
  } else {
    console.log(
      'test: no Secret Service and no dbus-run-session/gnome-keyring-daemon: keychain tests will skip',
    );
  }
}

// A stuck test must fail the run, with its name, instead of holding CI until its own limit. The
// slowest test today takes about 90 s (the crash runs); ten minutes is a hang on any machine.
// The whole run normally takes 6 to 10 minutes on two cores; past an hour it is stopped.
const TEST_TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 10 * 60_000);
const RUN_TIMEOUT_MS = Number(process.env.TEST_RUN_TIMEOUT_MS ?? 60 * 60_000);

// Tests make their temporary folders in a private one, so a folder a test forgot is found (and
// named) at the end instead of piling up on the machine. tsx's own compile cache is not ours.
const tmp = mkdtempSync(join(tmpdir(), 'countersign-test-run-'));
// Others may pass through it: the tests' PostgreSQL runs as the postgres user in its own folder.
chmodSync(tmp, 0o755);
// Tools' own caches (tsx's compile cache, jiti's for electron-builder's config) are not ours.
const leftovers = () => readdirSync(tmp).filter((name) => !/^(tsx-\d+|jiti)$/.test(name));

// The test files are compiled once, up front (scripts/build-tests.mjs): each test process then
// loads JavaScript instead of compiling TypeScript module by module through a loader, about a
// third of the suite's CPU. TEST_WITH_TSX=1 runs the sources through tsx instead.
const compiled = join(root, 'node_modules', '.cache', 'countersign-tests');
let runnable = files.map((f) => relative(root, f));
let loader = ['--import', 'tsx'];
if (!process.env.TEST_WITH_TSX) {
  rmSync(compiled, { recursive: true, force: true });
  const outputs = await buildTests({ root, files, outdir: compiled });
  runnable = runnable.map((f) => relative(root, outputs.get(f) ?? f));
  loader = ['--enable-source-maps'];
}

// Most tests wait on the simulator, a browser or a database rather than compute: more files at
// once than cores keeps both cores busy.
const concurrency = process.env.TEST_CONCURRENCY ?? 4;

const child = spawn(
  process.execPath,
  [
    ...loader,
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    ...runnable,
  ],
  // Its own process group, so a stopped run takes every test process and browser with it.
  { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'test', TMPDIR: tmp }, detached: true },
);
const watchdog = setTimeout(() => {
  console.error(
    `\ntest: the run passed ${Math.round(RUN_TIMEOUT_MS / 60_000)} minutes; a test file is stuck. ` +
      'Stopping it. The files reported above finished; the stuck one is among those not reported.',
  );
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}, RUN_TIMEOUT_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  });
}
child.on('exit', (code, signal) => {
  let status = code ?? (signal ? 1 : 0);
  const left = leftovers();
  if (left.length > 0 && !signal) {
    console.error(`\ntest: the tests left temporary folders behind: ${left.join(', ')}`);
    status = status || 1;
  }
  rmSync(tmp, { recursive: true, force: true });
  process.exit(status);
});
