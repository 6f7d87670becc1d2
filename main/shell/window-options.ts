/**
 * The options of the app's two windows, as data. Every security-relevant webPreference is
 * written out explicitly, even where it is Electron 45's default, so a reader (and the tests)
 * can see it and a future default change cannot loosen it silently.
 */
import type { BrowserWindowConstructorOptions, Rectangle, WebPreferences } from 'electron';
import type { WindowKind } from '../../contract/ipc.ts';

/**
 * The customer window gets a session of its own, in memory only ("customer", no "persist:"):
 * the hosted flow's cookies and storage never reach the disk and never mix with the staff
 * window's, and main clears it between customers.
 */
export const CUSTOMER_PARTITION = 'customer';
export const STAFF_PARTITION = 'persist:staff';

export function secureWebPreferences(
  kind: WindowKind,
  preloadPath: string,
  isPackaged: boolean,
): WebPreferences {
  return {
    preload: preloadPath,
    partition: kind === 'customer' ? CUSTOMER_PARTITION : STAFF_PARTITION,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    // Middle-click opening links in new windows (electronegativity's AUXCLICK check).
    disableBlinkFeatures: 'Auxclick',
    // On Linux the spellchecker downloads dictionaries from Google's CDN, and whatever is typed
    // (references, names) would go to it: neither window needs it.
    spellcheck: false,
    // A page cannot flood the counter with alert() loops.
    safeDialogs: true,
    devTools: !isPackaged,
    enableWebSQL: false,
    autoplayPolicy: 'document-user-activation-required',
  };
}

export interface DisplayLike {
  id: number;
  bounds: Rectangle;
  workArea: Rectangle;
  internal?: boolean;
}

/**
 * The display for the customer window: another display than the staff's when there is one
 * (an external one first, then the largest), else null (same screen as staff).
 */
export function pickCustomerDisplay(displays: readonly DisplayLike[], primaryId: number): DisplayLike | null {
  const others = displays.filter((d) => d.id !== primaryId);
  if (others.length === 0) return null;
  const area = (d: DisplayLike) => d.bounds.width * d.bounds.height;
  return [...others].sort((a, b) => {
    const external = Number(a.internal === true) - Number(b.internal === true);
    if (external !== 0) return external;
    const size = area(b) - area(a);
    return size !== 0 ? size : a.id - b.id;
  })[0] as DisplayLike;
}

/** Share of the screen's width the staff window takes when both windows share one display. */
const STAFF_SHARE = 0.6;

/**
 * With a single display the two windows sit side by side on its work area, staff on the left
 * and the customer on the right, so that neither hides the other. With a second display each
 * window has its own and this returns null.
 */
export function sideBySide(
  displays: readonly DisplayLike[],
  primaryId: number,
): { staff: Rectangle; customer: Rectangle } | null {
  if (pickCustomerDisplay(displays, primaryId) !== null) return null;
  const primary = displays.find((d) => d.id === primaryId) ?? displays[0];
  if (!primary) return null;
  const area = primary.workArea;
  const staffWidth = Math.round(area.width * STAFF_SHARE);
  return {
    staff: { x: area.x, y: area.y, width: staffWidth, height: area.height },
    customer: { x: area.x + staffWidth, y: area.y, width: area.width - staffWidth, height: area.height },
  };
}

export interface StaffWindowInput {
  preloadPath: string;
  isPackaged: boolean;
  /** When given, the staff window takes its side of a shared display (see sideBySide). */
  displays?: readonly DisplayLike[];
  primaryDisplayId?: number;
}

export function staffWindowOptions(input: StaffWindowInput): BrowserWindowConstructorOptions {
  const shared =
    input.displays && input.primaryDisplayId !== undefined
      ? sideBySide(input.displays, input.primaryDisplayId)
      : null;
  return {
    ...(shared ? shared.staff : { width: 1200, height: 800 }),
    minWidth: 700,
    minHeight: 500,
    title: 'Countersign',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences('staff', input.preloadPath, input.isPackaged),
  };
}

export interface CustomerWindowInput {
  preloadPath: string;
  isPackaged: boolean;
  /** Unattended: the customer window fills its screen and cannot be left. */
  kiosk: boolean;
  displays: readonly DisplayLike[];
  primaryDisplayId: number;
}

export function customerWindowOptions(input: CustomerWindowInput): BrowserWindowConstructorOptions {
  const display = pickCustomerDisplay(input.displays, input.primaryDisplayId);
  // On its own display (or in kiosk mode) the customer screen takes the whole screen; sharing
  // the staff's display it is a normal window staff can move.
  const fullscreen = input.kiosk || display !== null;
  const area = display?.workArea;
  const shared = input.kiosk ? null : sideBySide(input.displays, input.primaryDisplayId);
  return {
    ...(area
      ? { x: area.x, y: area.y, width: area.width, height: area.height }
      : (shared?.customer ?? { width: 900, height: 700 })),
    title: 'Countersign — customer',
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    fullscreen,
    kiosk: input.kiosk,
    // A customer must not close, minimise or resize the screen from under a running check.
    // Beside the staff window staff may close it; main opens it again when it is needed.
    closable: !fullscreen,
    minimizable: !fullscreen,
    webPreferences: secureWebPreferences('customer', input.preloadPath, input.isPackaged),
  };
}
