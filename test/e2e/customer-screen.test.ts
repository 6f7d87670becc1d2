/**
 * The customer screen follows the counter even while the customer is on the hosted page: staff
 * cancel, redact or show another session and the customer window leaves the stale page at once
 * (the harness does what main does, see test/harness/hosted-bridge.js). Coming back from the
 * hosted page without finishing (back button, reload) never leaves "Opening the verification…".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStage, row, screenshot, startVerification, waitForStatus, type Stage } from '../support/e2e.ts';

describe('e2e: the customer screen follows the counter', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  const shownId = async () => (await stage.staff.locator('[data-testid="detail"] code').textContent()) ?? '';

  async function onHostedPage(reference: string): Promise<string> {
    const { staff, customer } = stage;
    await startVerification(staff, reference);
    const id = await shownId();
    await staff.getByTestId('present-screen').click();
    await customer.waitForURL(new RegExp(`/hosted/${id}`));
    await customer.locator('[data-outcome="verified"]').waitFor();
    return id;
  }

  it('cancel at the counter takes the customer off the hosted page at once', async () => {
    const { staff, customer } = stage;
    await onHostedPage('Order 3001');
    await staff.getByTestId('cancel').click();
    await staff.getByTestId('confirm-yes').click();
    await waitForStatus(staff, 'Order 3001', 'canceled');
    await customer.locator('[data-screen="canceled"]').waitFor();
    await customer.getByTestId('customer-done').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('showing another session replaces the hosted page', async () => {
    const { customer } = stage;
    const first = await onHostedPage('Order 3002');
    const second = await onHostedPage('Order 3003');
    assert.notEqual(first, second);
    assert.match(customer.url(), new RegExp(`/hosted/${second}`));
  });

  it('redacting the session on the customer screen takes the customer back to welcome', async () => {
    const { staff, customer } = stage;
    await onHostedPage('Order 3004');
    await staff.getByTestId('redact').click();
    await staff.getByTestId('confirm-yes').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('back from the hosted page, or a reload, offers a way on instead of "Opening…"', async () => {
    const { staff, customer } = stage;
    await onHostedPage('Order 3005');
    await customer.goBack();
    await customer.getByTestId('interrupted').waitFor();
    await customer.reload();
    await customer.getByTestId('interrupted').waitFor();
    await screenshot(customer, 'customer-flow-closed');
    assert.equal(await customer.getByText('Opening the verification').count(), 0);
    // Staff show it again: the flow opens again.
    await staff.getByTestId('present-screen').click();
    await customer.waitForURL(/\/hosted\//);
    await customer.goBack();
    await customer.getByTestId('interrupted').waitFor();
    await customer.getByTestId('customer-done').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('a failed check: the customer can stop; after the last attempt no "try again", and a way out', async () => {
    const { staff, customer, harness } = stage;
    await onHostedPage('Order 3006');
    await customer.locator('[data-outcome="document_expired"]').click();
    await customer.getByTestId('guidance').waitFor();
    await customer.getByTestId('customer-stop').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
    // Staff see a failed check, not one that has not started.
    await row(staff, 'Order 3006').locator('[data-state="failed"]', { hasText: 'Check failed' }).waitFor();
    assert.equal(await row(staff, 'Order 3005').locator('[data-state="new"]').count(), 1);
    await staff.getByTestId('filter-attention').click();
    await row(staff, 'Order 3006').waitFor();
    assert.equal(await row(staff, 'Order 3005').count(), 0);
    await screenshot(staff, 'staff-needs-attention');
    await staff.getByTestId('filter-active').click();
    await row(staff, 'Order 3005').waitFor();
    assert.equal(await row(staff, 'Order 3006').count(), 0);
    await staff.getByTestId('filter-all').click();

    await harness.core.handlers['settings.update']({ maxAttempts: 1 }, { window: 'staff' });
    try {
      await onHostedPage('Order 3007');
      await customer.locator('[data-outcome="document_expired"]').click();
      const last = customer.getByTestId('ask-staff');
      await last.waitFor();
      assert.doesNotMatch((await last.textContent()) ?? '', /try again/i);
      await customer.getByTestId('customer-done').click();
      await customer.locator('[data-screen="welcome"]').waitFor();
      await row(staff, 'Order 3007').locator('[data-state="no_attempts_left"]').waitFor();
      // No dead end: one click starts a new verification for the same reference.
      await row(staff, 'Order 3007').click();
      await staff.getByTestId('start-new').click();
      await staff.locator('[data-testid="session-row"][data-reference="Order 3007"]').nth(1).waitFor();
      await row(staff, 'Order 3007').first().locator('[data-state="new"]').waitFor();
    } finally {
      await harness.core.handlers['settings.update']({ maxAttempts: 3 }, { window: 'staff' });
    }
  });

  it('a History row opens the same detail, with what can still be done', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-history').click();
    const historyRow = staff.locator('[data-testid="history-row"][data-reference="Order 3002"]');
    await historyRow.getByTestId('history-open').click();
    const detail = staff.getByTestId('detail');
    await detail.locator('h2', { hasText: 'Order 3002' }).waitFor();
    await screenshot(staff, 'staff-history-detail');
    await detail.getByTestId('cancel').click();
    await staff.getByTestId('confirm-yes').click();
    await historyRow.locator('[data-state="canceled"]').waitFor();
    await detail.locator('[data-state="canceled"]').waitFor();
    await staff.getByTestId('tab-console').click();
    await waitForStatus(staff, 'Order 3002', 'canceled');
  });

  it('a reload of the staff window keeps the view and the chosen verification', async () => {
    const { staff } = stage;
    await row(staff, 'Order 3006').click();
    await staff.getByTestId('filter-attention').click();
    await staff.reload();
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Order 3006' }).waitFor();
    assert.equal(await staff.getByTestId('filter-attention').getAttribute('aria-pressed'), 'true');
    assert.doesNotMatch(staff.url(), /Order/, 'the address holds ids only');

    await staff.getByTestId('tab-history').click();
    await staff
      .locator('[data-testid="history-row"][data-reference="Order 3003"]')
      .getByTestId('history-open')
      .click();
    await staff.reload();
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Order 3003' }).waitFor();
    assert.equal(await staff.getByTestId('tab-history').getAttribute('aria-current'), 'page');
    assert.deepEqual(await staff.evaluate('[localStorage.length, sessionStorage.length]'), [0, 0]);
    await staff.getByTestId('tab-console').click();
    await staff.getByTestId('filter-all').click();
  });

  it('a phone that finishes the QR flow gets a plain page, not an error', async () => {
    const page = await stage.browser.newPage();
    try {
      const answer = await page.goto(`${stage.harness.origin}/customer/return`);
      assert.equal(answer?.status(), 200);
      await page.getByText('You can return to the counter').waitFor();
    } finally {
      await page.close();
    }
    assert.deepEqual(stage.pageErrors, []);
  });
});
