// The kiosk lockdown's decisions: keys and wheel per platform, the staff-exit gesture over
// timestamps, the display kept awake by screen and opening hours, and the window
// options and page rules a kiosk adds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_EXIT_GESTURE,
  INITIAL_EXIT_GESTURE,
  blockedInput,
  blockedWheel,
  exitGestureDueAt,
  inExitRegion,
  reduceExitGesture,
  type ExitGestureConfig,
  type ExitGestureState,
  type KeyInput,
  type PressEvent,
} from '../../../main/shell/kiosk-input.ts';
import {
  KEEP_AWAKE_BLOCKER,
  KIOSK_PAGE_RULES,
  isOpen,
  kioskWebPreferences,
  kioskWindowOptions,
  openingHoursProblem,
  shouldKeepDisplayAwake,
  type OpeningHours,
} from '../../../main/shell/kiosk-lockdown.ts';
import { secureWebPreferences } from '../../../main/shell/window-options.ts';
import { CUSTOMER_SCREENS } from '../../../contract/ipc.ts';

type Platform = 'win32' | 'linux' | 'darwin';
const ALL: Platform[] = ['win32', 'linux', 'darwin'];

/** A key as `before-input-event` gives it: `spec` like "Ctrl+Shift+I", "Cmd+R", "F5", "Alt+ArrowLeft". */
function key(spec: string, code?: string): KeyInput {
  const parts = spec.split('+');
  // "Ctrl++" names the plus key.
  let name = parts.pop() as string;
  if (name === '' && spec.endsWith('+')) {
    parts.pop();
    name = '+';
  }
  const has = (m: string) => parts.includes(m);
  const derivedCode =
    code ??
    (/^[a-z]$/i.test(name) ? `Key${name.toUpperCase()}` : /^[0-9]$/.test(name) ? `Digit${name}` : name);
  return {
    type: 'keyDown',
    key: name,
    code: derivedCode,
    control: has('Ctrl'),
    meta: has('Cmd') || has('Win'),
    alt: has('Alt'),
    shift: has('Shift'),
  };
}

const decide = (spec: string, platform: Platform, code?: string) => blockedInput(key(spec, code), platform);

function expectBlocked(cases: Array<[string, string]>, platforms: Platform[]) {
  for (const platform of platforms)
    for (const [spec, reason] of cases)
      assert.deepEqual(decide(spec, platform), { block: true, reason }, `${spec} on ${platform}`);
}

function expectAllowed(specs: string[], platforms: Platform[]) {
  for (const platform of platforms)
    for (const spec of specs) assert.equal(decide(spec, platform).block, false, `${spec} on ${platform}`);
}

