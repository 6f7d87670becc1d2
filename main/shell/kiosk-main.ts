/**
 * `--kiosk` in the Electron main process: what main.ts calls to lock the customer window down,
 * keep the display awake while it must be, send the customer's language to the hosted flow, and
 * open the staff console after the right PIN. Wiring only; the decisions are in kiosk-shell.ts
 * (and the pure modules it calls), which test/unit/shell/kiosk-wiring.test.ts drives.
 */
import {
  powerSaveBlocker,
  type BrowserWindow,
  type BrowserWindowConstructorOptions,
  type Session,
} from 'electron';
import type { AppCore } from '../core/index.ts';
import { createDisplayAwake, lockDownKioskWindow, sendCustomerLanguage } from './kiosk-shell.ts';
import { kioskWebPreferences, kioskWindowOptions } from './kiosk-lockdown.ts';

/** The customer window's options with the kiosk's added (over customerWindowOptions()). */
export function withKioskOptions(options: BrowserWindowConstructorOptions): BrowserWindowConstructorOptions {
  return {
    ...options,
    ...kioskWindowOptions(),
    webPreferences: { ...options.webPreferences, ...kioskWebPreferences() },
  };
}

export interface KioskMainOptions {
  core: AppCore;
  /** The customer window (opened again if it was closed). */
  customerWindow: () => BrowserWindow;
  openStaff: () => BrowserWindow;
  log: (line: string) => void;
}

/** Every customer window: its language reaches the hosted flow (a counter's customers choose too). */
export function wireCustomerLanguage(core: AppCore, customerSession: Session): void {
  sendCustomerLanguage(customerSession as never, {
    hostedOrigin: () => core.hostedOrigin(),
    language: () => core.customerLanguage(),
  });
}

export function lockDownCustomerWindow(
  core: AppCore,
  window: BrowserWindow,
  log: (line: string) => void,
): void {
  lockDownKioskWindow(window as never, {
    platform: process.platform,
    onActivity: () => core.customerActivity(),
    log,
  });
}

/** The display and the staff exit; returns what stops them. */
export function wireKiosk(o: KioskMainOptions): () => void {
  const awake = createDisplayAwake({
    blocker: powerSaveBlocker,
    now: Date.now,
    hours: () => ({
      openingHours: o.core.settings().kioskOpeningHours,
      timeZone: o.core.settings().kioskTimeZone,
    }),
    localTimeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    log: o.log,
  });
  const stopFollowing = o.core.on('customer.changed', (screen) => awake.screenChanged(screen.screen));
  // Opening and closing times pass without any screen change.
  const minute = setInterval(() => awake.evaluate(), 60_000);
  minute.unref();
  awake.evaluate();

  // The right PIN: the kiosk screen steps aside (no longer on top of everything) and the staff
  // console opens; closing it puts the kiosk screen back.
  let staff: BrowserWindow | null = null;
  const stopUnlock = o.core.onKioskUnlocked(() => {
    if (staff !== null && !staff.isDestroyed()) return staff.focus();
    const kiosk = o.customerWindow();
    kiosk.setAlwaysOnTop(false);
    kiosk.setKiosk(false);
    kiosk.hide();
    o.log('kiosk: staff console opened after the staff PIN');
    staff = o.openStaff();
    staff.on('closed', () => {
      staff = null;
      const back = o.customerWindow();
      back.setKiosk(true);
      back.setAlwaysOnTop(true);
      back.show();
      o.log('kiosk: staff console closed; kiosk screen back');
    });
  });
  return () => {
    clearInterval(minute);
    stopFollowing();
    stopUnlock();
    awake.close();
  };
}
