/**
 * The app's entry point in Electron: wiring only. Every decision it relies on is a pure function
 * with its own tests (window-options, navigation, permissions, protocol, ipc-binding); the
 * behaviour is the core's (main/core/app-core.ts), which runs the same without Electron.
 *
 * Layout assumed of the build (electron.vite.config.ts): this file bundled to out/main/index.js
 * (package.json "main"), the preload to out/preload/index.cjs, the renderer to out/renderer/
 * (one page per window: staff.html, customer.html; origins.ts `WINDOW_PAGES`).
 */
import { app, BrowserWindow, dialog, powerMonitor, protocol, screen, session } from 'electron';
import { wireUpdates } from './updater.ts';
import Store from 'electron-store';
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname, release } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contract, EVENT_NAMES, type WindowKind } from '../../contract/ipc.ts';
import {
  createAppCore,
  loadSystemKeychain,
  type AppCore,
  type KeyValueStore,
  type StoreFactory,
} from '../core/index.ts';
import { startSimulator } from '../simulator/index.ts';
import { denyPopupsAndWebviews, hardenSession, hardenWindow, type WindowPolicy } from './harden-window.ts';
import {
  decideMainError,
  decideWindowEvent,
  isCrashPage,
  isRestartRequest,
  type LogEntry,
  type WindowAction,
  type WindowEvent,
} from './crash-policy.ts';
import { bindIpc, createEventSender } from './ipc-binding.ts';
import { lockDownCustomerWindow, wireCustomerLanguage, wireKiosk, withKioskOptions } from './kiosk-main.ts';
import { debounced, devReloadEnabled, isRendererOutput } from './dev-reload.ts';
import { createAppLog } from './logging.ts';
import { customerShouldReturn, decideNavigation } from './navigation.ts';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, WINDOW_PAGES } from './origins.ts';
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
const STAFF_PAGE = WINDOW_PAGES.staff;
const CUSTOMER_PAGE = WINDOW_PAGES.customer;

/** `--kiosk`: unattended; the customer window fills its screen and there is no staff window. */
const KIOSK = process.argv.includes('--kiosk');

/**
 * The platform's logs folder (macOS ~/Library/Logs/<app>, elsewhere <userData>/logs), asked for
 * only when the first line is written.
 */
function logsDirectory(): string {
  try {
    return app.getPath('logs');
  } catch {
    return path.join(app.getPath('userData'), 'logs');
  }
}

// Every line from main (the app's loggers and anything written to console) is redacted and
// written to <logs>/main.log; docs/architecture.md, "Logs".
const appLog = createAppLog({ directory: logsDirectory, development: !app.isPackaged, captureConsole: true });
const logger = appLog.logger;
const shellLogger = logger.child('shell');

function log(line: string): void {
  shellLogger.info(line);
}

const crashLogger = logger.child('crash');
function logEntry(entry: LogEntry | null): void {
  if (entry) crashLogger[entry.level](entry.message, entry.fields);
}

/** Set once the app is quitting: a renderer going away then is not a crash. */
let quitting = false;

/** Relaunch through the normal quit path, so the core closes its stores first. */
function restartApp(): void {
  quitting = true;
  app.relaunch();
  app.quit();
}

let restartPromptOpen = false;
/**
 * The last resort when no page can be shown (the crash page failed too, or main cannot go on): a
 * native dialog, which needs no renderer, no file and no network.
 */
