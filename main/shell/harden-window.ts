/**
 * The one function applied to every window the app creates. It wires Electron's hooks to the
 * pure policies (navigation.ts, permissions.ts), so all the decisions are tested without
 * Electron and this file only connects them.
 */
import type { BrowserWindow, Session, WebContents } from 'electron';
import type { WindowKind } from '../../contract/ipc.ts';
import { decideNavigation, decideSubframeNavigation } from './navigation.ts';
import { decidePermission, type PermissionLogger } from './permissions.ts';
import { originForLog } from './origins.ts';

export interface WindowPolicy {
  /** The hosted flow's origin now (it changes when the backend switches simulator ↔ Stripe). */
  hostedOrigin: string | null;
  returnUrl: string | null;
}

export interface HardenOptions {
  kind: WindowKind;
  policy: () => WindowPolicy;
  /** Which app window a webContents is, for the session-wide permission handlers. */
  windowKindOf: (webContentsId: number) => WindowKind | null;
  /** The customer window reached the return url: main shows the app's own screen again. */
  onReturn: () => void;
  log: (line: string) => void;
  isPackaged: boolean;
}

/** Refuses what no window of the app ever needs, on any webContents (also via web-contents-created). */
export function denyPopupsAndWebviews(contents: WebContents, log: (line: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`window.open refused (${originForLog(url)})`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('webview refused');
  });
}

/** Permission handlers for a session, deny by default. Idempotent: set again per window. */
export function hardenSession(
  session: Session,
  options: Pick<HardenOptions, 'policy' | 'windowKindOf' | 'log'>,
): void {
  const logPermission: PermissionLogger = (e) =>
    options.log(
      `permission ${e.permission} ${e.allow ? 'allowed' : 'denied'} for ${e.origin} (${e.window ?? 'no window'}): ${e.reason}`,
    );

  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const decision = decidePermission(
      {
        permission,
        requestingOrigin: details.requestingUrl,
        window: options.windowKindOf(contents.id),
        hostedOrigin: options.policy().hostedOrigin,
        mediaTypes,
      },
      logPermission,
    );
    callback(decision.allow);
  });

  const loggedChecks = new Set<string>();
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    const decision = decidePermission(
      {
        permission,
        requestingOrigin,
        window: contents ? options.windowKindOf(contents.id) : null,
        hostedOrigin: options.policy().hostedOrigin,
        mediaTypes: details.mediaType ? [details.mediaType] : undefined,
      },
      // Checks are frequent (every enumerateDevices): each distinct decision is logged once.
      (entry) => {
        const key = `${entry.permission}|${entry.allow}|${String(requestingOrigin).slice(0, 200)}`;
        if (loggedChecks.has(key)) return;
        if (loggedChecks.size < 1000) loggedChecks.add(key);
        logPermission(entry);
      },
    );
    return decision.allow;
  });

  // USB, serial, HID, Bluetooth, screen capture: never.
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

export function hardenWindow(window: BrowserWindow, options: HardenOptions): void {
  const contents = window.webContents;
  denyPopupsAndWebviews(contents, options.log);
  hardenSession(contents.session, options);

  let lastReturn = 0;
  const topLevel = (event: { preventDefault(): void }, url: string, via: string) => {
    const { hostedOrigin, returnUrl } = options.policy();
    const decision = decideNavigation({ window: options.kind, url, hostedOrigin, returnUrl });
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'return') {
      // will-navigate and will-frame-navigate both see the same navigation: act once.
      const now = Date.now();
      if (now - lastReturn > 1000) options.onReturn();
      lastReturn = now;
      return;
    }
    options.log(`${options.kind} window: ${via} to ${originForLog(url)} refused`);
  };

  const subframe = (event: { preventDefault(): void }, url: string) => {
    const decision = decideSubframeNavigation({
      window: options.kind,
      url,
      topUrl: contents.getURL(),
      hostedOrigin: options.policy().hostedOrigin,
    });
    if (decision === 'allow') return;
    event.preventDefault();
    options.log(`${options.kind} window: frame navigation to ${originForLog(url)} refused`);
  };
  contents.on('will-navigate', (event, url) => topLevel(event, url, 'navigation'));
  contents.on('will-redirect', (event, url, _inPlace, isMainFrame) => {
    if (isMainFrame) topLevel(event, url, 'redirect');
    else subframe(event, url);
  });
  contents.on('will-frame-navigate', (details) => {
    if (details.isMainFrame) topLevel(details, details.url, 'navigation');
    else subframe(details, details.url);
  });

  if (options.isPackaged) {
    // devTools is already off in webPreferences; this closes them if anything opens them anyway.
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}