describe('keys', () => {
  test('reload, devtools, view source', () => {
    expectBlocked(
      [
        ['F5', 'reload'],
        ['Ctrl+F5', 'reload'],
        ['Shift+F5', 'reload'],
        ['BrowserRefresh', 'reload'],
        ['F12', 'devtools'],
      ],
      ALL,
    );
    expectBlocked(
      [
        ['Ctrl+r', 'reload'],
        ['Ctrl+Shift+R', 'reload'],
        ['Ctrl+Shift+I', 'devtools'],
        ['Ctrl+Shift+J', 'devtools'],
        ['Ctrl+Shift+C', 'devtools'],
        ['Ctrl+u', 'view_source'],
      ],
      ['win32', 'linux'],
    );
    expectBlocked(
      [
        ['Cmd+r', 'reload'],
        ['Cmd+Shift+r', 'reload'],
        ['Cmd+Alt+i', 'devtools'],
        ['Cmd+Alt+j', 'devtools'],
        ['Cmd+Alt+c', 'devtools'],
        ['Cmd+Alt+u', 'view_source'],
      ],
      ['darwin'],
    );
  });

  test('zoom, by key and by key position, numpad included', () => {
    expectBlocked(
      [
        ['Ctrl++', 'zoom'],
        ['Ctrl+Shift++', 'zoom'],
        ['Ctrl+=', 'zoom'],
        ['Ctrl+-', 'zoom'],
        ['Ctrl+0', 'zoom'],
      ],
      ['win32', 'linux'],
    );
    expectBlocked(
      [
        ['Cmd++', 'zoom'],
        ['Cmd+=', 'zoom'],
        ['Cmd+-', 'zoom'],
        ['Cmd+0', 'zoom'],
      ],
      ['darwin'],
    );
    assert.deepEqual(decide('Ctrl+-', 'win32', 'NumpadSubtract'), { block: true, reason: 'zoom' });
    assert.deepEqual(decide('Ctrl+ß', 'linux', 'Minus'), { block: true, reason: 'zoom' });
    expectBlocked([['ZoomIn', 'zoom']], ALL);
  });

  test('close, quit, hide, minimise', () => {
    expectBlocked(
      [
        ['Ctrl+w', 'close'],
        ['Ctrl+Shift+W', 'close'],
        ['Ctrl+q', 'close'],
        ['Ctrl+F4', 'close'],
        ['Alt+F4', 'close'],
      ],
      ['win32', 'linux'],
    );
    expectBlocked(
      [
        ['Cmd+w', 'close'],
        ['Cmd+q', 'close'],
        ['Cmd+h', 'close'],
        ['Cmd+Alt+h', 'close'],
        ['Cmd+m', 'close'],
      ],
      ['darwin'],
    );
  });

  test('new windows and tabs, print, find', () => {
    expectBlocked(
      [
        ['Ctrl+n', 'new_window'],
        ['Ctrl+Shift+N', 'new_window'],
        ['Ctrl+t', 'new_window'],
        ['Ctrl+p', 'print'],
        ['Ctrl+f', 'find'],
        ['Ctrl+g', 'find'],
        ['F3', 'find'],
      ],
      ['win32', 'linux'],
    );
    expectBlocked(
      [
        ['Cmd+n', 'new_window'],
        ['Cmd+t', 'new_window'],
        ['Cmd+p', 'print'],
        ['Cmd+f', 'find'],
      ],
      ['darwin'],
    );
  });

  test('back and forward, full screen, menus, context menu, browser keys', () => {
    expectBlocked(
      [
        ['Alt+ArrowLeft', 'navigation'],
        ['Alt+ArrowRight', 'navigation'],
        ['Alt+Home', 'navigation'],
        ['Alt', 'menu'],
        ['Alt+Space', 'menu'],
        ['Alt+f', 'menu'],
        ['F10', 'menu'],
        ['Shift+F10', 'context_menu'],
      ],
      ['win32', 'linux'],
    );
    expectBlocked(
      [
        ['Cmd+[', 'navigation'],
        ['Cmd+]', 'navigation'],
        ['Ctrl+Cmd+f', 'fullscreen'],
      ],
      ['darwin'],
    );
    expectBlocked(
      [
        ['Escape', 'fullscreen'],
        ['F11', 'fullscreen'],
        ['BrowserBack', 'navigation'],
        ['BrowserForward', 'navigation'],
        ['BrowserHome', 'navigation'],
        ['BrowserSearch', 'browser_key'],
        ['LaunchApplication1', 'browser_key'],
        ['ContextMenu', 'context_menu'],
        ['F1', 'function_key'],
        ['F7', 'function_key'],
        ['Print', 'print'],
      ],
      ALL,
    );
  });

  test('other command-key shortcuts are blocked as shortcuts', () => {
    expectBlocked(
      [
        ['Ctrl+s', 'shortcut'],
        ['Ctrl+o', 'shortcut'],
        ['Ctrl+Tab', 'shortcut'],
        ['Ctrl+1', 'shortcut'],
        ['Ctrl+PageDown', 'shortcut'],
        ['Win+d', 'shortcut'],
      ],
      ['win32', 'linux'],
    );
    expectBlocked([['Cmd+s', 'shortcut']], ['darwin']);
  });

  test('shortcuts are recognised by key position on non-Latin layouts', () => {
    assert.deepEqual(decide('Ctrl+к', 'win32', 'KeyR'), { block: true, reason: 'reload' });
    assert.deepEqual(decide('Cmd+ц', 'darwin', 'KeyW'), { block: true, reason: 'close' });
    // AZERTY: the key labelled W is where QWERTY has Z; Ctrl+W still closes.
    assert.deepEqual(decide('Ctrl+w', 'linux', 'KeyZ'), { block: true, reason: 'close' });
  });

  test('ordinary typing passes, Shift, AltGr and Option included', () => {
    expectAllowed(
      ['a', 'Z', 'Shift+A', '7', ' ', '@', 'é', 'ß', '.', 'Shift+?', 'Control', 'Shift', 'Meta', 'CapsLock'],
      ALL,
    );
    // AltGr arrives as Ctrl+Alt on Windows: Ctrl+Alt+Q is "@" on a German keyboard.
    assert.deepEqual(decide('Ctrl+Alt+@', 'win32', 'KeyQ'), { block: false, reason: 'typing' });
    assert.deepEqual(decide('AltGraph', 'linux'), { block: false, reason: 'typing' });
    // Option types characters on macOS (Option+E starts an accent; Option alone is nothing).
    expectAllowed(['Alt+´', 'Alt+e', 'Alt', 'Ctrl+a'], ['darwin']);
  });

  test('everything a PIN pad and a form need passes', () => {
    expectAllowed(
      [
        ...'0123456789',
        'Backspace',
        'Delete',
        'Enter',
        'Tab',
        'Shift+Tab',
        'ArrowLeft',
        'ArrowRight',
        'ArrowUp',
        'ArrowDown',
        'Home',
        'End',
      ],
      ALL,
    );
    for (const platform of ALL) {
      assert.equal(blockedInput({ ...key('5'), code: 'Numpad5' }, platform).block, false);
      assert.equal(blockedInput({ ...key('Enter'), code: 'NumpadEnter' }, platform).block, false);
    }
    const editing = ['a', 'c', 'v', 'x', 'z', 'y', 'Shift+z', 'ArrowLeft', 'Backspace'];
    for (const k of editing) {
      assert.deepEqual(decide(`Ctrl+${k}`, 'win32'), { block: false, reason: 'editing' }, `Ctrl+${k}`);
      assert.deepEqual(decide(`Cmd+${k}`, 'darwin'), { block: false, reason: 'editing' }, `Cmd+${k}`);
    }
  });

  test('key up gets the same decision as key down', () => {
    for (const spec of ['Alt', 'F5', 'Ctrl+w', 'a'])
      assert.deepEqual(blockedInput({ ...key(spec), type: 'keyUp' }, 'win32'), decide(spec, 'win32'), spec);
  });

  test('Ctrl+wheel and the trackpad pinch are blocked; scrolling is not', () => {
    for (const platform of ALL) {
      assert.deepEqual(blockedWheel({ control: true, meta: false }, platform), {
        block: true,
        reason: 'zoom',
      });
      assert.equal(blockedWheel({ control: false, meta: false }, platform).block, false);
    }
    assert.equal(blockedWheel({ control: false, meta: true }, 'darwin').block, true);
  });
});

