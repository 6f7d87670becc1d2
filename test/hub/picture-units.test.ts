/**
 * The fleet picture's small parts, without a server: opening hours as the offline alert counts
 * them (time zones, closed days, a range over midnight), the alert signature (what a receiver
 * checks, and what it refuses), and the Japanese catalogue's house style (no space between
 * Japanese and Latin letters or digits, Japanese punctuation).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAST_ERROR_CODES } from '../../contract/last-error-codes.ts';
import { PICTURE_MESSAGES } from '../../hub/fleet/src/messages-picture.ts';
import { signAlert, verifyAlertSignature } from '../../hub/src/alert-signature.ts';
import { hoursFromPolicy, openMsBetween, type OpeningHours } from '../../hub/src/opening-hours.ts';

const MIN = 60_000;
const H = 60 * MIN;

test('opening hours from the station policy: weekdays from Sunday, a late interval over midnight', () => {
  const policy = { mon: [{ open: '09:00', close: '18:00' }], sat: [{ open: '22:00', close: '02:00' }] };
  assert.deepEqual(hoursFromPolicy(policy, 'Asia/Tokyo'), {
    timeZone: 'Asia/Tokyo',
    week: [[[0, 120]], [[540, 1080]], [], [], [], [], [[1320, 1440]]],
  });
  assert.equal(hoursFromPolicy(null, 'Asia/Tokyo'), null, 'no hours: every hour counts');
  assert.equal(hoursFromPolicy(policy, ''), null, 'the station’s own zone, unknown to the hub');
  // Monday 08:00–10:00 in Tokyo: one hour open.
  const mon0800 = Date.UTC(2026, 10, 29, 23, 0);
  assert.equal(openMsBetween(hoursFromPolicy(policy, 'Asia/Tokyo'), mon0800, mon0800 + 2 * H), H);
});

test('opening hours: only open time counts, in the store’s own zone', () => {
  // Tokyo (UTC+9), open 09:00–18:00 on weekdays, closed at weekends.
  const day: Array<[number, number]> = [[9 * 60, 18 * 60]];
  const hours: OpeningHours = { timeZone: 'Asia/Tokyo', week: [[], day, day, day, day, day, []] };
  const tue0900 = Date.UTC(2026, 11, 1, 0, 0); // Tue 1 Dec 2026, 09:00 in Tokyo
  assert.equal(openMsBetween(null, tue0900, tue0900 + 5 * H), 5 * H, 'no hours: always open');
  assert.equal(openMsBetween(hours, tue0900, tue0900 + 2 * H), 2 * H);
  assert.equal(
    openMsBetween(hours, tue0900 - 3 * H, tue0900 + 30 * MIN),
    30 * MIN,
    'before opening: nothing',
  );
  // From Tuesday 17:00 to Wednesday 09:20: one hour on Tuesday, 20 minutes on Wednesday.
  assert.equal(openMsBetween(hours, tue0900 + 8 * H, tue0900 + 24 * H + 20 * MIN), H + 20 * MIN);
  // Friday 17:30 to Monday 09:10: 30 minutes on Friday, the weekend closed, 10 on Monday.
  const fri = tue0900 + 3 * 24 * H;
  assert.equal(openMsBetween(hours, fri + 8.5 * H, fri + 3 * 24 * H + 10 * MIN), 40 * MIN);
  assert.equal(openMsBetween(hours, tue0900, tue0900), 0);
  // Open past midnight UTC is no matter: New York, 22:00–24:00 local.
  const ny: OpeningHours = {
    timeZone: 'America/New_York',
    week: Array.from({ length: 7 }, () => [[22 * 60, 24 * 60]]),
  };
  const nyTen = Date.UTC(2026, 11, 2, 3, 0); // 22:00 on 1 Dec in New York (UTC−5)
  assert.equal(openMsBetween(ny, nyTen - H, nyTen + 3 * H), 2 * H);
});

test('the alert signature: t=…,v1=HMAC-SHA256("t.body"); a changed body, secret or old t is refused', () => {
  const body = '{"id":"alert_x","type":"failure_rate"}';
  const header = signAlert('secret_0123456789abcdef', body, 1_764_514_800);
  assert.match(header, /^t=1764514800,v1=[0-9a-f]{64}$/);
  assert.equal(verifyAlertSignature(header, body, 'secret_0123456789abcdef', 1_764_514_900), true);
  assert.equal(verifyAlertSignature(header, `${body} `, 'secret_0123456789abcdef', 1_764_514_900), false);
  assert.equal(verifyAlertSignature(header, body, 'another_secret_000000', 1_764_514_900), false);
  assert.equal(
    verifyAlertSignature(header, body, 'secret_0123456789abcdef', 1_764_515_200),
    false,
    'too old',
  );
  assert.equal(verifyAlertSignature(undefined, body, 'secret_0123456789abcdef', 1_764_514_900), false);
});

/** Every string of a catalogue, functions called with sample values. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function')
    return [String((value as (...a: unknown[]) => unknown)('店舗A', 3, 2, 10))];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

test('the Japanese words: every failure code, no space between Japanese and Latin or digits, Japanese punctuation', () => {
  assert.deepEqual(Object.keys(PICTURE_MESSAGES.ja.reasons).sort(), [...LAST_ERROR_CODES].sort());
  const ja = strings(PICTURE_MESSAGES.ja).map((s) => s.replace(/https?:\/\//g, ''));
  const jp = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー]';
  for (const s of ja) {
    assert.doesNotMatch(s, new RegExp(`${jp} [A-Za-z0-9]|[A-Za-z0-9] ${jp}`, 'u'), s);
    assert.doesNotMatch(s, new RegExp(`${jp}[,.:()]|[,.:()]${jp}`, 'u'), s);
  }
});
