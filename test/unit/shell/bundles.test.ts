/**
 * The built main and preload bundles, loaded for real (Electron itself cannot start here):
 * the main bundle under Node with a recording stand-in for `electron`, the preload in a fresh
 * VM context with stand-ins for contextBridge and ipcRenderer. Catches what type-checking
 * cannot: a bundling mistake, a module that fails to load, a preload that exposes too much.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { WINDOW_BUDGET_KB, windowFiles, windowWeight } from '../../harness/window-weight.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const stubDir = join(root, 'test/fixtures/electron-stub');

describe('built shell bundles', () => {
  let out: string;
  before(() => {
    // Inside the project (test-results/ is ignored by git), so the bundle's external modules
    // (keytar, electron-store) resolve from the project's node_modules as they would in the app.
    mkdirSync(join(root, 'test-results'), { recursive: true });
    out = mkdtempSync(join(root, 'test-results', 'bundles-'));
    // The project's own build (electron.vite.config.ts), as `npm run build` runs it; --outDir
    // keeps its out/ layout (main/, preload/, renderer/) under this test's folder.
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '--outDir',
        out,
        '--logLevel',
        'error',
      ],
      { cwd: root },
    );
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('the main bundle loads, sandboxes every renderer and registers app:// before ready', () => {
    const script = `
      await import(${JSON.stringify(join(out, 'main/index.js'))});
      process.stdout.write(JSON.stringify(globalThis.__electronStubCalls));
      process.exit(0);
    `;
    const output = execFileSync(
      process.execPath,
      ['--import', join(stubDir, 'register.mjs'), '--input-type=module', '-e', script],
      { cwd: root, encoding: 'utf8', timeout: 20_000 },
    );
    const calls = JSON.parse(output) as Array<{ name: string; args: unknown[] }>;
    const names = calls.map((c) => c.name);
    assert.ok(names.includes('app.enableSandbox'), 'sandbox enabled for all renderers');
    assert.ok(names.includes('app.requestSingleInstanceLock'), 'one instance only');
    const scheme = calls.find((c) => c.name === 'protocol.registerSchemesAsPrivileged')?.args[0] as Array<{
      scheme: string;
      privileges: Record<string, boolean>;
    }>;
    assert.equal(scheme?.[0]?.scheme, 'app');
    assert.equal(scheme?.[0]?.privileges.standard, true);
    assert.equal(scheme?.[0]?.privileges.secure, true);
    assert.notEqual(scheme?.[0]?.privileges.bypassCSP, true);
    assert.ok(!names.includes('ipcMain.handle'), 'nothing is bound before the app is ready');
  });

  it('the main bundle leaves native and Electron-provided modules to run time', () => {
    const main = readFileSync(join(out, 'main/index.js'), 'utf8');
    for (const external of ['electron', 'electron-store']) {
      assert.match(
        main,
        new RegExp(`^import .* from "${external}";$`, 'm'),
        `${external} imported, not bundled`,
      );
    }
    assert.match(main, /import\("keytar"\)/, 'keytar loaded when the app asks for it');
    assert.doesNotMatch(main, /\.node["']\)/, 'no native addon bundled');
  });

  it('the renderer is built beside them, one page per window, with relative URLs', () => {
    for (const page of ['staff.html', 'customer.html']) {
      const html = readFileSync(join(out, 'renderer', page), 'utf8');
      const scripts = [...html.matchAll(/<script[^>]* src="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(scripts.length > 0, `${page} loads its bundle`);
      for (const src of scripts) assert.match(src!, /^\.\/assets\/[\w-]+\.js$/);
      assert.doesNotMatch(html, /modulepreload-polyfill|sourceMappingURL/);
    }
    assert.equal(existsSync(join(out, 'renderer/index.html')), false, 'no page serves both windows');
  });

  it('each window keeps to its budget, and the customer window loads none of the console', () => {
    const renderer = join(out, 'renderer');
    for (const kind of ['staff', 'customer'] as const) {
      for (const language of ['en', 'ja']) {
        const weight = windowWeight(renderer, kind, language);
        const kb = weight.gzipBytes / 1024;
        assert.ok(
          kb <= WINDOW_BUDGET_KB[kind],
          `${kind} window in ${language}: ${kb.toFixed(1)} KB gzipped > ${WINDOW_BUDGET_KB[kind]} KB (${weight.files.join(', ')})`,
        );
      }
    }
    const customer = windowFiles(renderer, 'customer');
    assert.ok(customer.some((f) => /^customer-/.test(f)) && customer.some((f) => /^shared-/.test(f)));
    assert.ok(
      !customer.some((f) => /^(staff|SettingsPanel)-|^i18n-\w+-(staff|hub)-/.test(f)),
      customer.join(', '),
    );
    // The console's own code, found by class names only its components write: in the staff
    // window's files, in none of the customer window's.
    const read = (files: string[]) =>
      files.map((f) => readFileSync(join(renderer, 'assets', f), 'utf8')).join('\n');
    const staffText = read(windowFiles(renderer, 'staff'));
    const customerText = read(customer);
    for (const mark of ['history-table', 'start-form', 'status-bar', 'session-row']) {
      assert.ok(staffText.includes(mark), `the console's "${mark}" is a mark of its code`);
      assert.ok(!customerText.includes(mark), `the customer window loads the console's "${mark}"`);
    }
  });

  const loadPreload = (href: string) => {
    const exposed: Array<{ name: string; api: Record<string, unknown> }> = [];
    const invoked: Array<{ channel: string; args: unknown }> = [];
    const listeners = new Map<string, (event: unknown, payload: unknown) => void>();
    let answer: unknown = { ok: true, value: { fine: true } };
    const electron = {
      contextBridge: {
        exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push({ name, api }),
      },
      ipcRenderer: {
        invoke: async (channel: string, args: unknown) => {
          invoked.push({ channel, args });
          return answer;
        },
        on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, fn),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    };
    const url = new URL(href);
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(join(out, 'preload/index.cjs'), 'utf8'), {
      require: (name: string) => {
        if (name !== 'electron') throw new Error(`the sandboxed preload may not require ${name}`);
        return electron;
      },
      module,
      exports: module.exports,
      location: { protocol: url.protocol, host: url.host },
    });
    return { exposed, invoked, listeners, setAnswer: (a: unknown) => (answer = a) };
  };

  it('the preload exposes exactly invoke and on, and only on the app’s own pages', () => {
    const onApp = loadPreload('app://countersign/staff.html#/staff');
    assert.equal(onApp.exposed.length, 1);
    assert.equal(onApp.exposed[0]?.name, 'countersign');
    assert.deepEqual(Object.keys(onApp.exposed[0]!.api).sort(), ['invoke', 'on']);
    assert.ok(Object.isFrozen(onApp.exposed[0]!.api));
    for (const foreign of [
      'https://verify.stripe.com/start/x',
      'http://127.0.0.1:4242/hosted/vs_1',
      'file:///etc/passwd',
    ]) {
      assert.equal(loadPreload(foreign).exposed.length, 0, foreign);
    }
  });

  it('the preload refuses unknown methods locally and relays typed errors and payloads only', async () => {
    const preload = loadPreload('app://countersign/staff.html#/staff');
    const api = preload.exposed[0]!.api as {
      invoke: (m: unknown, a?: unknown) => Promise<unknown>;
      on: (e: unknown, l: (p: unknown) => void) => () => void;
    };
    // Values from the preload's own realm: compare plainly, not by prototype.
    const code = (expected: string) => (e: unknown) => (e as { code?: string }).code === expected;
    await assert.rejects(api.invoke('shell.openExternal', {}), code('invalid_input'));
    await assert.rejects(api.invoke('__proto__'), code('invalid_input'));
    assert.equal(preload.invoked.length, 0, 'nothing sent for an unknown method');

    assert.equal(JSON.stringify(await api.invoke('app.status')), '{"fine":true}');
    assert.equal(preload.invoked[0]?.channel, 'countersign:app.status');
    preload.setAnswer({
      ok: false,
      error: { code: 'stripe_connection', message: 'Cannot reach Stripe.', stack: 'x' },
    });
    await assert.rejects(api.invoke('key.test'), (e: unknown) => {
      assert.equal(JSON.stringify(e), '{"code":"stripe_connection","message":"Cannot reach Stripe."}');
      return true;
    });
    preload.setAnswer('garbage');
    await assert.rejects(api.invoke('key.test'), code('internal'));

    const seen: unknown[] = [];
    const stop = api.on('session.updated', (p) => seen.push(p));
    preload.listeners.get('countersign-event:session.updated')?.({ sender: 'secret' }, { id: 'vs_1' });
    assert.equal(JSON.stringify(seen), '[{"id":"vs_1"}]', 'the payload only, never the event object');
    stop();
    assert.equal(preload.listeners.size, 0);
    assert.equal(typeof api.on('not.an.event', () => {}), 'function');
    assert.equal(preload.listeners.size, 0, 'no listener for an unknown event');
  });
});
