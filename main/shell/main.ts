/**
 * The app's entry point in Electron: wiring only. Every decision it relies on is a pure function
 * with its own tests (window-options, navigation, permissions, protocol, ipc-binding); the
 * behaviour is the core's (main/core/app-core.ts), which runs the same without Electron.
 *
 * Layout assumed of the build (scripts/build.mjs): this file bundled to out/main/index.js
 * (package.json "main"), the preload to out/preload/index.cjs, the renderer to out/renderer/
 * (index.html, `#/staff` or `#/customer`).
 */
import { app, BrowserWindow, protocol, screen, session } from 'electron';
import Store from 'electron-store';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract, EVENT_NAMES, type WindowKind } from '../../contract/ipc.ts';
import { createAppCore, type AppCore } from '../core/app-core.ts';
import type { StoreFactory } from '../core/durable-doc.ts';
import type { KeyValueStore } from '../core/store.ts';
import { loadSystemKeychain } from '../core/vault.ts';
import { denyPopupsAndWebviews, hardenSession, hardenWindow, type WindowPolicy } from './harden-window.ts';
import { bindIpc, createEventSender } from './ipc-binding.ts';
import { decideNavigation } from './navigation.ts';
import { APP_ORIGIN, APP_SCHEME } from './origins.ts';
import { appSchemePrivileges, serveAppRequest } from './protocol.ts';
import {
  CUSTOMER_PARTITION,
  customerWindowOptions,
  STAFF_PARTITION,
  staffWindowOptions,
} from './window-options.ts';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRELOAD_PATH = path.join(outDir, 'preload', 'index.cjs');
const RENDERER_ROOT = path.join(outDir, 'renderer');
// One renderer bundle for both windows; the hash says which screen (renderer/src/page.ts).
const STAFF_PAGE = `${APP_ORIGIN}/index.html#/staff`;
const CUSTOMER_PAGE = `${APP_ORIGIN}/index.html#/customer`;