function promptRestart(reason: 'renderer' | 'main'): void {
  if (restartPromptOpen) return;
  restartPromptOpen = true;
  void dialog
    .showMessageBox({
      type: 'error',
      title: 'Countersign',
      message: 'Countersign stopped working.',
      detail: 'Restart Countersign to carry on. Verifications already started are not lost.',
      buttons: ['Restart Countersign', 'Quit'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    })
    .then(({ response }) => {
      crashLogger.warn('restart dialog answered', { reason, restart: response === 0 });
      if (response !== 0) return app.quit();
      // Main itself is unusable: its stores may not close cleanly, so leave without waiting.
      if (reason === 'main') {
        app.relaunch();
        return app.exit(1);
      }
      restartApp();
    })
    .catch(() => app.exit(1))
    .finally(() => {
      restartPromptOpen = false;
    });
}

// Main's own errors: logged (redacted) and survived, unless crash-policy.ts says main cannot go
// on. Installed before anything else runs, so startup errors are logged too.
for (const kind of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(kind, (error: unknown) => {
    const decision = decideMainError(kind, error);
    logEntry(decision.log);
    if (decision.fatal) promptRestart('main');
  });
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
    shellLogger.error('startup failed', { error: (error as Error)?.name ?? 'error' });
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
  const core: AppCore = await createAppCore({
    storeFactory: electronStoreFactory(path.join(app.getPath('userData'), 'data')),
    keychain,
    // The shell, not the core, chooses the embedded simulator as the backend without a key.
    startSimulator: () => startSimulator({}),
    station: stationName(),
    kiosk: KIOSK,
    version: app.getVersion(),
    logger: logger.child('core'),
    diagnostics: {
      // Versions only: no user name, no path.
      platform: {
        electron: process.versions.electron ?? 'unknown',
        chrome: process.versions.chrome ?? 'unknown',
        node: process.versions.node,
        os: `${process.platform} ${release()}`,
        arch: process.arch,
        packaged: String(app.isPackaged),
      },
      logTail: (lines) => appLog.readLogTail(lines),
    },
  });

  const windows = new Map<number, { kind: WindowKind; window: BrowserWindow }>();
  const windowKindOf = (id: number): WindowKind | null => windows.get(id)?.kind ?? null;
  const policy = (): WindowPolicy => ({ hostedOrigin: core.hostedOrigin(), returnUrl: core.returnUrl() });
  const hardenOptions = { policy, windowKindOf, log, isPackaged: app.isPackaged };
  for (const partition of [STAFF_PARTITION, CUSTOMER_PARTITION]) {
    hardenSession(session.fromPartition(partition), hardenOptions);
  }

  const ipcLogger = logger.child('ipc');
  bindIpc({
    contract,
    handlers: core.handlers,
    windowKindOf,
    // Always: the strict result schemas are what keep a url or secret out of a renderer.
    validateResult: true,
    // Refusals only: a call that succeeds is the app working. Never arguments, never results.
    log: (e) => {
      if (!e.ok) {
        ipcLogger.warn('refused', {
          method: e.method,
          window: e.window ?? 'unknown',
          denial: e.denial,
          code: e.code,
        });
      }
    },
  });
  const sendEvent = createEventSender({
    events: contract.events,
    windows: () =>
      [...windows.values()].map(({ kind, window }) => ({ kind, webContents: window.webContents })),
    validate: true,
    log: (e) => {
      if (e.dropped !== undefined) ipcLogger.error('event dropped', { event: e.event, reason: e.dropped });
    },
  });
  for (const name of EVENT_NAMES) core.on(name, (payload) => sendEvent(name, payload));

  const open = (kind: WindowKind, options: Electron.BrowserWindowConstructorOptions, page: string) => {
    const window = new BrowserWindow(options);
    const id = window.webContents.id;
    windows.set(id, { kind, window });
    // The core's heartbeat asks Stripe only while someone can see a window (connectivity.ts).
    const tellShowing = () =>
      core.windowsShowing(
        [...windows.values()].some(
          (w) => !w.window.isDestroyed() && w.window.isVisible() && !w.window.isMinimized(),
        ),
      );
    window.on('show', tellShowing);
    window.on('hide', tellShowing);
    window.on('minimize', tellShowing);
    window.on('restore', tellShowing);
    window.on('closed', () => {
      windows.delete(id);
      tellShowing();
    });
    watchForCrashes(kind, window, page);
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

  // Reload times per kind of window, kept across a customer window closed and opened again.
  const reloadHistory = new Map<WindowKind, number[]>();
  /** Crashes, hangs and failed loads of a window, decided by crash-policy.ts. */
  function watchForCrashes(kind: WindowKind, window: BrowserWindow, homePage: string): void {
    const contents = window.webContents;
    let lastAppUrl: string | null = null;
    let hangTimer: ReturnType<typeof setTimeout> | null = null;
    const stopWaiting = () => {
      if (hangTimer !== null) clearTimeout(hangTimer);
      hangTimer = null;
    };
    const remember = (_event: unknown, url: string) => {
      if (isAppUrl(url) && !isCrashPage(url)) lastAppUrl = url;
    };
    contents.on('did-navigate', remember);
    contents.on('did-navigate-in-page', remember);

    const handle = (event: WindowEvent) => {
      const gone = window.isDestroyed() || contents.isDestroyed();
      const action: WindowAction = decideWindowEvent(event, {
        kind,
        homePage,
        currentUrl: gone ? '' : contents.getURL(),
        lastAppUrl,
        reloads: reloadHistory.get(kind) ?? [],
        now: Date.now(),
        closing: quitting || gone,
      });
      logEntry(action.log);
      switch (action.do) {
        case 'nothing':
          return;
        case 'wait':
          stopWaiting();
          hangTimer = setTimeout(() => {
            hangTimer = null;
            handle({ type: 'unresponsive-timeout' });
          }, action.ms);
          return;
        case 'stop-waiting':
          return stopWaiting();
        case 'kill-renderer':
          // Fires render-process-gone ('killed'), which reloads the page.
          return contents.forcefullyCrashRenderer();
        case 'reload':
          stopWaiting();
          reloadHistory.set(kind, action.reloads);
          if (action.customerReturned) core.customerReturned();
          void window.loadURL(action.url);
          return;
        case 'show-crash-page':
          stopWaiting();
          reloadHistory.set(kind, action.reloads);
          void window.loadURL(action.url);
          return;
        case 'restart-dialog':
          stopWaiting();
          return promptRestart('renderer');
      }
    };
    contents.on('render-process-gone', (_event, details) =>
      handle({ type: 'render-process-gone', reason: details.reason, exitCode: details.exitCode }),
    );
    contents.on('did-fail-load', (_event, errorCode, _description, url, isMainFrame) =>
      handle({ type: 'did-fail-load', errorCode, url, isMainFrame }),
    );
    window.on('unresponsive', () => handle({ type: 'unresponsive' }));
    window.on('responsive', () => handle({ type: 'responsive' }));
    window.on('closed', stopWaiting);
    // The crash page's one link. Followed from anywhere else it is just a missing page.
    contents.on('will-navigate', (event) => {
      if (!isRestartRequest(contents.getURL(), event.url)) return;
      event.preventDefault();
      crashLogger.warn('restart requested from the crash page', { window: kind });
      restartApp();
    });
  }

  const displays = () => ({
    displays: screen.getAllDisplays(),
    primaryDisplayId: screen.getPrimaryDisplay().id,
  });
  // Staff may close the customer window when it sits beside theirs: it is opened again when it
  // is needed, never left missing.
  let customer = openCustomer();
  function openCustomer(): BrowserWindow {
    const options = customerWindowOptions({
      preloadPath: PRELOAD_PATH,
      isPackaged: app.isPackaged,
      kiosk: KIOSK,
      ...displays(),
    });
    const window = open('customer', KIOSK ? withKioskOptions(options) : options, CUSTOMER_PAGE);
    if (KIOSK) lockDownCustomerWindow(core, window, log);
    // The hosted flow failed to load (network gone): back to the app's screen, which says so,
    // rather than Chromium's error page.
    window.webContents.on('did-fail-load', (_event, code, _description, url, isMainFrame) => {
      if (!isMainFrame || code === -3 /* ERR_ABORTED: a navigation replaced it */) return;
      if (url.startsWith(`${APP_ORIGIN}/`)) return;
      log(`customer window: the hosted flow failed to load (${code})`);
      core.customerReturned();
      if (!window.isDestroyed()) void window.loadURL(CUSTOMER_PAGE);
    });
    return window;
  }
  const customerWindow = (): BrowserWindow => {
    if (customer.isDestroyed()) customer = openCustomer();
    return customer;
  };
  const openStaff = () =>
    open(
      'staff',
      staffWindowOptions({ preloadPath: PRELOAD_PATH, isPackaged: app.isPackaged, ...displays() }),
      STAFF_PAGE,
    );
  const staff = KIOSK ? null : openStaff();
  // Issue 9: the hosted flow in the customer's language; on a kiosk, the display and staff exit.
  wireCustomerLanguage(core, session.fromPartition(CUSTOMER_PARTITION));
  const stopKiosk = KIOSK
    ? wireKiosk({
        core,
        customerWindow,
        openStaff,
        log,
      })
    : () => {};

  // The hosted url reaches only this function: it is loaded top-level in the customer window,
  // after the same allowlist check a navigation would get (loadURL itself fires no will-navigate).
  core.onOpenHostedFlow((url) => {
    const decision = decideNavigation({ window: 'customer', url, ...policy() });
    if (decision !== 'allow') {
      log('hosted flow url refused by the navigation policy');
      return;
    }
    void customerWindow().loadURL(url);
  });

  core.on('customer.changed', (screenState) => {
    // Canceled at the counter, a result, or back to welcome while the window still shows the
    // hosted flow: bring the customer back to the app's screen, which says what happened.
    if (!customer.isDestroyed() && customerShouldReturn(screenState.screen, customer.webContents.getURL())) {
      void customer.loadURL(CUSTOMER_PAGE);
    }
    if (screenState.screen !== 'welcome') return;
    // Back at the welcome screen: forget the previous customer's hosted-flow cookies, storage
    // and cache.
    const customerSession = session.fromPartition(CUSTOMER_PARTITION);
    void Promise.all([customerSession.clearStorageData(), customerSession.clearCache()]).catch(() =>
      log('could not clear the customer session'),
    );
  });

  if (devReloadEnabled(app.isPackaged, process.env)) {
    // npm run dev: a rebuilt renderer reloads the app's pages in place (never a hosted page).
    const reload = debounced(() => {
      for (const { window } of windows.values()) {
        if (!window.isDestroyed() && isAppUrl(window.webContents.getURL())) window.webContents.reload();
      }
      log('dev: renderer rebuilt; windows reloaded');
    }, 300);
    watch(RENDERER_ROOT, { recursive: true }, (_event, name) => {
      if (name && isRendererOutput(name)) reload.trigger();
    });
  }

  // Back from sleep the network has often changed: the core asks Stripe at once rather than
  // showing "online" from before (connectivity.ts).
  powerMonitor.on('resume', () => core.networkChanged());
  const stopUpdates = wireUpdates({ core, kiosk: KIOSK, logger: logger.child('updater') });

  app.on('second-instance', () => {
    const target = staff && !staff.isDestroyed() ? staff : customer;
    if (target.isDestroyed()) return;
    if (target.isMinimized()) target.restore();
    target.focus();
  });
  app.on('window-all-closed', () => app.quit());
  let closing = false;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closing) return;
    closing = true;
    event.preventDefault();
    stopKiosk();
    stopUpdates();
    void core
      .close()
      .catch(() => log('core did not close cleanly'))
      .finally(() => app.quit());
  });
}
