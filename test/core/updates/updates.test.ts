/**
 * The station's side of updates (main/core/updates): the install rule (never with an open
 * verification, never within a kiosk's opening hours — unknown hours count as open — otherwise
 * yes), the check schedule on an injected clock (soon after start, then every few hours with
 * jitter, sooner after a failure), where the feed is (the hub's with the token in a header, or
 * Settings' URL, or none), and in the core: open verifications counted, a ready update in
 * `app.status`, a failure after it not hiding it, the feed URL setting checked.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_CHECK_EVERY_MS,
  UpdateSchedule,
  installsWhen,
  mayInstallNow,
  nextCheckDelay,
  updateFeed,
} from '../../../main/core/updates/index.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { startTestCore } from '../../support/app-core.ts';

describe('may we install now?', () => {
  test('never with an open verification, on a counter or a closed kiosk', () => {
    for (const kiosk of [false, true]) {
      for (const opening of ['open', 'closed', 'no_hours', 'unknown'] as const) {
        assert.deepEqual(mayInstallNow({ openVerifications: 1, kiosk, opening }), {
          install: false,
          reason: 'verification_open',
        });
      }
    }
  });

  test('on a kiosk, never within opening hours (or when they cannot be read)', () => {
    assert.deepEqual(mayInstallNow({ openVerifications: 0, kiosk: true, opening: 'open' }), {
      install: false,
      reason: 'opening_hours',
    });
    assert.deepEqual(mayInstallNow({ openVerifications: 0, kiosk: true, opening: 'unknown' }), {
      install: false,
      reason: 'opening_hours',
    });
    assert.deepEqual(mayInstallNow({ openVerifications: 0, kiosk: true, opening: 'closed' }), {
      install: true,
    });
    assert.deepEqual(mayInstallNow({ openVerifications: 0, kiosk: true, opening: 'no_hours' }), {
      install: true,
    });
  });

  test('otherwise yes: a counter without a verification open, whatever the hours', () => {
    for (const opening of ['open', 'closed', 'no_hours', 'unknown'] as const) {
      assert.deepEqual(mayInstallNow({ openVerifications: 0, kiosk: false, opening }), { install: true });
    }
    assert.equal(installsWhen(true, 'open'), 'tonight');
    assert.equal(installsWhen(true, 'no_hours'), 'when_idle');
    assert.equal(installsWhen(false, 'open'), 'when_idle');
  });
});

describe('when to look', () => {
  test('soon after start, then every few hours with jitter; sooner after a failure, backing off', () => {
    assert.equal(nextCheckDelay('start', 0, { random: () => 0.5 }), 60_000);
    assert.equal(nextCheckDelay('ok', 0, { random: () => 0 }), DEFAULT_CHECK_EVERY_MS);
    assert.equal(nextCheckDelay('ok', 0, { random: () => 0.999 }), DEFAULT_CHECK_EVERY_MS + 1_798_200);
    const retries = [1, 2, 3, 10].map((n) => nextCheckDelay('failed', n, { random: () => 0 }));
    assert.deepEqual(retries, [300_000, 600_000, 1_200_000, DEFAULT_CHECK_EVERY_MS]);
  });

  test('the schedule runs on the injected clock: start, interval, retry after a failure, stop', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9));
    const at: number[] = [];
    const outcomes = [true, false, true];
    const schedule = new UpdateSchedule(
      clock,
      async () => {
        at.push(clock.now() - Date.UTC(2026, 11, 1, 9));
        return outcomes.shift() ?? true;
      },
      { random: () => 0, everyMs: 3_600_000, retryMs: 60_000 },
    );
    schedule.start();
    await clock.advanceAsync(0);
    await clock.advanceAsync(3_600_000);
    await clock.advanceAsync(60_000);
    assert.deepEqual(at, [0, 3_600_000, 3_660_000]);
    schedule.stop();
    await clock.advanceAsync(10 * 3_600_000);
    assert.equal(at.length, 3);
    assert.equal(clock.pending, 0);
  });
});

describe('where the feed is', () => {
  test("a hub's feed carries the station token in a header, never in the URL", () => {
    const feed = updateFeed(
      { url: 'https://hub.example.com/', token: 'cs_station_secret' },
      'https://other.example.com/x',
    );
    assert.deepEqual(feed, {
      url: 'https://hub.example.com/hub/v1/updates',
      headers: { authorization: 'Bearer cs_station_secret' },
      source: 'hub',
    });
    assert.ok(!feed?.url.includes('cs_station_secret'));
  });

  test("without a hub, Settings' feed URL, or none", () => {
    assert.deepEqual(updateFeed(null, 'https://updates.example.com/countersign/'), {
      url: 'https://updates.example.com/countersign',
      headers: {},
      source: 'settings',
    });
    assert.equal(updateFeed(null, null), null);
  });
});

describe('updates in the core', () => {
  test('open verifications counted; a ready update in app.status; the feed URL setting checked', async () => {
    const t = await startTestCore();
    try {
      assert.equal(t.core.updates.openVerifications(), 0);
      await t.call('sessions.start', { type: 'document', reference: 'Order 9001' });
      assert.ok(t.core.updates.openVerifications() >= 1, 'a started verification is open');
      assert.equal(
        mayInstallNow({
          openVerifications: t.core.updates.openVerifications(),
          kiosk: false,
          opening: 'no_hours',
        }).install,
        false,
      );

      t.core.updates.report({ phase: 'ready', version: '1.2.0', installs: 'when_idle' });
      assert.deepEqual((await t.call('app.status', {})).update, {
        phase: 'ready',
        version: '1.2.0',
        installs: 'when_idle',
      });
      assert.equal(t.last('status.changed')?.update?.phase, 'ready');
      // A later failed check (or a corrupt download of a newer one) does not hide the ready one.
      t.core.updates.report({
        phase: 'failed',
        version: '1.3.0',
        installs: null,
        code: 'ERR_CHECKSUM_MISMATCH',
      });
      assert.equal((await t.call('app.status', {})).update?.version, '1.2.0');

      assert.equal(await t.core.updates.feed(), null);
      await t.call('settings.update', { updateFeedUrl: 'https://updates.example.com/countersign' });
      assert.deepEqual(await t.core.updates.feed(), {
        url: 'https://updates.example.com/countersign',
        headers: {},
        source: 'settings',
      });
      await assert.rejects(
        t.call('settings.update', { updateFeedUrl: 'https://updates.example.com/x?token=abc' }),
      );
      await assert.rejects(t.call('settings.update', { updateFeedUrl: 'http://updates.example.com/x' }));
    } finally {
      await t.close();
    }
  });
});
