/**
 * The kiosk's lockdown wired to a window (main/shell/kiosk-shell.ts), driven with stand-ins for
 * Electron's window, webContents, powerSaveBlocker and session (the binary cannot start here):
 * each test fires the event Electron would fire and checks what the wiring did with it.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { OpeningHours } from '../../../contract/ipc.ts';
import {
  createDisplayAwake,
  lockDownKioskWindow,
  sendCustomerLanguage,
} from '../../../main/shell/kiosk-shell.ts';

function event() {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

function standIn() {
  const contents = Object.assign(new EventEmitter(), {
    zoom: [] as number[],
    visualLimits: [] as Array<[number, number]>,
    setZoomFactor(f: number) {
      this.zoom.push(f);
    },
    async setVisualZoomLevelLimits(min: number, max: number) {
      this.visualLimits.push([min, max]);
    },
  });
  const window = Object.assign(new EventEmitter(), {
    menuRemoved: false,
    removeMenu() {
      this.menuRemoved = true;
    },
    webContents: contents,
  });
  return { window, contents };
}

const key = (key: string, mods: Partial<Record<'control' | 'meta' | 'alt' | 'shift', boolean>> = {}) => ({
  type: 'keyDown',
  key,
  code: key.length === 1 ? `Key${key.toUpperCase()}` : key,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('lockDownKioskWindow', () => {
  const setUp = () => {
    const { window, contents } = standIn();
    let activity = 0;
    lockDownKioskWindow(window as never, {
      platform: 'linux',
      onActivity: () => (activity += 1),
      log: () => {},
    });
    return { window, contents, activity: () => activity };
  };

  it('removes the menu and registers every listener it needs', () => {
    const { window, contents } = setUp();
    assert.equal(window.menuRemoved, true);
    for (const name of [
      'before-input-event',
      'input-event',
      'zoom-changed',
      'did-finish-load',
      'context-menu',
    ])
      assert.equal(contents.listenerCount(name), 1, name);
    assert.equal(window.listenerCount('app-command'), 1);
  });

  it('blocks reload, DevTools, zoom, quit and back; lets typing through', () => {
    const { contents } = setUp();
    for (const input of [
      key('F5'),
      key('r', { control: true }),
      key('F12'),
      key('I', { control: true, shift: true }),
      key('=', { control: true }),
      key('F4', { alt: true }),
      key('ArrowLeft', { alt: true }),
      key('Escape'),
    ]) {
      const e = event();
      contents.emit('before-input-event', e, input);
      assert.equal(e.prevented, true, JSON.stringify(input));
    }
    for (const input of [key('a'), key('7'), key('Backspace'), key('Enter'), key('A', { shift: true })]) {
      const e = event();
      contents.emit('before-input-event', e, input);
      assert.equal(e.prevented, false, JSON.stringify(input));
    }
  });

  it('undoes zoom, turns pinch zoom off on each page, and refuses menus and app commands', () => {
    const { window, contents } = setUp();
    const zoom = event();
    contents.emit('zoom-changed', zoom, 'in');
    assert.equal(zoom.prevented, true);
    assert.deepEqual(contents.zoom, [1]);
    contents.emit('did-finish-load');
    assert.deepEqual(contents.visualLimits, [[1, 1]]);
    const menu = event();
    contents.emit('context-menu', menu, {});
    assert.equal(menu.prevented, true);
    const back = event();
    window.emit('app-command', back, 'browser-backward');
    assert.equal(back.prevented, true);
  });

  it('every input on the window is the customer’s activity (for the walk-away)', () => {
    const { contents, activity } = setUp();
    contents.emit('input-event', {}, { type: 'mouseDown' });
    contents.emit('input-event', {}, { type: 'touchStart' });
    assert.equal(activity(), 2);
  });
});

describe('createDisplayAwake', () => {
  // Tuesday 1 December 2026, 10:00 in Tokyo (01:00 UTC).
  const TUE_10_TOKYO = Date.UTC(2026, 11, 1, 1, 0);
  const setUp = (openingHours: OpeningHours | null, now: { t: number }) => {
    const started: number[] = [];
    const stopped: number[] = [];
    let next = 1;
    const awake = createDisplayAwake({
      blocker: {
        start: (type) => {
          assert.equal(type, 'prevent-display-sleep');
          started.push(next);
          return next++;
        },
        stop: (id) => void stopped.push(id),
      },
      now: () => now.t,
      hours: () => ({ openingHours, timeZone: 'Asia/Tokyo' }),
      localTimeZone: () => 'UTC',
      log: () => {},
    });
    return { awake, started, stopped };
  };

  it('holds the blocker in opening hours, lets go after closing, and always mid-flow', () => {
    const now = { t: TUE_10_TOKYO };
    const { awake, started, stopped } = setUp({ tue: [{ open: '09:00', close: '18:00' }] }, now);
    awake.evaluate();
    assert.deepEqual(started, [1], 'open: kept awake');
    now.t += 9 * 60 * 60 * 1000; // 19:00
    awake.evaluate();
    assert.deepEqual(stopped, [1], 'closed: may sleep');
    awake.screenChanged('in_flow');
    assert.deepEqual(started, [1, 2], 'a customer mid-flow keeps it awake after hours');
    awake.evaluate();
    assert.deepEqual(started, [1, 2], 'one blocker at a time');
    awake.screenChanged('welcome');
    assert.deepEqual(stopped, [1, 2]);
    awake.close();
    assert.deepEqual(stopped, [1, 2]);
  });

  it('with no opening hours the display never sleeps; close lets go', () => {
    const { awake, started, stopped } = setUp(null, { t: TUE_10_TOKYO });
    awake.evaluate();
    assert.deepEqual(started, [1]);
    awake.close();
    assert.deepEqual(stopped, [1]);
  });
});

describe('sendCustomerLanguage', () => {
  it('adds the customer’s Accept-Language to the hosted origin’s requests only', () => {
    let listener:
      | ((d: { url: string; requestHeaders: Record<string, string> }, cb: (r: unknown) => void) => void)
      | null = null;
    let language: 'en' | 'ja' | null = 'ja';
    sendCustomerLanguage(
      { webRequest: { onBeforeSendHeaders: (l) => (listener = l as never) } },
      { hostedOrigin: () => 'https://verify.stripe.com', language: () => language },
    );
    assert.ok(listener);
    const send = (url: string) => {
      let out: unknown;
      listener!({ url, requestHeaders: { 'Accept-Language': 'en-US' } }, (r) => (out = r));
      return out;
    };
    assert.deepEqual(send('https://verify.stripe.com/start/x'), {
      requestHeaders: { 'Accept-Language': 'ja-JP,ja;q=0.9' },
    });
    assert.deepEqual(send('app://countersign/customer.html#/customer'), {
      requestHeaders: { 'Accept-Language': 'en-US' },
    });
    language = null;
    assert.deepEqual(send('https://verify.stripe.com/start/x'), {
      requestHeaders: { 'Accept-Language': 'en-US' },
    });
  });
});
