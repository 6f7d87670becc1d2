/**
 * The counter, end to end in Chromium: the staff console and the customer screen side by side,
 * the real app core behind the harness, the simulator's hosted page in the customer window.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  completeHostedFlow,
  openStage,
  row,
  RUN_SCREENSHOT_DIR,
  screenshot,
  startVerification,
  waitForStatus,
  type Stage,
} from '../support/e2e.ts';

describe('e2e: at the counter', () => {
  // Screenshots older than this are from an earlier run (filesystem times are coarse: 1 s slack).
  const runStart = Date.now() - 1000;
  let stage: Stage;
  before(async () => {
    stage = await openStage();
    // The staff page's clock is Playwright's, so the 60-second clearing of a result is tested
    // without waiting a minute.
    await stage.staff.clock.install();
    await stage.staff.reload();
    await stage.staff.getByTestId('start').and(stage.staff.locator(':enabled')).waitFor();
  });
  after(async () => {
    await stage?.close();
  });

  it('start → the customer completes the hosted flow → staff sees verified and reveals the result, which clears', async () => {
    const { staff, customer } = stage;
    await screenshot(customer, 'customer-welcome');
    await startVerification(staff, 'Order 1001');
    await waitForStatus(staff, 'Order 1001', 'requires_input');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'verified');
    await customer.locator('[data-screen="verified"]').waitFor();
    assert.equal(await customer.getByTestId('customer-title').textContent(), 'Thank you');

    await waitForStatus(staff, 'Order 1001', 'verified');
    await staff.getByTestId('reveal').click();
    const result = staff.getByTestId('result');
    await result.waitFor();
    assert.match((await result.textContent()) ?? '', /Jenny Rosen/);
    await staff.getByTestId('timeline').waitFor();
    await screenshot(staff, 'staff-detail-result');
    // Nothing personal is kept in the page's storage.
    // (A string: the tests are type-checked without the DOM's types.)
    assert.deepEqual(await staff.evaluate('[localStorage.length, sessionStorage.length]'), [0, 0]);
    // The customer screen never shows it.
    assert.doesNotMatch((await customer.textContent('body')) ?? '', /Jenny|Rosen|Order 1001/);

    // Cleared after 60 seconds.
    await staff.clock.fastForward('01:01');
    await result.waitFor({ state: 'detached' });

    // Revealed again, then cleared as soon as the next customer starts.
    await staff.getByTestId('reveal').click();
    await result.waitFor();
    await startVerification(staff, 'Order 1002');
    await row(staff, 'Order 1001').click();
    assert.equal(await staff.getByTestId('result').count(), 0);
    assert.equal(await staff.getByTestId('reveal').count(), 1);
    await screenshot(staff, 'staff-console');

    // And the customer screen goes back to welcome on its own.
    await customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('document expired → guidance on the customer screen → retry on the same session → verified', async () => {
    const { staff, customer } = stage;
    await startVerification(staff, 'Order 1003');
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(customer, 'document_expired');
    const guidance = customer.getByTestId('guidance');
    await guidance.waitFor();
    assert.equal(await guidance.getAttribute('data-code'), 'document_expired');
    assert.match((await guidance.textContent()) ?? '', /expired/i);
    await screenshot(customer, 'customer-guidance');
    await waitForStatus(staff, 'Order 1003', 'requires_input');
    await staff.getByTestId('last-error').waitFor();

    const before = stage.harness.simulator()!.sessions().length;
    await customer.getByTestId('customer-retry').click();
    await completeHostedFlow(customer, 'verified');
    await customer.locator('[data-screen="verified"]').waitFor();
    await waitForStatus(staff, 'Order 1003', 'verified');
    // The same session: nothing new was created with Stripe.
    assert.equal(stage.harness.simulator()!.sessions().length, before);
    assert.match((await staff.getByTestId('detail').textContent()) ?? '', /attempt 2 of 3/);
  });

  it('cancel at the counter → the customer screen says so', async () => {
    const { staff, customer } = stage;
    await customer.getByTestId('customer-done').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
    await startVerification(staff, 'Order 1004');
    await staff.getByTestId('present-qr').click();
    await staff.getByTestId('qr').waitFor();
    await customer.getByTestId('customer-qr').waitFor();
    assert.match(
      (await customer.getByTestId('customer-qr').getAttribute('src')) ?? '',
      /^data:image\/svg\+xml;base64,/,
    );
    await screenshot(customer, 'customer-qr-handoff');

    await staff.getByTestId('cancel').click();
    await staff.getByTestId('confirm-yes').click();
    await waitForStatus(staff, 'Order 1004', 'canceled');
    await customer.locator('[data-screen="canceled"]').waitFor();
    assert.equal(await customer.getByTestId('customer-title').textContent(), 'Please ask a member of staff');
  });

  it("an action's error stays with its session: choosing another one clears it", async () => {
    const { staff, harness } = stage;
    const sim = harness.simulator()!;
    await startVerification(staff, 'Order 1005');
    const detail = staff.getByTestId('detail');
    sim.setFaults({ serverErrorRate: 1 });
    try {
      await staff.getByTestId('present-qr').click();
      await detail.getByTestId('error').waitFor({ timeout: 20_000 });
    } finally {
      sim.setFaults({ serverErrorRate: 0 });
    }
    await row(staff, 'Order 1003').click();
    await detail.locator('h2', { hasText: 'Order 1003' }).waitFor();
    assert.equal(await detail.getByTestId('error').count(), 0);
    await row(staff, 'Order 1005').click();
    await detail.locator('h2', { hasText: 'Order 1005' }).waitFor();
    assert.equal(await detail.getByTestId('error').count(), 0);
  });

  it('redact → the console shows it redacted and the result is gone', async () => {
    const { staff, harness } = stage;
    await row(staff, 'Order 1001').click();
    await staff.getByTestId('reveal').click();
    await staff.getByTestId('result').waitFor();
    await staff.getByTestId('redact').click();
    await staff.getByTestId('confirm-yes').click();
    await row(staff, 'Order 1001').getByText('redacted').waitFor();
    assert.equal(await staff.getByTestId('result').count(), 0);
    assert.equal(await staff.getByTestId('reveal').count(), 0);
    // Not even main can fetch it again: Stripe (the simulator) has dropped it.
    const id = (await staff.locator('[data-testid="detail"] code').textContent()) ?? '';
    await assert.rejects(harness.core.handlers['sessions.result']({ id }, { window: 'staff' }));
  });

  it('history and settings', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-history').click();
    await staff.getByTestId('history-row').first().waitFor();
    assert.ok((await staff.getByTestId('history-row').count()) >= 4);
    const download = staff.waitForEvent('download');
    await staff.getByTestId('export-csv').click();
    assert.match((await download).suggestedFilename(), /^countersign-history-.*\.csv$/);

    await staff.getByTestId('tab-settings').click();
    await staff.getByLabel('Customer screen resets after (seconds)').fill('5');
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff
      .getByText(/from 10 to 3600/i)
      .first()
      .waitFor();
    await staff.getByLabel('Customer screen resets after (seconds)').fill('45');
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.getByText('Settings saved.').waitFor();
    // With no keychain (the harness default) storing a key says what to do about it.
    await staff.getByLabel('Secret key').fill('sk_test_notarealkey1234567890');
    await staff.getByRole('button', { name: 'Save key' }).click();
    await staff.locator('[data-code="keychain_unavailable"]').waitFor();
    assert.equal(await staff.getByLabel('Secret key').inputValue(), '');
    // A slow answer from the simulator on a busy machine can show "Offline" for a moment: the
    // picture is of the usual state, so it waits for the next probe to find Stripe again.
    await staff.locator('[data-testid="online"][data-online="true"]').waitFor();
    await screenshot(staff, 'staff-settings');
    // Every run keeps its screenshots, whatever docs/screenshots holds.
    for (const name of ['customer-welcome', 'staff-detail-result', 'customer-guidance', 'staff-settings']) {
      assert.ok(statSync(join(RUN_SCREENSHOT_DIR, `${name}.png`)).mtimeMs >= runStart, `${name}.png saved`);
    }
    assert.deepEqual(stage.pageErrors, []);
  });

  it('after midnight the list of today starts over', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-console').click();
    assert.ok((await staff.getByTestId('session-row').count()) >= 4);
    // The page's clock is Playwright's: jump to a minute past the next midnight.
    const toMidnight = (await staff.evaluate(
      '(() => { const n = new Date(); return new Date(n.getFullYear(), n.getMonth(), n.getDate() + 1).getTime() - n.getTime(); })()',
    )) as number;
    await staff.clock.fastForward(toMidnight + 61_000);
    await staff.getByText('No verifications yet today.').waitFor();
    assert.equal(await staff.getByTestId('session-row').count(), 0);
  });
});