/** `--kiosk`: unattended; the customer window fills its screen and there is no staff window. */
const KIOSK = process.argv.includes('--kiosk');

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${line}`);
}

/** The station name in records and Stripe metadata: this machine's name, tidied and bounded. */
function stationName(): string {
  const fromEnv = process.env.COUNTERSIGN_STATION;
  const raw = fromEnv && fromEnv.trim() !== '' ? fromEnv : hostname();
  const tidy = raw.replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 64);
  return tidy === '' ? 'counter' : tidy;
}

function electronStoreFactory(cwd: string): StoreFactory {
  return (name, options) =>
    new Store<Record<string, unknown>>({
      name,
      cwd,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: options?.discardCorrupt === true,
      // Compact JSON: history shards are rewritten on every change, so smaller is faster.
      serialize: (value) => JSON.stringify(value),
    }) as KeyValueStore;
}

// Before `ready`: everything sandboxed, and app:// a standard, secure scheme.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([appSchemePrivileges()]);

if (!app.requestSingleInstanceLock()) {
  // Two instances would share the stores and the outbox: the second one leaves at once.
  app.quit();
} else {
  void start().catch((error: unknown) => {
    log(`startup failed: ${(error as Error)?.name ?? 'error'}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  await app.whenReady();

  // Catch-all: no webContents of this app, whatever created it, opens popups or webviews.
  app.on('web-contents-created', (_event, contents) => denyPopupsAndWebviews(contents, log));

  for (const partition of [STAFF_PARTITION, CUSTOMER_PARTITION]) {
    session
      .fromPartition(partition)
      .protocol.handle(APP_SCHEME, (request) =>
        serveAppRequest(RENDERER_ROOT, request, (file) => readFile(file)),
      );
  }

  const keychain = await loadSystemKeychain().catch(() => {
    log('keychain unavailable: running on the simulator only');
    return null;
  });
  // ASSUMPTION (main/core/app-core.ts): createAppCore(deps) gives handlers implementing the
  // contract, on(event) for the contract's events, onOpenHostedFlow(url) for main only,
  // customerReturned(), returnUrl(), hostedOrigin() and close().
  const core: AppCore = await createAppCore({
    storeFactory: electronStoreFactory(path.join(app.getPath('userData'), 'data')),
    keychain,
    station: stationName(),
    kiosk: KIOSK,
    version: app.getVersion(),
    log,
  });

  const windows = new Map<number, { kind: WindowKind; window: BrowserWindow }>();
  const windowKindOf = (id: number): WindowKind | null => windows.get(id)?.kind ?? null;
  const policy = (): WindowPolicy => ({ hostedOrigin: core.hostedOrigin(), returnUrl: core.returnUrl() });
  const hardenOptions = { policy, windowKindOf, log, isPackaged: app.isPackaged };
  for (const partition of [STAFF_PARTITION, CUSTOMER_PARTITION]) {
    hardenSession(session.fromPartition(partition), hardenOptions);
  }

  bindIpc({
    contract,
    handlers: core.handlers,
    windowKindOf,
    validateResult: !app.isPackaged,
    log: (e) => {
      if (!e.ok) log(`ipc ${e.method} from ${e.window ?? 'unknown'} refused: ${e.denial} (${e.code})`);
    },
  });
  const sendEvent = createEventSender({
    events: contract.events,
    windows: () =>
      [...windows.values()].map(({ kind, window }) => ({ kind, webContents: window.webContents })),
    validate: !app.isPackaged,
  });
  for (const name of EVENT_NAMES) core.on(name, (payload) => sendEvent(name, payload));

  const open = (kind: WindowKind, options: Electron.BrowserWindowConstructorOptions, page: string) => {
    const window = new BrowserWindow(options);
    const id = window.webContents.id;
    windows.set(id, { kind, window });
    window.on('closed', () => windows.delete(id));
    hardenWindow(window, {
      ...hardenOptions,
      kind,
      onReturn: () => {
        core.customerReturned();
        void window.loadURL(CUSTOMER_PAGE);
      },
    });
    window.once('ready-to-show', () => window.show());
    void window.loadURL(page);
    return window;
  };

  const customer = open(
    'customer',
    customerWindowOptions({
      preloadPath: PRELOAD_PATH,
      isPackaged: app.isPackaged,
      kiosk: KIOSK,
      displays: screen.getAllDisplays(),
      primaryDisplayId: screen.getPrimaryDisplay().id,
    }),
    CUSTOMER_PAGE,
  );
  const staff = KIOSK
    ? null
    : open(
        'staff',
        staffWindowOptions({ preloadPath: PRELOAD_PATH, isPackaged: app.isPackaged }),
        STAFF_PAGE,
      );

  // The hosted url reaches only this function: it is loaded top-level in the customer window,
  // after the same allowlist check a navigation would get (loadURL itself fires no will-navigate).
  core.onOpenHostedFlow((url) => {
    if (customer.isDestroyed()) return;
    const decision = decideNavigation({ window: 'customer', url, ...policy() });
    if (decision !== 'allow') {
      log('hosted flow url refused by the navigation policy');
      return;
    }
    void customer.loadURL(url);
  });

  // Back at the welcome screen: forget the previous customer's hosted-flow cookies and storage.
  core.on('customer.changed', (screenState) => {
    if (screenState.screen !== 'welcome') return;
    void session
      .fromPartition(CUSTOMER_PARTITION)
      .clearStorageData()
      .catch(() => log('could not clear the customer session'));
    if (!customer.isDestroyed() && !customer.webContents.getURL().startsWith(`${APP_ORIGIN}/`)) {
      void customer.loadURL(CUSTOMER_PAGE);
    }
  });

  app.on('second-instance', () => {
    const target = staff && !staff.isDestroyed() ? staff : customer;
    if (target.isDestroyed()) return;
    if (target.isMinimized()) target.restore();
    target.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void core
      .close()
      .catch(() => log('core did not close cleanly'))
      .finally(() => app.quit());
  });
}
