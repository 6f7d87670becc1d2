/**
 * When a kiosk may install a downloaded update, with real opening hours and a time zone
 * (main/shell/update-timing.ts feeding the core's rule): a Tokyo kiosk open 09:00–21:00 on
 * weekdays installs at 22:00 Tokyo time, not at 10:00; never with a verification open; hours
 * or a zone that cannot be read keep it waiting; no hours: only the verification rule.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mayInstallNow } from '../../../main/core/index.ts';
import { openingNow } from '../../../main/shell/update-timing.ts';

const weekdays = { open: '09:00', close: '21:00' };
const hours = { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] };
const tokyo = { kioskOpeningHours: hours, kioskTimeZone: 'Asia/Tokyo' };
// Monday 30 November 2026 at 10:00 and at 22:00 in Tokyo; Saturday 5 December at noon.
const mondayTenTokyo = Date.UTC(2026, 10, 30, 1, 0);
const mondayTenPmTokyo = Date.UTC(2026, 10, 30, 13, 0);
const saturdayNoonTokyo = Date.UTC(2026, 11, 5, 3, 0);

describe('a kiosk installs after its opening hours', () => {
  test('open at 10:00 Tokyo time, closed at 22:00 and on Saturday', () => {
    assert.equal(openingNow(tokyo, mondayTenTokyo, 'UTC'), 'open');
    assert.equal(openingNow(tokyo, mondayTenPmTokyo, 'UTC'), 'closed');
    assert.equal(openingNow(tokyo, saturdayNoonTokyo, 'UTC'), 'closed');
    // The machine's own zone when the kiosk names none.
    assert.equal(openingNow({ ...tokyo, kioskTimeZone: '' }, mondayTenTokyo, 'Asia/Tokyo'), 'open');
  });

  test('the rule with those hours: not at 10:00, at 22:00 only with no verification open', () => {
    const at = (now: number, openVerifications: number) =>
      mayInstallNow({ openVerifications, kiosk: true, opening: openingNow(tokyo, now, 'UTC') }).install;
    assert.equal(at(mondayTenTokyo, 0), false);
    assert.equal(at(mondayTenPmTokyo, 0), true);
    assert.equal(at(mondayTenPmTokyo, 1), false);
    // A counter with the same hours set installs whenever nothing is open.
    assert.equal(
      mayInstallNow({ openVerifications: 0, kiosk: false, opening: openingNow(tokyo, mondayTenTokyo, 'UTC') })
        .install,
      true,
    );
  });

  test('unreadable hours or zone keep a kiosk waiting; no hours leave only the verification rule', () => {
    assert.equal(openingNow({ ...tokyo, kioskTimeZone: 'Mars/Olympus' }, mondayTenPmTokyo, 'UTC'), 'unknown');
    assert.equal(
      openingNow(
        { kioskOpeningHours: { mon: [{ open: '25:00', close: '26:00' }] }, kioskTimeZone: 'UTC' },
        0,
        'UTC',
      ),
      'unknown',
    );
    assert.equal(mayInstallNow({ openVerifications: 0, kiosk: true, opening: 'unknown' }).install, false);
    assert.equal(
      openingNow({ kioskOpeningHours: null, kioskTimeZone: '' }, mondayTenTokyo, 'UTC'),
      'no_hours',
    );
    assert.equal(mayInstallNow({ openVerifications: 0, kiosk: true, opening: 'no_hours' }).install, true);
  });
});
