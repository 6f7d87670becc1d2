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
// The staff-exit gesture: pure and shared with the renderer (which feeds it pointer events), so
// it lives in contract/kiosk-page.ts.

export {
  DEFAULT_EXIT_GESTURE,
  INITIAL_EXIT_GESTURE,
  exitGestureDueAt,
  inExitRegion,
  reduceExitGesture,
  type Corner,
  type ExitGestureConfig,
  type ExitGestureState,
  type ExitGestureStep,
  type PressEvent,
  type Viewport,
} from '../../contract/kiosk-page.ts';
