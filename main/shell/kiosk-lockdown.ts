/**
 * The decisions behind a kiosk's lockdown, as pure functions: which keys and wheel events the
 * customer window swallows, when the hidden staff-exit gesture has been made, whether the
 * display must stay awake, when a customer has walked away, and the window options and page
 * rules a kiosk adds. Time is always an argument; nothing here touches a window.
 *
 * What an app cannot lock (Alt+Tab, Ctrl+Alt+Del, the Windows key, Cmd+Tab, edge swipes, VT
 * switching) is the operating system's job: see docs/kiosk.md.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { CustomerScreenName } from '../../contract/ipc.ts';
import type { SessionStatus } from '../../contract/session-status.ts';

// ---------------------------------------------------------------------------------------------
// Keys

/** What `before-input-event` hands over (Electron's `Input`), reduced to what the decision reads. */
export interface KeyInput {
  /** `keyDown` or `keyUp`. Both get the same decision, so a page never sees half a shortcut. */
  type: string;
  key: string;
  code: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

export type BlockReason =
  | 'reload'
  | 'devtools'
  | 'view_source'
  | 'zoom'
  | 'close'
  | 'new_window'
  | 'print'
  | 'find'
  | 'navigation'
  | 'fullscreen'
  | 'context_menu'
  | 'menu'
  | 'function_key'
  | 'browser_key'
  | 'shortcut';

export type InputDecision =
  { block: true; reason: BlockReason } | { block: false; reason: 'typing' | 'editing' };

const block = (reason: BlockReason): InputDecision => ({ block: true, reason });
const TYPING: InputDecision = { block: false, reason: 'typing' };
const EDITING: InputDecision = { block: false, reason: 'editing' };

/**
 * The letter a shortcut names. Chromium matches shortcuts by the physical key on non-Latin
 * layouts (Ctrl+к on a Russian keyboard reloads like Ctrl+R), so when the key is not a Latin
 * letter the key's position (`code`, `KeyR`) decides.
 */
function shortcutLetter(input: KeyInput): string | null {
  if (/^[a-z]$/i.test(input.key)) return input.key.toLowerCase();
  const match = /^Key([A-Z])$/.exec(input.code);
  return match ? (match[1] as string).toLowerCase() : null;
}

const ZOOM_KEYS = new Set(['+', '=', '-', '_', '0']);
const ZOOM_CODES = new Set(['Equal', 'Minus', 'Digit0', 'NumpadAdd', 'NumpadSubtract', 'Numpad0']);

const BARE_MODIFIERS = new Set(['Control', 'Shift', 'Meta', 'AltGraph', 'CapsLock', 'Fn', 'NumLock']);

/** Dedicated keys (W3C key values) that ask a browser for something, whatever the modifiers. */
function dedicatedKey(key: string): BlockReason | null {
  if (key === 'BrowserRefresh') return 'reload';
  if (key === 'BrowserBack' || key === 'BrowserForward' || key === 'BrowserHome') return 'navigation';
  if (key.startsWith('Browser') || key.startsWith('Launch')) return 'browser_key';
  if (key.startsWith('Zoom')) return 'zoom';
  if (key === 'ContextMenu') return 'context_menu';
  if (key === 'Print') return 'print';
  if (key === 'Find') return 'find';
  if (key === 'Close') return 'close';
  if (key === 'New') return 'new_window';
  if (key === 'Help' || key === 'Open' || key === 'Save') return 'shortcut';
  return null;
}

function functionKey(input: KeyInput, platform: NodeJS.Platform): BlockReason | null {
  const match = /^F([0-9]{1,2})$/.exec(input.key);
  if (!match) return null;
  const n = Number(match[1]);
  if (n === 5) return 'reload';
  if (n === 12) return 'devtools';
  if (n === 11) return 'fullscreen';
  if (n === 3) return 'find';
  if (n === 4 && (input.alt || input.control)) return 'close';
  // F10 (and Shift+F10, the context menu) opens the hidden menu bar on Windows and Linux.
  if (n === 10 && platform !== 'darwin') return input.shift ? 'context_menu' : 'menu';
  // The rest do nothing useful at a kiosk, and F7 asks to turn on caret browsing.
  return 'function_key';
}

/** A shortcut with the platform's command key: Ctrl on Windows and Linux, Cmd on macOS. */
function commandShortcut(input: KeyInput, platform: NodeJS.Platform): InputDecision {
  const mac = platform === 'darwin';
  const letter = shortcutLetter(input);
  // DevTools: Ctrl+Shift+I/J/C, Cmd+Alt+I/J/C. Checked before copy (C) and the rest.
  if (letter !== null && 'ijc'.includes(letter) && (mac ? input.alt : input.shift)) return block('devtools');
  if (letter === 'u') return block('view_source');
  if (letter === 'r') return block('reload');
  if (ZOOM_KEYS.has(input.key) || ZOOM_CODES.has(input.code)) return block('zoom');
  // Close or quit, and on macOS hide (Cmd+H, Cmd+Alt+H) and minimise (Cmd+M).
  if (letter === 'w' || letter === 'q' || (mac && (letter === 'h' || letter === 'm'))) return block('close');
  if (letter === 'n' || letter === 't') return block('new_window');
  if (letter === 'p') return block('print');
  if (letter === 'f' || letter === 'g') return block('find');
  // Back and forward: Cmd+[ and Cmd+] on macOS.
  if (
    mac &&
    (input.key === '[' || input.key === ']' || input.code === 'BracketLeft' || input.code === 'BracketRight')
  )
    return block('navigation');
  // The editing shortcuts a form needs: select all, copy, cut, paste, undo, redo.
  if (letter !== null && 'acvxzy'.includes(letter)) return EDITING;
  // Moving and deleting by word or line inside a field (Ctrl+Left; on macOS Cmd+Left is line start,
  // not "back": Electron binds no history shortcut there).
  if (/^(Arrow(Left|Right|Up|Down)|Backspace|Delete|Home|End)$/.test(input.key)) return EDITING;
  // Everything else with the command key is a browser or window shortcut nobody at a kiosk needs
  // (save, open, bookmarks, tab switching, Ctrl+Cmd+F full screen…).
  return block('shortcut');
}

/**
 * Whether the customer window swallows a key in kiosk mode. Ordinary typing passes (letters,
 * digits, space, punctuation, Shift, AltGr, Option on macOS), and so does everything a PIN pad or
 * a form needs: digits (numpad too), Backspace, Delete, Enter, Tab, arrows, Home/End and the
 * editing shortcuts. Applied on `before-input-event`, whose `preventDefault` stops the page's
 * keydown/keyup and the menu shortcuts.
 */
export function blockedInput(input: KeyInput, platform: NodeJS.Platform): InputDecision {
  const mac = platform === 'darwin';
  // A modifier pressed on its own does nothing yet; the combination it starts is decided by itself.
  // Alt is the exception on Windows and Linux: pressed and released alone, it shows the hidden
  // menu bar (on key up).
  if (BARE_MODIFIERS.has(input.key)) return TYPING;
  if (input.key === 'Alt') return mac ? TYPING : block('menu');
  const dedicated = dedicatedKey(input.key);
  if (dedicated !== null) return block(dedicated);
  const fn = functionKey(input, platform);
  if (fn !== null) return block(fn);
  // Escape leaves the page's HTML full screen; a kiosk screen never needs it.
  if (input.key === 'Escape') return block('fullscreen');
  if (mac && input.control && input.meta && (input.key.toLowerCase() === 'f' || input.code === 'KeyF'))
    return block('fullscreen');
  if (mac ? input.meta : input.control && !(platform === 'win32' && input.alt))
    return commandShortcut(input, platform);
  if (!mac) {
    // The Windows key's combinations that reach the page (most are taken by the OS first).
    if (input.meta) return block('shortcut');
    if (input.alt && !input.control) {
      if (input.key === 'ArrowLeft' || input.key === 'ArrowRight' || input.key === 'Home')
        return block('navigation');
      // Alt+Space opens the window menu (move, close); Alt+letter the menu bar's mnemonics.
      return block('menu');
    }
  }
  // On Windows, AltGr arrives as Ctrl+Alt and types characters (@, €, {): typing, not a shortcut.
  return TYPING;
}

/** A wheel event's modifiers. Chromium reports a trackpad pinch as a wheel event with ctrlKey. */
export interface WheelInput {
  control: boolean;
  meta: boolean;
}

/** Ctrl+wheel (and the trackpad pinch, which arrives as one) zooms; plain scrolling passes. */
export function blockedWheel(input: WheelInput, platform: NodeJS.Platform): InputDecision {
  if (input.control || (platform === 'darwin' && input.meta)) return block('zoom');
  return TYPING;
}

// ---------------------------------------------------------------------------------------------
// The staff-exit gesture

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

export interface ExitGestureConfig {
  corner: Corner;
  /** Side of the square corner region, in CSS pixels. */
  regionPx: number;
  /** A press held this long inside the region; null turns the hold off. */
  holdMs: number | null;
  /** This many taps inside the region within `tapWindowMs`; null turns taps off. */
  taps: { count: number; withinMs: number; maxTapMs: number } | null;
}

export const DEFAULT_EXIT_GESTURE: Readonly<ExitGestureConfig> = Object.freeze({
  corner: 'top-left',
  regionPx: 60,
  holdMs: 3000,
  taps: { count: 5, withinMs: 3000, maxTapMs: 500 },
});

export interface Viewport {
  width: number;
  height: number;
}

/**
 * Pointer events as the page sees them (`pointerdown`/`pointermove`/`pointerup`/`pointercancel`,
 * with the viewport coordinates and time), plus `tick`: the hold completes while the finger is
 * still down, so the caller sends one at `exitGestureDueAt()`.
 */
export type PressEvent =
  | { type: 'down' | 'move' | 'up' | 'cancel'; pointerId: number; x: number; y: number; at: number }
  | { type: 'tick'; at: number };

export interface ExitGestureState {
  /** The one pointer held in the region, and since when. */
  press: { pointerId: number; downAt: number } | null;
  /** When each recent tap in the region ended. */
  taps: readonly number[];
  /** The last time seen, to notice time going backwards. */
  lastAt: number;
}

export const INITIAL_EXIT_GESTURE: ExitGestureState = Object.freeze({ press: null, taps: [], lastAt: 0 });

export function inExitRegion(x: number, y: number, viewport: Viewport, config: ExitGestureConfig): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  if (x < 0 || y < 0 || x > viewport.width || y > viewport.height) return false;
  const size = config.regionPx;
  const left = config.corner.endsWith('left') ? x <= size : x >= viewport.width - size;
  const top = config.corner.startsWith('top') ? y <= size : y >= viewport.height - size;
  return left && top;
}

