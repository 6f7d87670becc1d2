import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decidePermission,
  type PermissionLogEntry,
  type PermissionRequestFacts,
} from '../../../main/shell/permissions.ts';

const STRIPE = 'https://verify.stripe.com';

function ask(facts: Partial<PermissionRequestFacts>) {
  const entries: PermissionLogEntry[] = [];
  const decision = decidePermission(
    {
      permission: 'media',
      requestingOrigin: STRIPE,
      window: 'customer',
      hostedOrigin: STRIPE,
      mediaTypes: ['video'],
      ...facts,
    },
    (e) => entries.push(e),
  );
  return { ...decision, entries };
}

test('the camera is allowed for the hosted origin in the customer window', () => {
  const r = ask({ requestingOrigin: 'https://verify.stripe.com/start/test_secret_token?x=1' });
  assert.equal(r.allow, true);
  assert.equal(r.entries.length, 1);
  // Logged with the origin only: the path holds a single-use secret.
  assert.equal(r.entries[0]?.origin, STRIPE);
  assert.doesNotMatch(JSON.stringify(r.entries), /secret_token/);
});

test('no microphone, and no media request without a stated kind', () => {
  assert.equal(ask({ mediaTypes: ['audio'] }).allow, false);
  assert.equal(ask({ mediaTypes: ['video', 'audio'] }).allow, false);
  assert.equal(ask({ mediaTypes: [] }).allow, false);
  assert.equal(ask({ mediaTypes: undefined }).allow, false);
  assert.equal(ask({ mediaTypes: ['unknown'] }).allow, false);
});

test('the camera is refused anywhere else', () => {
  assert.equal(ask({ window: 'staff' }).allow, false);
  assert.equal(ask({ window: null }).allow, false);
  assert.equal(ask({ hostedOrigin: null }).allow, false);
  for (const origin of [
    'app://countersign',
    'https://verify.stripe.com.evil.example',
    'https://evil.example',
    'http://verify.stripe.com',
    'https://js.stripe.com',
    'https://verify.stripe.com@evil.example',
    'file:///',
    'null',
    '',
  ]) {
    assert.equal(ask({ requestingOrigin: origin }).allow, false, origin);
  }
});

test('the simulator origin gets the camera only when it is the hosted origin', () => {
  const sim = 'http://127.0.0.1:4243';
  assert.equal(ask({ requestingOrigin: sim, hostedOrigin: sim }).allow, true);
  assert.equal(ask({ requestingOrigin: 'http://127.0.0.1:9999', hostedOrigin: sim }).allow, false);
  assert.equal(
    ask({ requestingOrigin: 'http://10.0.0.2:4243', hostedOrigin: 'http://10.0.0.2:4243' }).allow,
    false,
  );
});

test('fullscreen only for the hosted flow in the customer window', () => {
  assert.equal(ask({ permission: 'fullscreen', mediaTypes: undefined }).allow, true);
  assert.equal(ask({ permission: 'fullscreen', window: 'staff' }).allow, false);
  assert.equal(ask({ permission: 'fullscreen', requestingOrigin: 'app://countersign' }).allow, false);
});

test('everything else is denied by default, and every decision is logged', () => {
  const others = [
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'openExternal',
    'pointerLock',
    'keyboardLock',
    'hid',
    'serial',
    'usb',
    'fileSystem',
    'idle-detection',
    'window-management',
    'storage-access',
    'unknown',
    'a-permission-chromium-adds-next-year',
  ];
  for (const permission of others) {
    for (const window of ['customer', 'staff', null] as const) {
      const r = ask({ permission, window });
      assert.equal(r.allow, false, `${permission} in ${window}`);
      assert.equal(r.entries.length, 1);
      assert.equal(r.entries[0]?.allow, false);
    }
  }
});
