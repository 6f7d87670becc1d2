/**
 * The rest of accessibility that axe cannot see: status changes are announced in the staff
 * window's one live region, targets are large enough (staff 40 px, customer 44 px), motion stops
 * when the system asks for less, and at 200% zoom no text is clipped and nothing scrolls sideways.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  holdHostedFlow,
  smallTargets,
  startByForm,
  stationLanguages,
  useLanguage,
} from '../support/a11y-stage.ts';
import { openStage, row, waitForStatus, type Stage } from '../support/e2e.ts';

/**
 * What 200% zoom would hide: the page scrolling sideways, or an element whose text is wider than
 * its box (cut off or spilling out).
 */
async function clipped(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    const root = document.scrollingElement;
    if (root.scrollWidth > root.clientWidth) out.push('page scrolls sideways by ' + (root.scrollWidth - root.clientWidth) + ' px');
    for (const e of document.body.querySelectorAll('*')) {
      // Inline boxes have no width of their own; the live region's words are for screen readers only.
      if (e.getClientRects().length === 0 || getComputedStyle(e).display === 'inline' || e.closest('.visually-hidden')) continue;
      const hasText = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (hasText && e.scrollWidth > e.clientWidth + 1) {
        out.push((e.getAttribute('data-testid') || e.tagName.toLowerCase() + '.' + e.className) + ': ' + e.scrollWidth + ' > ' + e.clientWidth + ' "' + e.textContent.trim().slice(0, 30) + '"');
      }
    }
    return out;
  })()`)) as string[];
}

/** Elements that still move: a running animation or a transition of some length. */
async function moving(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('*')]
    .map((e) => [e, getComputedStyle(e)])
    .filter(([, s]) => (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0) ||
      s.transitionDuration.split(',').some((d) => parseFloat(d) > 0))
    .map(([e, s]) => (e.getAttribute('data-testid') || e.tagName.toLowerCase() + '.' + e.className) + ' ' + s.animationName + ' ' + s.transitionDuration)`)) as string[];
}

