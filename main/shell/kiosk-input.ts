/**
 * What the person at a kiosk can do, decided as pure functions: which keys and wheel events the
 * customer window swallows, and when the hidden staff-exit gesture (a long press or taps in a
 * corner) has been made. Time is always an argument; nothing here touches a window. The rest of
 * the lockdown (display, walk-away, window options) is in kiosk-lockdown.ts.
 */

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
