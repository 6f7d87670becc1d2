/** The kiosk settings form: text to settings and back, and what it refuses (as catalogue keys). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEEKDAYS } from '../../../../contract/ipc.ts';
import { checkKioskText, toKioskText } from '../../../../renderer/src/staff/kiosk-settings-form.ts';

const stored = {
  kioskWalkAwaySeconds: 120,
  kioskOpeningHours: { mon: [{ open: '09:00', close: '18:00' }], sat: [{ open: '22:00', close: '02:00' }] },
  kioskTimeZone: 'Asia/Tokyo',
};

test('stored settings round-trip through the form', () => {
  const text = toKioskText(stored);
  assert.equal(text.walkAway, '120');
  assert.deepEqual(text.hours.sun, { open: '', close: '' });
  assert.deepEqual(checkKioskText(text), { update: stored, errors: {} });
});

test('no day open at all means no opening hours (the display stays on)', () => {
  const text = toKioskText({ ...stored, kioskOpeningHours: null });
  for (const day of WEEKDAYS) assert.deepEqual(text.hours[day], { open: '', close: '' });
  assert.equal(checkKioskText(text).update?.kioskOpeningHours, null);
});

test('bad values are refused, each with its message key, and nothing is sent', () => {
  const text = toKioskText(stored);
  for (const walkAway of ['3', '-1', '3601', 'abc', '']) {
    const checked = checkKioskText({ ...text, walkAway });
    assert.equal(checked.update, null, walkAway);
    assert.equal(checked.errors.walkAway, 'settings.walkAwayInvalid');
  }
  assert.equal(checkKioskText({ ...text, walkAway: '0' }).update?.kioskWalkAwaySeconds, 0);
  assert.equal(
    checkKioskText({ ...text, timeZone: 'Mars/Olympus' }).errors.timeZone,
    'settings.timeZoneInvalid',
  );
  for (const times of [
    { open: '09:00', close: '' },
    { open: '25:00', close: '18:00' },
    { open: '09:00', close: '09:00' },
  ]) {
    const checked = checkKioskText({ ...text, hours: { ...text.hours, tue: times } });
    assert.equal(checked.update, null);
    assert.equal(checked.errors.hours, 'tue');
  }
});
