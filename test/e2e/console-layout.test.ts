/**
 * The console's layout with a long day: the detail of any row is in view as soon as it is
 * chosen, no fixed bar covers the focused row, and every staff target is large enough for a
 * touch screen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openStage, row, type Stage } from '../support/e2e.ts';

async function createMany(stage: Stage, count: number, prefix: string) {
  for (let i = 1; i <= count; i++) {
    await stage.harness.core.handlers['sessions.start'](
      { type: 'document', reference: `${prefix} ${i}` },
      { window: 'staff' },
    );
  }
  await stage.staff.reload();
  await row(stage.staff, `${prefix} 1`).waitFor();
}

async function viewportHeight(page: Page): Promise<number> {
  return (await page.evaluate('window.innerHeight')) as number;
}

describe('e2e: the console with a long list', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  for (const [count, prefix] of [
    [8, 'Short'],
    [47, 'Long'],
  ] as const) {
    it(`choosing the lowest of ${count} rows shows its detail in view`, async () => {
      const { staff } = stage;
      await createMany(stage, count, prefix);
      // Newest first: the first one created is the lowest row.
      const lowest = row(staff, `${prefix} 1`);
      await lowest.click();
      const heading = staff.locator('[data-testid="detail"] h2', { hasText: `${prefix} 1` });
      await heading.waitFor();
      const box = await heading.boundingBox();
      assert.ok(box, 'the heading has a box');
      const height = await viewportHeight(staff);
      assert.ok(
        box.y >= 0 && box.y + box.height <= height,
        `detail heading at y=${box.y} (viewport ${height})`,
      );
      const actions = await staff.getByTestId('cancel').boundingBox();
      assert.ok(actions && actions.y >= 0 && actions.y + actions.height <= height, 'the actions are in view');
    });
  }

  it('a focused row is never under the status bar, and the skip link reaches the detail', async () => {
    const { staff } = stage;
    const lowest = row(staff, 'Long 1');
    await lowest.focus();
    const rowBox = await lowest.boundingBox();
    const bar = await staff.getByTestId('status-bar').boundingBox();
    assert.ok(rowBox && bar);
    assert.ok(
      rowBox.y + rowBox.height <= bar.y + 0.5,
      `row bottom ${rowBox.y + rowBox.height} vs bar top ${bar.y}`,
    );
    const top = await staff.locator('.topbar').boundingBox();
    assert.ok(top && rowBox.y >= top.y + top.height - 0.5, 'not under the top bar either');

    await staff.getByTestId('tab-console').focus();
    await staff.keyboard.press('Tab');
    await staff.keyboard.press('Tab');
    // Past the start form's fields to the skip link would be long: focus it directly, as a
    // screen reader's list of links would, and follow it.
    await staff.getByTestId('skip-to-detail').focus();
    await staff.keyboard.press('Enter');
    assert.equal(await staff.evaluate('document.activeElement && document.activeElement.id'), 'detail-title');
  });

  it('a reference that looks like a name is warned about before it is saved', async () => {
    const { staff } = stage;
    const before = await staff.getByTestId('session-row').count();
    await staff.getByLabel('Reference (order or ticket)').fill('Jane Doe');
    await staff.getByTestId('start').click();
    await staff.getByTestId('reference-warning').waitFor();
    assert.equal(await staff.getByTestId('session-row').count(), before, 'nothing was sent');
    await staff.getByTestId('start').click();
    await row(staff, 'Jane Doe').waitFor();
  });

  it('a long reference without spaces stays inside the detail card', async () => {
    const { staff } = stage;
    const long = 'X'.repeat(100);
    await staff.getByLabel('Reference (order or ticket)').fill(long);
    await staff.getByTestId('start').click();
    const detail = staff.getByTestId('detail');
    await detail.locator('h2', { hasText: long }).waitFor();
    const overflow = (await detail.evaluate((e) => e.scrollWidth - e.clientWidth)) as number;
    assert.ok(overflow <= 0, `the card overflows by ${overflow} px`);
  });

  it('redacting a waiting verification says it also cancels it', async () => {
    const { staff } = stage;
    await row(staff, 'Long 2').click();
    await staff.getByTestId('redact').click();
    await staff.getByText(/also canceled/).waitFor();
    await staff.keyboard.press('Escape');
  });

  it('a key that is not one is told so, before the keychain is asked', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-settings').click();
    for (const key of ['pk_test_123', 'hello']) {
      await staff.getByLabel('Secret key').fill(key);
      await staff.getByRole('button', { name: 'Save key' }).click();
      await staff.locator('[data-code="key_malformed"]').waitFor();
      assert.equal(await staff.locator('[data-code="keychain_unavailable"]').count(), 0);
    }
    await staff.getByLabel('Customer screen resets after (seconds)').fill('5');
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await staff.getByText('Enter a whole number from 10 to 3600 (seconds).').waitFor();
    await staff.getByTestId('tab-console').click();
  });

  it('staff targets are at least 40 px high', async () => {
    const { staff } = stage;
    // A checkbox or radio button is targeted through its whole label.
    const small =
      (await staff.evaluate(`[...document.querySelectorAll('.staff button, .staff select, .staff input')]
      .filter((e) => e.offsetParent !== null && !e.classList.contains('skip-link'))
      .map((e) => [e, e.type === 'checkbox' || e.type === 'radio' ? e.closest('label') || e : e])
      .map(([e, t]) => [e.getAttribute('data-testid') || e.textContent || e.name, t.getBoundingClientRect().height])
      .filter(([, h]) => h < 40)`)) as Array<[string, number]>;
    assert.deepEqual(small, []);
    assert.deepEqual(stage.pageErrors, []);
  });
});