export interface ExitGestureStep {
  state: ExitGestureState;
  /** The gesture is complete: show the PIN pad. The state is back to its start. */
  detected: boolean;
}

/**
 * One step of the staff-exit recogniser. A hold counts only while the same single pointer stays
 * inside the corner: moving out, a second finger, a cancel, or time running backwards start over.
 * Taps count only when short and inside the corner; a press anywhere else forgets them, so
 * customers tapping about the screen never add up to an exit.
 */
export function reduceExitGesture(
  state: ExitGestureState,
  event: PressEvent,
  viewport: Viewport,
  config: ExitGestureConfig = DEFAULT_EXIT_GESTURE,
): ExitGestureStep {
  const idle = (at: number): ExitGestureStep => ({
    state: { press: null, taps: [], lastAt: at },
    detected: false,
  });
  const detected = (at: number): ExitGestureStep => ({
    state: { press: null, taps: [], lastAt: at },
    detected: true,
  });
  if (!Number.isFinite(event.at) || event.at < state.lastAt)
    return idle(Number.isFinite(event.at) ? event.at : 0);
  const at = event.at;
  const holdDone = (press: ExitGestureState['press']) =>
    press !== null && config.holdMs !== null && at - press.downAt >= config.holdMs;
  const recentTaps = config.taps ? state.taps.filter((t) => at - t <= (config.taps?.withinMs ?? 0)) : [];

  switch (event.type) {
    case 'tick':
      return holdDone(state.press) ? detected(at) : { state: { ...state, lastAt: at }, detected: false };
    case 'down': {
      const inside = inExitRegion(event.x, event.y, viewport, config);
      if (state.press !== null || !inside) return idle(at); // a second finger, or a press elsewhere
      return {
        state: { press: { pointerId: event.pointerId, downAt: at }, taps: recentTaps, lastAt: at },
        detected: false,
      };
    }
    case 'move': {
      if (state.press === null || event.pointerId !== state.press.pointerId)
        return { state: { ...state, lastAt: at }, detected: false };
      if (!inExitRegion(event.x, event.y, viewport, config)) return idle(at);
      return holdDone(state.press) ? detected(at) : { state: { ...state, lastAt: at }, detected: false };
    }
    case 'up': {
      if (state.press === null || event.pointerId !== state.press.pointerId) return idle(at);
      if (!inExitRegion(event.x, event.y, viewport, config)) return idle(at);
      if (holdDone(state.press)) return detected(at);
      const taps = config.taps;
      if (taps === null || at - state.press.downAt > taps.maxTapMs) return idle(at);
      const counted = [...recentTaps, at];
      if (counted.length >= taps.count) return detected(at);
      return { state: { press: null, taps: counted, lastAt: at }, detected: false };
    }
    case 'cancel':
      return idle(at);
  }
}

