/**
 * Issue 8, item 6 (#6): after going offline with nothing active, "Online" must not linger — and
 * the fix must not add requests while the app is idle with no window in use. The clock is the
 * test's; the probe is a real ping to the simulator over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createConnectivity } from '../../../main/core/stripe/index.ts';
import { startSimulator, type RunningSimulator } from '../../../main/simulator/index.ts';
import { simulatorGateway } from '../../support/backend.ts';
import { ManualClock } from '../../support/manual-clock.ts';

describe('connectivity while nothing is watched or queued', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({});
  });
  after(() => sim.close());

  const setup = () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 9, 0));
    const gateway = simulatorGateway(sim);
    const connectivity = createConnectivity({ clock });
    connectivity.setProbe(() => gateway.ping());
    sim.setFaults({ offline: false });
    sim.resetStats();
    return { clock, connectivity };
  };

  it('a window in use: offline is shown within one heartbeat (15 s), not 30 s and more', async () => {
    const { clock, connectivity } = setup();
    try {
      connectivity.setWindowShowing(true);
      sim.setFaults({ offline: true });
      await clock.runUntil(() => !connectivity.online(), 5000);
      assert.ok(clock.now() - Date.UTC(2026, 11, 1, 9, 0) <= 15_000, 'within 15 s of quiet');
    } finally {
      connectivity.close();
    }
  });

  it('a call from a window counts as in use, for a minute', async () => {
    const { clock, connectivity } = setup();
    try {
      connectivity.noteActivity();
      sim.setFaults({ offline: true });
      await clock.runUntil(() => !connectivity.online(), 5000);
      assert.ok(clock.now() - Date.UTC(2026, 11, 1, 9, 0) <= 15_000);
    } finally {
      connectivity.close();
    }
  });

  it('no window in use: no request at all, however long the app stays idle', async () => {
    const { clock, connectivity } = setup();
    try {
      connectivity.noteActivity();
      connectivity.setWindowShowing(false);
      // The minute of activity passes (at most 4 heartbeats), then an idle hour.
      await clock.advanceAsync(60_000);
      await clock.runUntil(() => clock.pending === 0 || clock.now() > Date.UTC(2026, 11, 1, 9, 2));
      sim.resetStats();
      await clock.advanceAsync(60 * 60 * 1000);
      assert.equal(sim.stats().requests, 0, 'not one request while idle with no window in use');
    } finally {
      connectivity.close();
    }
  });

  it('while something else talks to Stripe, the heartbeat asks nothing', async () => {
    const { clock, connectivity } = setup();
    try {
      connectivity.setWindowShowing(true);
      for (let i = 0; i < 20; i++) {
        await clock.advanceAsync(10_000);
        connectivity.report(true); // the watcher's own answers
      }
      assert.equal(sim.stats().requests, 0);
    } finally {
      connectivity.close();
    }
  });

  it("the OS's network-change hint asks Stripe once, now", async () => {
    const { clock, connectivity } = setup();
    try {
      sim.setFaults({ offline: true });
      connectivity.networkChanged();
      await clock.runUntil(() => !connectivity.online(), 5000);
    } finally {
      connectivity.close();
    }
  });
});