describe('e2e: announcements, targets, motion and zoom', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage({ kiosk: true });
  });
  after(async () => {
    await stage?.close();
  });

  it('a session that changes state is announced once, in the status bar, the one live region', async () => {
    const { staff, harness } = stage;
    const announcement = staff.getByTestId('announcement');
    await startByForm(staff, 'Live 1');
    // Starting it here is not news.
    assert.equal(await announcement.textContent(), '');
    const id = (await staff.locator('[data-testid="detail"] code').textContent()) ?? '';
    await staff.getByTestId('present-qr').click();
    await staff.getByTestId('qr').waitFor();
    await harness.simulator()!.submit(id, 'verified');
    await waitForStatus(staff, 'Live 1', 'verified');
    await announcement.filter({ hasText: /^Live 1: Verified$/ }).waitFor();
    await stage.customer.getByTestId('customer-done').click();
    await stage.customer.locator('[data-screen="welcome"]').waitFor();
    // It is inside the polite status bar, and no other live region says it again.
    assert.equal(
      await staff.evaluate(
        `document.querySelector('[data-testid="announcement"]').closest('[aria-live]')?.dataset.testid`,
      ),
      'status-bar',
    );
    assert.equal(await staff.getByTestId('status-bar').getAttribute('aria-live'), 'polite');
    const regions = (await staff.evaluate(
      `[...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')].filter((e) => e.textContent.includes('Live 1')).length`,
    )) as number;
    assert.equal(regions, 1);
    // A reload shows the list as it is: nothing is announced.
    await staff.reload();
    await row(staff, 'Live 1').waitFor();
    assert.equal(await announcement.textContent(), '');
  });

  it('staff targets are at least 40 px, customer targets at least 44 px, in every language', async (t) => {
    const { staff, customer } = stage;
    for (const language of await stationLanguages(stage)) {
      await t.test(language, async () => {
        await useLanguage(stage, language);
        await row(staff, 'Live 1').click();
        await staff.getByTestId('reveal').waitFor();
        assert.deepEqual(await smallTargets(staff, 40), [], 'console');
        await staff.getByTestId('redact').click();
        await staff.getByTestId('confirm-yes').waitFor();
        assert.deepEqual(await smallTargets(staff, 40), [], 'confirm dialog');
        await staff.keyboard.press('Escape');
        await staff.getByTestId('tab-history').click();
        await staff.locator('[data-testid="history-row"]').first().getByTestId('history-open').click();
        await staff.getByTestId('detail').waitFor();
        assert.deepEqual(await smallTargets(staff, 40), [], 'history');
        await staff.getByTestId('tab-settings').click();
        await staff.getByTestId('masked-key').waitFor();
        assert.deepEqual(await smallTargets(staff, 40), [], 'settings');
        await staff.getByTestId('tab-console').click();

        assert.deepEqual(await smallTargets(customer, 44, true), [], 'welcome');
        await customer.getByTestId('customer-begin').click();
        await customer.locator('[data-outcome="document_expired"]').click();
        await customer.getByTestId('guidance').waitFor();
        assert.deepEqual(await smallTargets(customer, 44, true), [], 'guidance');
        await customer.getByTestId('customer-stop').click();
        await customer.locator('[data-screen="welcome"]').waitFor();
      });
    }
  });

  it('prefers-reduced-motion: nothing moves (and without it the spinner does)', async () => {
    const { customer } = stage;
    const hold = await holdHostedFlow(customer);
    await customer.getByTestId('customer-begin').click();
    await customer.locator('[data-screen="in_flow"] .spinner').waitFor();
    await customer.emulateMedia({ reducedMotion: 'no-preference' });
    assert.notDeepEqual(await moving(customer), [], 'the spinner turns when motion is welcome');
    await customer.emulateMedia({ reducedMotion: 'reduce' });
    assert.deepEqual(await moving(customer), []);
    for (const page of [stage.staff, customer]) {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      assert.deepEqual(await moving(page), []);
      await page.emulateMedia({ reducedMotion: null });
    }
    await hold.release();
    await customer.waitForURL(/\/hosted\//);
    await customer.goBack();
    await customer.getByTestId('customer-done').click();
    await customer.locator('[data-screen="welcome"]').waitFor();
  });

  it('at 200% zoom (half the window in CSS pixels) no text is cut off and nothing scrolls sideways', async (t) => {
    const { staff, customer } = stage;
    for (const language of await stationLanguages(stage)) {
      await t.test(language, async () => {
        await useLanguage(stage, language);
        for (const page of [staff, customer]) await page.setViewportSize({ width: 640, height: 430 });
        try {
          await startByForm(staff, `Zoomed order with a rather long reference ${language}`);
          assert.deepEqual(await clipped(staff), [], 'console with a detail');
          await staff.getByTestId('tab-history').click();
          await staff.locator('[data-testid="history-row"]').first().getByTestId('history-open').click();
          await staff.getByTestId('detail').waitFor();
          assert.deepEqual(await clipped(staff), [], 'history');
          await staff.getByTestId('tab-settings').click();
          await staff.getByTestId('masked-key').waitFor();
          assert.deepEqual(await clipped(staff), [], 'settings');
          await staff.getByTestId('tab-console').click();

          assert.deepEqual(await clipped(customer), [], 'customer welcome');
          await customer.getByTestId('customer-begin').click();
          await customer.locator('[data-outcome="document_expired"]').click();
          await customer.getByTestId('guidance').waitFor();
          assert.deepEqual(await clipped(customer), [], 'customer guidance');
          await customer.getByTestId('customer-stop').click();
          await customer.locator('[data-screen="welcome"]').waitFor();
        } finally {
          for (const page of [staff, customer]) await page.setViewportSize({ width: 1280, height: 860 });
        }
      });
    }
    assert.deepEqual(stage.pageErrors, []);
  });
});
