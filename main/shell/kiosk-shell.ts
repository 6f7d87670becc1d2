/**
 * The kiosk's lockdown carried out on the customer window: thin wiring of the pure decisions in
 * kiosk-input.ts, kiosk-lockdown.ts and hosted-language.ts to Electron's events. Each function
 * takes only the Electron objects it touches (typed as the small parts it uses), so
 * test/unit/shell/kiosk-wiring.test.ts drives it with stand-ins: Electron cannot start here.
 *
 * Dropped files and links are refused twice over: `navigateOnDragDrop: false` (kioskWebPreferences)
 * and the navigation allowlist every window already has (navigation.ts: no file:, no other
 * origin), plus the page's own drop rules (KIOSK_PAGE_RULES).
 */
import type { CustomerScreenName, Language, OpeningHours } from '../../contract/ipc.ts';
import { hostedRequestHeaders } from './hosted-language.ts';
import { blockedInput, type KeyInput } from './kiosk-input.ts';
import { KEEP_AWAKE_BLOCKER, shouldKeepDisplayAwake, type DisplayAwakeReason } from './kiosk-lockdown.ts';

/** A preventable Electron event: all the wiring ever does with one. */
interface Preventable {
  preventDefault(): void;
}

export interface KioskContents {
  on(event: 'before-input-event', listener: (event: Preventable, input: KeyInput) => void): unknown;
  on(event: 'input-event', listener: () => void): unknown;
  on(event: 'zoom-changed' | 'context-menu', listener: (event: Preventable) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  setZoomFactor(factor: number): void;
  setVisualZoomLevelLimits(min: number, max: number): Promise<void>;
}

export interface KioskWindow {
  removeMenu(): void;
  on(event: 'app-command', listener: (event: Preventable, command: string) => void): unknown;
  webContents: KioskContents;
}

export interface LockDownOptions {
  platform: NodeJS.Platform;
  /** Any input on the customer window, Stripe's page included: the walk-away waits again. */
  onActivity: () => void;
  log: (line: string) => void;
}

/** The customer window of a kiosk: keys, zoom, pinch, context menu, mouse back/forward. */
export function lockDownKioskWindow(window: KioskWindow, options: LockDownOptions): void {
  window.removeMenu();
  const contents = window.webContents;
  contents.on('before-input-event', (event, input) => {
    const decision = blockedInput(input, options.platform);
    if (decision.block) event.preventDefault();
  });
  // Main sees every input, on the app's pages and on Stripe's: the walk-away's "still here".
  contents.on('input-event', () => options.onActivity());
  // Zoom that got through anyway (a gesture the key rules do not see) is undone at once.
  contents.on('zoom-changed', (event) => {
    event.preventDefault();
    contents.setZoomFactor(1);
  });
  // Pinch (visual) zoom off on every page the window loads, Stripe's included.
  contents.on('did-finish-load', () => {
    contents.setZoomFactor(1);
    contents.setVisualZoomLevelLimits(1, 1).catch(() => options.log('kiosk: could not turn pinch zoom off'));
  });
  // No menu of any kind; a page's own context menu is refused by the page rules too.
  contents.on('context-menu', (event) => event.preventDefault());
  // Mouse back/forward buttons (Windows, Linux) would leave the screen.
  window.on('app-command', (event) => event.preventDefault());
}

export interface PowerSaveBlockerLike {
  start(type: typeof KEEP_AWAKE_BLOCKER): number;
  stop(id: number): void;
}

export interface DisplayAwakeOptions {
  blocker: PowerSaveBlockerLike;
  now: () => number;
  hours: () => { openingHours: OpeningHours | null; timeZone: string };
  /** The machine's own zone, for a time zone left empty in Settings. */
  localTimeZone: () => string;
  log: (line: string) => void;
}

export interface DisplayAwake {
  screenChanged(screen: CustomerScreenName): void;
  /** Called on a timer (each minute) and when settings change: opening and closing times pass. */
  evaluate(): void;
  close(): void;
}

/** Holds a `prevent-display-sleep` blocker exactly while shouldKeepDisplayAwake says so. */
export function createDisplayAwake(options: DisplayAwakeOptions): DisplayAwake {
  let screen: CustomerScreenName = 'welcome';
  let blockerId: number | null = null;
  let reason: DisplayAwakeReason | null = null;
  const evaluate = () => {
    const { openingHours, timeZone } = options.hours();
    const decision = shouldKeepDisplayAwake(
      screen,
      options.now(),
      openingHours,
      timeZone || options.localTimeZone(),
    );
    if (decision.reason !== reason)
      options.log(`kiosk: display ${decision.keepAwake ? 'kept awake' : 'may sleep'} (${decision.reason})`);
    reason = decision.reason;
    if (decision.keepAwake && blockerId === null) blockerId = options.blocker.start(KEEP_AWAKE_BLOCKER);
    if (!decision.keepAwake && blockerId !== null) {
      options.blocker.stop(blockerId);
      blockerId = null;
    }
  };
  return {
    screenChanged(next) {
      screen = next;
      evaluate();
    },
    evaluate,
    close() {
      if (blockerId !== null) options.blocker.stop(blockerId);
      blockerId = null;
    },
  };
}

export interface HeadersSession {
  webRequest: {
    onBeforeSendHeaders(
      listener: (
        details: { url: string; requestHeaders: Record<string, string> },
        callback: (response: { requestHeaders: Record<string, string> }) => void,
      ) => void,
    ): void;
  };
}

/** The customer window's session: the hosted flow's requests carry the customer's language. */
export function sendCustomerLanguage(
  session: HeadersSession,
  options: { hostedOrigin: () => string; language: () => Language | null },
): void {
  session.webRequest.onBeforeSendHeaders((details, callback) =>
    callback({
      requestHeaders: hostedRequestHeaders(
        details.url,
        details.requestHeaders,
        options.hostedOrigin(),
        options.language(),
      ),
    }),
  );
}