describe('the staff-exit gesture', () => {
  const VIEW = { width: 1080, height: 1920 };
  const T = 1_000_000;

  function run(events: PressEvent[], config: ExitGestureConfig = DEFAULT_EXIT_GESTURE) {
    let state: ExitGestureState = INITIAL_EXIT_GESTURE;
    const detections: number[] = [];
    for (const event of events) {
      const step = reduceExitGesture(state, event, VIEW, config);
      state = step.state;
      if (step.detected) detections.push(event.at);
    }
    return { state, detections };
  }
  const down = (at: number, x = 10, y = 10, pointerId = 1): PressEvent => ({
    type: 'down',
    pointerId,
    x,
    y,
    at,
  });
  const move = (at: number, x = 10, y = 10, pointerId = 1): PressEvent => ({
    type: 'move',
    pointerId,
    x,
    y,
    at,
  });
  const up = (at: number, x = 10, y = 10, pointerId = 1): PressEvent => ({ type: 'up', pointerId, x, y, at });
  const tick = (at: number): PressEvent => ({ type: 'tick', at });
  const taps = (from: number, n: number, gap = 300, x = 10, y = 10) =>
    Array.from({ length: n }, (_, i) => [down(from + i * gap, x, y), up(from + i * gap + 80, x, y)]).flat();

  test('the corner region is 60×60 px in the chosen corner, edges included', () => {
    assert.equal(inExitRegion(0, 0, VIEW, DEFAULT_EXIT_GESTURE), true);
    assert.equal(inExitRegion(60, 60, VIEW, DEFAULT_EXIT_GESTURE), true);
    assert.equal(inExitRegion(61, 10, VIEW, DEFAULT_EXIT_GESTURE), false);
    assert.equal(inExitRegion(-1, 10, VIEW, DEFAULT_EXIT_GESTURE), false);
    assert.equal(inExitRegion(Number.NaN, 10, VIEW, DEFAULT_EXIT_GESTURE), false);
    const br = { ...DEFAULT_EXIT_GESTURE, corner: 'bottom-right' as const };
    assert.equal(inExitRegion(1070, 1900, VIEW, br), true);
    assert.equal(inExitRegion(10, 10, VIEW, br), false);
    assert.equal(inExitRegion(1070, 1921, VIEW, br), false);
  });

  test('a press held 3 s in the corner is detected by the tick at its due time, not before', () => {
    const first = reduceExitGesture(INITIAL_EXIT_GESTURE, down(T), VIEW);
    assert.equal(exitGestureDueAt(first.state), T + 3000);
    assert.deepEqual(run([down(T), tick(T + 2999)]).detections, []);
    assert.deepEqual(run([down(T), move(T + 1000, 30, 40), tick(T + 3000)]).detections, [T + 3000]);
    // Released after 3 s without a tick: detected on release.
    assert.deepEqual(run([down(T), up(T + 3200)]).detections, [T + 3200]);
    // Released early: nothing, and no tick is due any more.
    const early = run([down(T), up(T + 2000), tick(T + 3000)]);
    assert.deepEqual(early.detections, []);
    assert.equal(exitGestureDueAt(early.state), null);
  });

  test('moving out of the corner, a second finger or a cancel start the hold over', () => {
    assert.deepEqual(run([down(T), move(T + 1000, 200, 10), move(T + 1500), tick(T + 3000)]).detections, []);
    assert.deepEqual(run([down(T), down(T + 500, 500, 500, 2), tick(T + 3000)]).detections, []);
    assert.deepEqual(
      run([down(T), { type: 'cancel', pointerId: 1, x: 10, y: 10, at: T + 100 }, tick(T + 3000)]).detections,
      [],
    );
    // A press that starts outside and slides in is not a hold.
    assert.deepEqual(run([down(T, 300, 300), move(T + 100), tick(T + 3000)]).detections, []);
    // Another pointer moving elsewhere (a hovering mouse) does not disturb the hold.
    assert.deepEqual(run([down(T), move(T + 500, 700, 700, 9), tick(T + 3000)]).detections, [T + 3000]);
    // After a start-over, a fresh hold works.
    assert.deepEqual(
      run([down(T), move(T + 100, 200, 10), up(T + 200, 200, 10), down(T + 1000), tick(T + 4000)]).detections,
      [T + 4000],
    );
  });

  test('five quick taps in the corner within 3 s are detected; slow, long or stray ones are not', () => {
    assert.deepEqual(run(taps(T, 5)).detections, [T + 4 * 300 + 80]);
    assert.deepEqual(run(taps(T, 4)).detections, []);
    // Spread over more than 3 s: the oldest drop out.
    assert.deepEqual(run(taps(T, 5, 900)).detections, []);
    // A tap held too long (over 500 ms) does not count.
    assert.deepEqual(run([...taps(T, 2), down(T + 700), up(T + 1300), ...taps(T + 1400, 2)]).detections, []);
    // A press elsewhere forgets the taps so far.
    assert.deepEqual(
      run([...taps(T, 3), down(T + 1000, 500, 500), up(T + 1050, 500, 500), ...taps(T + 1100, 2)]).detections,
      [],
    );
    // Taps in another corner do not count.
    assert.deepEqual(run(taps(T, 5, 300, 1070, 10)).detections, []);
  });

  test('after a detection it starts again from nothing', () => {
    const { state, detections } = run([...taps(T, 5), ...taps(T + 2000, 1)]);
    assert.equal(detections.length, 1);
    assert.equal(state.taps.length, 1);
  });

  test('time running backwards starts over', () => {
    assert.deepEqual(run([down(T), tick(T - 60_000), tick(T + 3000)]).detections, []);
  });

  test('holds or taps can be turned off', () => {
    assert.deepEqual(
      run([down(T), tick(T + 5000)], { ...DEFAULT_EXIT_GESTURE, holdMs: null }).detections,
      [],
    );
    assert.deepEqual(run(taps(T, 5), { ...DEFAULT_EXIT_GESTURE, taps: null }).detections, []);
  });
});

