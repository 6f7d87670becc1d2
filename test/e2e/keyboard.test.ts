/**
 * The keyboard alone is enough: staff start a verification, choose it in Today, reach its
 * actions through the skip link, cancel it through the confirm dialog (focus kept inside, then
 * given back), open History and Settings; a customer at a kiosk begins, tries again and finishes.
 * Every stop shows a focus ring, and (issue 8) no focused row is ever under a fixed bar. Today
 * and History are one Tab stop each (issue 17): the arrow keys move inside them, so the chosen
 * verification's actions are a Tab or two away however long the list.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { focused, focusStop, tabTo } from '../support/a11y-stage.ts';
import { openStage, row, waitForStatus, type Stage } from '../support/e2e.ts';

const STAFF = { window: 'staff' } as const;

async function createMany(stage: Stage, prefix: string, count: number) {
  for (let i = 1; i <= count; i++) {
    await stage.harness.core.handlers['sessions.start'](
      { type: 'document', reference: `${prefix} ${i}` },
      STAFF,
    );
  }
  await stage.staff.reload();
  await row(stage.staff, `${prefix} 1`).waitFor();
}

/** Presses `key` until the focused element matches `selector`; fails after `max` presses. */
async function pressTo(page: Page, key: string, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(`!!document.activeElement?.matches(${JSON.stringify(selector)})`)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${selector} not reached in ${max} presses of ${key}`);
}

const inDialog = (page: Page) =>
  page.evaluate(
    `!!document.activeElement && !!document.activeElement.closest('dialog[open]')`,
  ) as Promise<boolean>;

describe('e2e: the staff flow by keyboard', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
    await createMany(stage, 'Earlier', 2);
  });
  after(async () => {
    await stage?.close();
  });

  it('start, choose in Today, skip to the actions, cancel through the dialog, History, Settings', async () => {
    const { staff } = stage;
    // From the top of the page, the form's first field is reached with Tab alone.
    await tabTo(staff, '[data-field="reference"]');
    await staff.keyboard.type('Keyboard 1');
    await staff.keyboard.press('Enter');
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Keyboard 1' }).waitFor();

    // Today is one Tab stop, on the chosen row; the arrow keys move inside it. Choose another
    // row with Space, then the new one again with Enter.
    await tabTo(staff, '[data-testid="session-row"][data-reference="Keyboard 1"]');
    await pressTo(staff, 'ArrowDown', '[data-testid="session-row"][data-reference="Earlier 1"]');
    await staff.keyboard.press('Space');
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Earlier 1' }).waitFor();
    await staff.keyboard.press('Home');
    assert.equal(await staff.evaluate('document.activeElement?.dataset.reference'), 'Keyboard 1');
    await staff.keyboard.press('Enter');
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Keyboard 1' }).waitFor();
    assert.equal(await row(staff, 'Keyboard 1').getAttribute('aria-selected'), 'true');
    assert.equal(await row(staff, 'Earlier 1').getAttribute('aria-selected'), 'false');

    // The skip link, just before the list, goes to the detail; its actions come next.
    await tabTo(staff, '[data-testid="skip-to-detail"]', { back: true });
    await staff.keyboard.press('Enter');
    assert.equal(await staff.evaluate('document.activeElement?.id'), 'detail-title');
    await staff.keyboard.press('Tab');
    assert.equal(await focused(staff), 'present-screen');

    // Cancel: the dialog takes the focus and keeps it; Escape gives it back to "Cancel…".
    await tabTo(staff, '[data-testid="cancel"]');
    await staff.keyboard.press('Enter');
    await staff.getByTestId('confirm-yes').waitFor();
    assert.ok(await inDialog(staff), 'the dialog has the focus');
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await staff.keyboard.press(key);
      assert.ok(
        await inDialog(staff),
        `after ${key} the focus is still in the dialog (${await focused(staff)})`,
      );
    }
    await staff.keyboard.press('Escape');
    await staff.getByTestId('confirm').and(staff.locator(':not([open])')).waitFor({ state: 'attached' });
    assert.equal(await focused(staff), 'cancel');
    await staff.keyboard.press('Enter');
    await tabTo(staff, '[data-testid="confirm-yes"]');
    await staff.keyboard.press('Space');
    await waitForStatus(staff, 'Keyboard 1', 'canceled');
    // "Cancel…" is disabled now: the focus goes to the detail's heading, not to the page.
    assert.equal(await staff.evaluate('document.activeElement?.id'), 'detail-title');

    // History: a row's detail; then Settings.
    await tabTo(staff, '[data-testid="tab-history"]', { back: true, max: 80 });
    await staff.keyboard.press('Enter');
    await tabTo(staff, '[data-testid="history-open"]');
    await pressTo(
      staff,
      'ArrowDown',
      '[data-testid="history-row"][data-reference="Keyboard 1"] [data-testid="history-open"]',
    );
    await staff.keyboard.press('Enter');
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Keyboard 1' }).waitFor();
    await tabTo(staff, '[data-testid="tab-settings"]', { back: true, max: 80 });
    await staff.keyboard.press('Enter');
    await staff.getByTestId('masked-key').waitFor();
    await tabTo(staff, 'input');
    await tabTo(staff, '[data-testid="tab-console"]', { back: true, max: 80 });
    await staff.keyboard.press('Enter');
    await row(staff, 'Keyboard 1').waitFor();
    assert.deepEqual(stage.pageErrors, []);
  });

  it('Escape then at once Enter: the dialog opened again stays open (the first close is not applied late)', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-console').click();
    await stage.harness.core.handlers['sessions.start']({ type: 'document', reference: 'Quick 1' }, STAFF);
    await row(staff, 'Quick 1').click();
    await staff.getByTestId('cancel').click();
    await staff.getByTestId('confirm-yes').waitFor();
    // Escape's close and the next Enter in one task, as a fast hand can do it: the browser's close
    // event is queued and runs only after the dialog was opened again.
    await staff.evaluate(`(() => {
      document.querySelector('[data-testid="confirm"]').dispatchEvent(new Event('cancel'));
      document.querySelector('[data-testid="confirm"]').close();
      document.querySelector('[data-testid="cancel"]').click();
    })()`);
    // Two frames: the queued close event has run by then.
    await staff.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.equal(await staff.locator('[data-testid="confirm"][open]').count(), 1, 'the dialog is open');
    await staff.keyboard.press('Escape');
    await staff.getByTestId('confirm').and(staff.locator(':not([open])')).waitFor({ state: 'attached' });
  });

  it('every Tab stop on every staff screen shows a focus ring', async () => {
    const { staff } = stage;
    for (const tab of ['console', 'history', 'settings'] as const) {
      await staff.getByTestId(`tab-${tab}`).click();
      await staff.getByTestId(`tab-${tab}`).and(staff.locator('[aria-current="page"]')).waitFor();
      await staff.evaluate('document.activeElement?.blur()');
      // Once round the page: from the top until the focus leaves it again.
      const names: string[] = [];
      for (let i = 0; i < 200; i++) {
        await staff.keyboard.press('Tab');
        const stop = await focusStop(staff);
        if (!stop) break;
        names.push(stop.name);
        assert.ok(stop.indicated, `${tab}: no focus ring on ${stop.name} (outline ${stop.outline})`);
      }
      assert.ok(names.length >= 5 && names.length < 200, `${tab}: ${names.length} stops`);
    }
    await staff.getByTestId('tab-console').click();
  });

  it('issue 17: with 15 verifications in Today, the actions of the chosen one are 1–3 Tabs away; in History too', async () => {
    const { staff } = stage;
    await staff.getByTestId('tab-console').click();
    await createMany(stage, 'Fifteen', 15);
    assert.ok((await staff.getByTestId('session-row').count()) >= 15);
    /** Tabs from the focused row until the focus is in the detail; the stops on the way. */
    const tabsToDetail = async (label: string) => {
      const names: string[] = [];
      for (let i = 0; i < 40; i++) {
        await staff.keyboard.press('Tab');
        const stop = await focusStop(staff);
        names.push(stop?.name ?? 'page');
        if (await staff.evaluate(`!!document.activeElement?.closest('[data-testid="detail"]')`)) return names;
      }
      throw new Error(`${label}: the detail was not reached in 40 Tabs (${names.join(', ')})`);
    };

    // A row in the middle of Today, chosen from the keyboard.
    await row(staff, 'Fifteen 8').focus();
    await staff.keyboard.press('Enter');
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Fifteen 8' }).waitFor();
    const today = await tabsToDetail('Today');
    console.log(
      `keyboard: Today rows=${await staff.getByTestId('session-row').count()} tabs_to_actions=${today.length} (${today.join(' → ')})`,
    );
    assert.ok(today.length <= 3, `Today: ${today.length} Tabs to the actions (${today.join(', ')})`);
    assert.equal(today.at(-1), 'present-screen', 'the first action is "Show on customer screen"');
    // Shift+Tab goes back to the list, on the chosen row.
    await pressTo(staff, 'Shift+Tab', '[data-testid="session-row"]', today.length + 1);
    assert.equal(await staff.evaluate('document.activeElement?.dataset.reference'), 'Fifteen 8');

    await staff.getByTestId('tab-history').click();
    const open = staff.locator(
      '[data-testid="history-row"][data-reference="Fifteen 8"] [data-testid="history-open"]',
    );
    await open.focus();
    await staff.keyboard.press('Enter');
    await staff.locator('[data-testid="detail"] h2', { hasText: 'Fifteen 8' }).waitFor();
    const history = await tabsToDetail('History');
    console.log(
      `keyboard: History rows=${await staff.getByTestId('history-row').count()} tabs_to_actions=${history.length} (${history.join(' → ')})`,
    );
    assert.ok(history.length <= 3, `History: ${history.length} Tabs to the actions (${history.join(', ')})`);
    await staff.getByTestId('tab-console').click();
  });

  /**
   * Tabs `count` times from where the focus is; each stop must match `name`, lie inside the
   * viewport and clear of both bars, and show its focus ring.
   */
  async function tabClearOfBars(staff: Page, count: number, name: RegExp, label: string, key = 'Tab') {
    const top = (await staff.locator('.topbar').boundingBox())!;
    const bar = (await staff.getByTestId('status-bar').boundingBox())!;
    const view = (await staff.evaluate('[window.innerWidth, window.innerHeight]')) as [number, number];
    for (let i = 0; i < count; i++) {
      await staff.keyboard.press(key);
      const stop = (await focusStop(staff))!;
      assert.match(stop.name, name, `${label}: stop ${i}`);
      const r = stop.rect;
      const where = `${label}, stop ${i}: ${JSON.stringify(r)}, top bar ends ${top.y + top.height}, status bar starts ${bar.y}`;
      assert.ok(
        r.top >= 0 && r.left >= 0 && r.right <= view[0] && r.bottom <= view[1],
        `in the viewport (${where})`,
      );
      assert.ok(r.top >= top.y + top.height - 0.5, `not under the top bar (${where})`);
      assert.ok(r.bottom <= bar.y + 0.5, `not under the status bar (${where})`);
      assert.ok(stop.indicated, `the focus ring shows (${where})`);
    }
  }

  it('issue 8: Tab through a long Today list (and History), no focused element under a fixed bar', async () => {
    const { staff } = stage;
    await createMany(stage, 'Long', 30);
    for (const width of [1280, 700]) {
      await staff.setViewportSize({ width, height: 860 });
      await staff.getByTestId('skip-to-detail').focus();
      const rows = await staff.getByTestId('session-row').count();
      assert.ok(rows >= 32);
      // One Tab into the list, Home to its first row, then down through every row.
      await tabClearOfBars(staff, 1, /^session-row$/, `Today, ${width} px wide`);
      await staff.keyboard.press('Home');
      await tabClearOfBars(staff, rows - 1, /^session-row$/, `Today, ${width} px wide`, 'ArrowDown');

      await staff.getByTestId('tab-history').click();
      const open = staff.getByTestId('history-open');
      await open.first().waitFor();
      const count = await open.count();
      assert.ok(count >= 20, `${count} history rows`);
      await open.first().focus();
      await tabClearOfBars(staff, count - 1, /^history-open$/, `History, ${width} px wide`, 'ArrowDown');
      await staff.getByTestId('tab-console').click();
    }
    await staff.setViewportSize({ width: 1280, height: 860 });
  });
});

describe('e2e: the customer flow by keyboard (kiosk)', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ kiosk: true });
  });
  after(async () => {
    await stage?.close();
  });

  /** Each new screen is announced: the focus is on its heading, which says what it is. */
  async function headingFocused(customer: Page, screen: string) {
    await customer.locator(`[data-screen="${screen}"]`).waitFor();
    await customer.locator('[data-testid="customer-title"]:focus').waitFor();
  }

  it('Begin, a failed check, try again, verified, finish', async () => {
    const { customer } = stage;
    await headingFocused(customer, 'welcome');
    await tabTo(customer, '[data-testid="customer-begin"]');
    await customer.keyboard.press('Enter');
    await customer.waitForURL(/\/hosted\//);
    // The simulator's page, by keyboard too (its own focus style, not the app's).
    await tabTo(customer, '[data-outcome="document_expired"]', { indicated: false });
    await customer.keyboard.press('Enter');
    await headingFocused(customer, 'requires_input');
    await tabTo(customer, '[data-testid="customer-retry"]');
    await customer.keyboard.press('Space');
    await customer.waitForURL(/\/hosted\//);
    await tabTo(customer, '[data-outcome="verified"]', { indicated: false });
    await customer.keyboard.press('Enter');
    await headingFocused(customer, 'verified');
    await tabTo(customer, '[data-testid="customer-done"]');
    await customer.keyboard.press('Enter');
    await headingFocused(customer, 'welcome');
    assert.deepEqual(stage.pageErrors, []);
  });
});
