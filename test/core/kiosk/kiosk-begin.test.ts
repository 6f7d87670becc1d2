/**
 * Issue 8, item 2: one Begin, one session, and no customer screen that only staff can leave.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kioskReference } from '../../../main/core/kiosk/index.ts';
import { WAITING_TIMEOUT_MS } from '../../../main/core/customer/index.ts';
import { startSimulator } from '../../../main/simulator/index.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { startTestCore, type TestCore } from '../../support/app-core.ts';

describe('kiosk Begin', () => {
  let t: TestCore;
  before(async () => {
    t = await startTestCore({ kiosk: true, station: 'kiosk-1' });
  });
  after(() => t.close());

  it('a double click makes one session; 20 calls in a burst make one session', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => t.call('customer.begin', {}, 'customer')),
    );
    assert.ok(results.some((r) => r.status === 'fulfilled'));
    assert.equal(t.sim().sessions().length, 1, 'one Begin, one session');
    assert.equal(t.opened.length, 1, 'one hosted flow opened');
    assert.equal((await t.call('customer.state', {}, 'customer')).screen, 'in_flow');
    // A Begin while the customer is already in the flow starts nothing either.
    await assert.rejects(t.call('customer.begin', {}, 'customer'));
    assert.equal(t.sim().sessions().length, 1);
  });

  it('kiosk references never collide, even within the same minute', () => {
    const now = Date.UTC(2026, 11, 1, 9, 30);
    const refs = new Set(Array.from({ length: 200 }, () => kioskReference('kiosk-1', now)));
    assert.equal(refs.size, 200);
    for (const ref of refs) assert.match(ref, /^Kiosk kiosk-1 \d{4}-\d\d-\d\d \d\d:\d\d [2-9A-HJ-NP-Z]{6}$/);
  });
});

describe('a customer screen waiting on the hosted flow', () => {
  it('goes back to welcome on its own when the customer never comes back', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));
    const t = await startTestCore({
      kiosk: true,
      clock,
      startSimulator: () => startSimulator({ processingDelayMs: 20, now: clock.now }),
    });
    try {
      // With the walk-away off (on, it ends a flow without input much sooner: kiosk-unattended).
      await t.call('settings.update', { kioskWalkAwaySeconds: 0 });
      const screen = await t.call('customer.begin', {}, 'customer');
      assert.equal(screen.screen, 'in_flow');
      clock.advance(WAITING_TIMEOUT_MS - 1000);
      assert.equal((await t.call('customer.state', {}, 'customer')).screen, 'in_flow');
      clock.advance(1000);
      assert.equal((await t.call('customer.state', {}, 'customer')).screen, 'welcome');
    } finally {
      await t.close();
    }
  });
});