describe('keeping the display awake', () => {
  // Monday 1 December 2025, 12:00 UTC.
  const MON_NOON_UTC = Date.UTC(2025, 11, 1, 12, 0);
  const HOUR = 3_600_000;
  const hours: OpeningHours = {
    mon: [{ open: '09:00', close: '18:00' }],
    tue: [{ open: '09:00', close: '18:00' }],
    fri: [{ open: '20:00', close: '02:00' }],
  };

  test('a customer in a flow keeps it awake on every screen but welcome, whatever the hour', () => {
    for (const screen of CUSTOMER_SCREENS.filter((s) => s !== 'welcome'))
      assert.deepEqual(shouldKeepDisplayAwake(screen, MON_NOON_UTC + 12 * HOUR, hours, 'UTC'), {
        keepAwake: true,
        reason: 'customer_in_flow',
      });
  });

  test('on welcome: awake during the opening hours, asleep outside them', () => {
    const at = (ms: number, tz = 'UTC') => shouldKeepDisplayAwake('welcome', ms, hours, tz);
    assert.deepEqual(at(MON_NOON_UTC), { keepAwake: true, reason: 'open' });
    assert.deepEqual(at(MON_NOON_UTC - 3 * HOUR), { keepAwake: true, reason: 'open' }); // 09:00 opens
    assert.deepEqual(at(MON_NOON_UTC - 3 * HOUR - 60_000), { keepAwake: false, reason: 'closed' });
    assert.deepEqual(at(MON_NOON_UTC + 6 * HOUR), { keepAwake: false, reason: 'closed' }); // 18:00 closes
    assert.deepEqual(at(MON_NOON_UTC + 2 * 24 * HOUR), { keepAwake: false, reason: 'closed' }); // Wednesday
  });

  test('the hours are read in the kiosk’s time zone', () => {
    // 12:00 UTC is 07:00 in New York (closed) and 21:00 in Tokyo (closed); 08:00 UTC is 09:00 in Paris.
    assert.equal(isOpen(hours, MON_NOON_UTC, 'America/New_York'), false);
    assert.equal(isOpen(hours, MON_NOON_UTC, 'Asia/Tokyo'), false);
    assert.equal(isOpen(hours, MON_NOON_UTC - 4 * HOUR, 'Europe/Paris'), true);
    assert.equal(isOpen(hours, MON_NOON_UTC - 4 * HOUR - 60_000, 'Europe/Paris'), false);
  });

  test('an interval past midnight counts on both days', () => {
    const friday = MON_NOON_UTC + 4 * 24 * HOUR;
    assert.equal(isOpen(hours, friday + 8 * HOUR, 'UTC'), true); // Fri 20:00
    assert.equal(isOpen(hours, friday + 13 * HOUR + 59 * 60_000, 'UTC'), true); // Sat 01:59
    assert.equal(isOpen(hours, friday + 14 * HOUR, 'UTC'), false); // Sat 02:00
    assert.equal(isOpen(hours, friday - 11 * HOUR, 'UTC'), false); // Fri 01:00 (Thursday has no night)
  });

  test('with no hours, unreadable hours or an unknown zone it stays awake', () => {
    assert.deepEqual(shouldKeepDisplayAwake('welcome', MON_NOON_UTC, null, 'UTC'), {
      keepAwake: true,
      reason: 'no_opening_hours',
    });
    assert.deepEqual(shouldKeepDisplayAwake('welcome', MON_NOON_UTC + 12 * HOUR, hours, 'Mars/Olympus'), {
      keepAwake: true,
      reason: 'time_zone_unknown',
    });
    for (const bad of [
      { mon: [{ open: '9:00', close: '18:00' }] },
      { mon: [{ open: '09:00', close: '24:00' }] },
      { mon: [{ open: '09:00', close: '09:00' }] },
      { monday: [{ open: '09:00', close: '18:00' }] },
    ] as OpeningHours[]) {
      assert.notEqual(openingHoursProblem(bad), null, JSON.stringify(bad));
      assert.deepEqual(shouldKeepDisplayAwake('welcome', MON_NOON_UTC + 12 * HOUR, bad, 'UTC'), {
        keepAwake: true,
        reason: 'opening_hours_invalid',
      });
    }
    // A day with no intervals is closed.
    assert.deepEqual(shouldKeepDisplayAwake('welcome', MON_NOON_UTC, { mon: [] }, 'UTC'), {
      keepAwake: false,
      reason: 'closed',
    });
    assert.equal(KEEP_AWAKE_BLOCKER, 'prevent-display-sleep');
  });
});

