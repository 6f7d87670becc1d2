/**
 * The decisions behind a kiosk's lockdown, as pure functions: whether the display must stay
 * awake, when a customer has walked away, and the window options and page rules a kiosk adds.
 * Keys and the staff-exit gesture are in kiosk-input.ts. Time is always an argument; nothing
 * here touches a window.
 *
 * What an app cannot lock (Alt+Tab, Ctrl+Alt+Del, the Windows key, Cmd+Tab, edge swipes, VT
 * switching) is the operating system's job: see docs/kiosk.md.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { CustomerScreenName } from '../../contract/ipc.ts';
import { WEEKDAYS, type OpeningHours, type OpeningInterval, type Weekday } from '../../contract/kiosk.ts';

// ---------------------------------------------------------------------------------------------
// Keeping the display awake

export { WEEKDAYS, type OpeningHours, type OpeningInterval, type Weekday };

/** The powerSaveBlocker type to hold while the display must stay on (the screen, not just the app). */
export const KEEP_AWAKE_BLOCKER = 'prevent-display-sleep' as const;

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const minutesOf = (hhmm: string): number => {
  const match = HHMM.exec(hhmm) as RegExpExecArray;
  return Number(match[1]) * 60 + Number(match[2]);
};

/** What is wrong with a set of opening hours, or null when they can be used. */
export function openingHoursProblem(hours: OpeningHours): string | null {
  for (const [day, intervals] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) return `"${day}" is not a day (use sun, mon, … sat).`;
    for (const interval of intervals ?? []) {
      if (!HHMM.test(interval.open) || !HHMM.test(interval.close))
        return `Opening hours are written HH:MM, 00:00 to 23:59 (${day}).`;
      if (interval.open === interval.close) return `An opening interval must not be empty (${day}).`;
    }
  }
  return null;
}

/** The weekday and minute of the day at `now` in `timeZone`, or null for an unknown zone. */
export function localWeekMinute(now: number, timeZone: string): { day: Weekday; minute: number } | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
  } catch {
    return null;
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as Weekday;
  if (!WEEKDAYS.includes(day)) return null;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Whether `now` falls within the opening hours (an interval past midnight counted on both days). */
export function isOpen(hours: OpeningHours, now: number, timeZone: string): boolean | null {
  const local = localWeekMinute(now, timeZone);
  if (local === null) return null;
  const today = WEEKDAYS.indexOf(local.day);
  const yesterday = WEEKDAYS[(today + 6) % 7] as Weekday;
  for (const { open, close } of hours[local.day] ?? []) {
    const [from, to] = [minutesOf(open), minutesOf(close)];
    if (from < to ? local.minute >= from && local.minute < to : local.minute >= from) return true;
  }
  for (const { open, close } of hours[yesterday] ?? []) {
    const [from, to] = [minutesOf(open), minutesOf(close)];
    if (from > to && local.minute < to) return true;
  }
  return false;
}

export type DisplayAwakeReason =
  'customer_in_flow' | 'no_opening_hours' | 'open' | 'closed' | 'opening_hours_invalid' | 'time_zone_unknown';

export interface DisplayAwakeDecision {
  keepAwake: boolean;
  reason: DisplayAwakeReason;
}

/**
 * Whether the kiosk holds a `prevent-display-sleep` blocker now. A customer in a flow (any screen
 * but welcome) always keeps it awake. Otherwise: awake during the opening hours, allowed to sleep
 * outside them; with no opening hours set, or hours or a time zone that cannot be read, always
 * awake, since a kiosk that went dark by mistake looks broken.
 */
export function shouldKeepDisplayAwake(
  screen: CustomerScreenName,
  now: number,
  openingHours: OpeningHours | null,
  timeZone: string,
): DisplayAwakeDecision {
  if (screen !== 'welcome') return { keepAwake: true, reason: 'customer_in_flow' };
  if (openingHours === null) return { keepAwake: true, reason: 'no_opening_hours' };
  if (openingHoursProblem(openingHours) !== null) return { keepAwake: true, reason: 'opening_hours_invalid' };
  const open = isOpen(openingHours, now, timeZone);
  if (open === null) return { keepAwake: true, reason: 'time_zone_unknown' };
  return open ? { keepAwake: true, reason: 'open' } : { keepAwake: false, reason: 'closed' };
}

// ---------------------------------------------------------------------------------------------
// Window options and page rules

/**
 * What a kiosk adds to the customer window's `webPreferences` (over `secureWebPreferences()`).
 */
export function kioskWebPreferences(): Partial<WebPreferences> {
  return {
    // No DevTools in a kiosk, even in a development build: a kiosk run is a test of the lockdown.
    devTools: false,
    zoomFactor: 1,
    // Kept from the secure defaults (middle-click opening links in new windows).
    disableBlinkFeatures: 'Auxclick',
    // A page's alert()/confirm() would leave a native dialog on an unattended screen.
    disableDialogs: true,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** What a kiosk adds to the customer window's options (over `customerWindowOptions()`). */
export function kioskWindowOptions(): Partial<BrowserWindowConstructorOptions> {
  return {
    kiosk: true,
    fullscreen: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    autoHideMenuBar: true,
    closable: false,
    minimizable: false,
    maximizable: false,
    resizable: false,
    movable: false,
  };
}

export { KIOSK_PAGE_RULES } from '../../contract/kiosk-page.ts';