/** When a `tick` must be sent for a hold in progress to complete, or null when none is. */
export function exitGestureDueAt(
  state: ExitGestureState,
  config: ExitGestureConfig = DEFAULT_EXIT_GESTURE,
): number | null {
  return state.press !== null && config.holdMs !== null ? state.press.downAt + config.holdMs : null;
}

// ---------------------------------------------------------------------------------------------
// Keeping the display awake

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` in the kiosk's time zone. `close` before `open` runs past midnight (22:00–02:00). */
export interface OpeningInterval {
  open: string;
  close: string;
}

/** Opening hours per weekday; a day that is missing or empty is closed. */
export type OpeningHours = Partial<Record<Weekday, readonly OpeningInterval[]>>;

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
// Walk-away

/** Default idle time mid-flow before a kiosk gives up on the customer. */
export const DEFAULT_WALK_AWAY_SECONDS = 120;

/** The reason a walked-away session is canceled with, for its record. */
export const WALK_AWAY_CANCEL_REASON = 'customer_walked_away' as const;

export interface WalkAwayScreen {
  screen: CustomerScreenName;
  /** The status of the session on screen, or null when there is none. */
  sessionStatus: SessionStatus | null;
}

export type WalkAwayDecision =
  | { action: 'none'; reason: 'not_in_flow' | 'checking' | 'disabled' }
  | { action: 'wait'; until: number }
  | { action: 'reset'; cancel: null | typeof WALK_AWAY_CANCEL_REASON; reason?: 'handoff_in_progress' };

/**
 * What the kiosk does about a customer who has stopped touching it. Nothing on welcome, and
 * nothing while Stripe checks what was submitted (`checking`: the result is on its way). After
 * `idleSeconds` without input the screen goes back to welcome, and a session still waiting for
 * the customer (`requires_input`) is canceled so the next person cannot continue it, except
 * after a hand-over by QR code: the customer may be finishing on their own phone, which the
 * kiosk does not see. `idleSeconds` of 0 turns the walk-away off.
 */
export function walkAwayDecision(
  screen: WalkAwayScreen,
  lastActivityAt: number,
  now: number,
  idleSeconds: number,
): WalkAwayDecision {
  if (screen.screen === 'welcome') return { action: 'none', reason: 'not_in_flow' };
  if (screen.screen === 'checking') return { action: 'none', reason: 'checking' };
  if (!(idleSeconds > 0)) return { action: 'none', reason: 'disabled' };
  // Activity "in the future" (the wall clock was set back) counts as now: wait the full time.
  const since = Math.min(lastActivityAt, now);
  const until = since + idleSeconds * 1000;
  if (now < until) return { action: 'wait', until };
  if (screen.screen === 'handoff') return { action: 'reset', cancel: null, reason: 'handoff_in_progress' };
  return {
    action: 'reset',
    cancel: screen.sessionStatus === 'requires_input' ? WALK_AWAY_CANCEL_REASON : null,
  };
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

/**
 * The page rules the renderer applies on the kiosk's app pages (the hosted flow is Stripe's page:
 * only main's key and wheel rules reach it). CSS first, then the DOM listeners, each with why.
 */
export const KIOSK_PAGE_RULES = Object.freeze({
  css: `
