/**
 * When main does not answer app.status: the console says it is not connected (not "Connecting…"
 * for ever), Settings explains instead of staying blank, and the first status event from main
 * puts everything right without a reload.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseMethodArgs } from '../../contract/ipc.ts';
import { openStage, type Stage } from '../support/e2e.ts';

describe('e2e: app.status failing', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ failMethods: ['app.status'] });
  });
  after(async () => {
    await stage?.close();
  });

  it('says the core is not answering, then recovers on the next status event', async () => {
    const { staff, harness } = stage;
    const bar = staff.getByTestId('status-bar');
    await bar.filter({ hasText: /Not connected to the app.s core/ }).waitFor();
    await staff.locator('main [data-testid="error"]').first().waitFor();
    await staff.getByTestId('tab-settings').click();
    await staff
      .getByTestId('settings-unavailable')
      .filter({ hasText: /main process is not answering/ })
      .waitFor();

    // Main speaks again: a creation queued while Stripe is away announces the new status.
    const sim = harness.simulator()!;
    sim.setFaults({ offline: true });
    try {
      const input = parseMethodArgs('sessions.start', { type: 'id_number', reference: 'Ticket 1' });
      const outcome = await harness.core.handlers['sessions.start'](input, { window: 'staff' });
      assert.equal(outcome.outcome, 'queued');
      await staff.getByTestId('settings').waitFor();
      await staff.locator('[data-queued="1"]').waitFor();
    } finally {
      sim.setFaults({ offline: false });
    }
    assert.doesNotMatch((await bar.textContent()) ?? '', /Not connected/);
    assert.equal(await staff.locator('main [data-testid="error"]').count(), 0);
    assert.equal(await staff.getByTestId('settings-unavailable').count(), 0);
  });
});