describe('window options and page rules', () => {
  test('a kiosk adds no DevTools, no zoom, no dialogs, and keeps the secure preferences', () => {
    const prefs = { ...secureWebPreferences('customer', '/preload.cjs', false), ...kioskWebPreferences() };
    assert.equal(prefs.devTools, false, 'even in a development build');
    assert.equal(prefs.zoomFactor, 1);
    assert.equal(prefs.disableDialogs, true);
    assert.equal(prefs.navigateOnDragDrop, false);
    assert.equal(prefs.disableBlinkFeatures, 'Auxclick');
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(Object.hasOwn(prefs, 'enableBlinkFeatures'), false);
  });

  test('the window cannot be left, moved, resized or hidden', () => {
    assert.deepEqual(kioskWindowOptions(), {
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
    });
  });

  test('the page rules cover selection, pinch-zoom, drag and drop and the context menu', () => {
    assert.match(KIOSK_PAGE_RULES.css, /user-select: none/);
    assert.match(KIOSK_PAGE_RULES.css, /input, textarea, \[contenteditable="true"\] \{ user-select: text/);
    assert.match(KIOSK_PAGE_RULES.css, /touch-action: pan-x pan-y/);
    const events: string[] = KIOSK_PAGE_RULES.dom.map((rule) => rule.event);
    for (const event of ['contextmenu', 'dragstart', 'dragover', 'drop', 'wheel', 'selectstart'])
      assert.ok(events.includes(event), event);
  });
});
