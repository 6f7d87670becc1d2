import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CUSTOMER_PARTITION,
  customerWindowOptions,
  pickCustomerDisplay,
  secureWebPreferences,
  staffWindowOptions,
  type DisplayLike,
} from '../../../main/shell/window-options.ts';

const rect = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });
const display = (id: number, x: number, width = 1920, height = 1080, internal = false): DisplayLike => ({
  id,
  bounds: rect(x, 0, width, height),
  workArea: rect(x, 0, width, height - 40),
  internal,
});

const REQUIRED = {
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
  spellcheck: false,
} as const;

test('both windows get every hardening preference, explicitly', () => {
  const staff = staffWindowOptions({ preloadPath: '/app/out/preload/index.cjs', isPackaged: true });
  const customer = customerWindowOptions({
    preloadPath: '/app/out/preload/index.cjs',
    isPackaged: true,
    kiosk: false,
    displays: [display(1, 0)],
    primaryDisplayId: 1,
  });
  for (const options of [staff, customer]) {
    const prefs = options.webPreferences ?? {};
    for (const [key, value] of Object.entries(REQUIRED)) {
      assert.equal(prefs[key as keyof typeof prefs], value, key);
    }
    assert.equal(prefs.preload, '/app/out/preload/index.cjs');
    assert.equal(prefs.devTools, false, 'no devtools in a packaged build');
    assert.equal(prefs.enableBlinkFeatures, undefined);
    assert.match(String(prefs.disableBlinkFeatures), /Auxclick/);
  }
});

test('devtools only in development', () => {
  assert.equal(secureWebPreferences('staff', '/p', false).devTools, true);
  assert.equal(secureWebPreferences('staff', '/p', true).devTools, false);
});

test('the customer window has a session of its own that is never written to disk', () => {
  assert.equal(secureWebPreferences('customer', '/p', true).partition, CUSTOMER_PARTITION);
  assert.ok(!CUSTOMER_PARTITION.startsWith('persist:'));
  assert.notEqual(secureWebPreferences('staff', '/p', true).partition, CUSTOMER_PARTITION);
});

test('the customer display is another display when there is one', () => {
  assert.equal(pickCustomerDisplay([display(1, 0)], 1), null);
  assert.equal(pickCustomerDisplay([], 1), null);
  assert.equal(pickCustomerDisplay([display(1, 0), display(2, 1920)], 1)?.id, 2);
  assert.equal(pickCustomerDisplay([display(2, 1920), display(1, 0)], 1)?.id, 2);
  // An external display before a built-in one; then the largest; then the lowest id.
  assert.equal(
    pickCustomerDisplay([display(1, 0), display(2, 1920, 3840, 2160, true), display(3, 5760, 1280, 800)], 1)
      ?.id,
    3,
  );
  assert.equal(
    pickCustomerDisplay([display(1, 0), display(3, 1920, 1280, 800), display(2, 3200, 2560, 1440)], 1)?.id,
    2,
  );
  assert.equal(pickCustomerDisplay([display(1, 0), display(5, 1920), display(4, 3840)], 1)?.id, 4);
});

test('on a second display the customer window fills it', () => {
  const options = customerWindowOptions({
    preloadPath: '/p',
    isPackaged: true,
    kiosk: false,
    displays: [display(1, 0), display(2, 1920)],
    primaryDisplayId: 1,
  });
  assert.equal(options.x, 1920);
  assert.equal(options.y, 0);
  assert.equal(options.width, 1920);
  assert.equal(options.height, 1040);
  assert.equal(options.fullscreen, true);
  assert.equal(options.kiosk, false);
  // Full screen on its own display: the customer cannot close it from under a running check.
  assert.equal(options.closable, false);
  // The staff window keeps the primary display to itself.
  const staff = staffWindowOptions({
    preloadPath: '/p',
    isPackaged: true,
    displays: [display(1, 0), display(2, 1920)],
    primaryDisplayId: 1,
  });
  assert.equal(staff.x, undefined);
  assert.equal(staff.width, 1200);
});

test('on one display, a normal window; in kiosk mode, a locked full screen', () => {
  const shared = customerWindowOptions({
    preloadPath: '/p',
    isPackaged: true,
    kiosk: false,
    displays: [display(1, 0)],
    primaryDisplayId: 1,
  });
  assert.equal(shared.fullscreen, false);
  assert.equal(shared.kiosk, false);
  assert.equal(shared.closable, true, 'beside the staff window, staff may close it');
  // Side by side on the one display: staff on the left, the customer on the right, no overlap.
  const staff = staffWindowOptions({
    preloadPath: '/p',
    isPackaged: true,
    displays: [display(1, 0)],
    primaryDisplayId: 1,
  });
  assert.deepEqual([staff.x, staff.y, staff.width, staff.height], [0, 0, 1152, 1040]);
  assert.deepEqual([shared.x, shared.y, shared.width, shared.height], [1152, 0, 768, 1040]);
  assert.equal(staff.x! + staff.width!, shared.x, 'they touch and do not overlap');
  const kiosk = customerWindowOptions({
    preloadPath: '/p',
    isPackaged: true,
    kiosk: true,
    displays: [display(1, 0)],
    primaryDisplayId: 1,
  });
  assert.equal(kiosk.kiosk, true);
  assert.equal(kiosk.fullscreen, true);
  assert.equal(kiosk.closable, false);
  assert.equal(kiosk.minimizable, false);
});

test('windows are shown only when ready (no white flash of an unstyled page)', () => {
  assert.equal(staffWindowOptions({ preloadPath: '/p', isPackaged: true }).show, false);
});