/* Nothing to select on a kiosk screen: a long press would otherwise select text and offer a menu. */
html, body { user-select: none; -webkit-user-select: none; -webkit-touch-callout: none; }
/* Except where the customer or staff type. */
input, textarea, [contenteditable="true"] { user-select: text; -webkit-user-select: text; }
/* Pan and tap, never pinch-zoom or double-tap zoom. */
html, body { touch-action: pan-x pan-y; }
/* Images and links cannot be dragged out (or into another app). */
img, a { -webkit-user-drag: none; }
`.trim(),
  dom: [
    {
      event: 'contextmenu',
      target: 'window',
      action: 'preventDefault',
      why: 'no context menu (a long press on touch screens opens one too)',
    },
    {
      event: 'dragstart',
      target: 'window',
      action: 'preventDefault',
      why: 'nothing on the page can be dragged',
    },
    {
      event: 'dragover',
      target: 'window',
      action: 'preventDefault, dropEffect = "none"',
      why: 'files and links dragged in are refused',
    },
    {
      event: 'drop',
      target: 'window',
      action: 'preventDefault',
      why: 'a dropped file or link is never opened',
    },
    {
      event: 'wheel',
      target: 'window',
      options: '{ passive: false }',
      action: 'preventDefault when blockedWheel() blocks (ctrlKey)',
      why: 'Ctrl+wheel and trackpad pinch zoom',
    },
    {
      event: 'selectstart',
      target: 'window',
      action: 'preventDefault unless the target is an input, textarea or contenteditable',
      why: 'the CSS rule, for pages that set their own user-select',
    },
  ],
} as const);
