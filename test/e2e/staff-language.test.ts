/**
 * The station's language, end to end: staff switch it to Japanese in Settings, and the whole
 * console speaks Japanese (tabs, form, Today, a session's status, the status bar, dates through
 * `Intl`), `<html lang>` follows, a reload keeps it (it is a setting, not page state), and
 * switching back gives English again. A result revealed in Japanese puts the family name first
 * (姓, then 名). Screenshots of the console in both languages and of the revealed result.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  chooseStationLanguage,
  completeHostedFlow,
  openStage,
  row,
  screenshot,
  startVerification,
  waitForStatus,
  type Stage,
} from '../support/e2e.ts';

const htmlLang = (page: Page) => page.evaluate('document.documentElement.lang') as Promise<string>;

/** Words of Latin letters left on screen, once the names that stay as they are are taken out. */
async function englishLeft(page: Page, allowed: RegExp): Promise<string[]> {
  const text = (await page.locator('body').innerText()).replace(allowed, ' ');
  return [...new Set(text.match(/[A-Za-z]{3,}/g) ?? [])];
}

/** Product names, codes and values that are the same in every language. */
const SAME_IN_EVERY_LANGUAGE =
  /Countersign Hub|Countersign|Stripe Identity|Stripe|Order \d+|https?:\/\/[\w.:/-]*|vs_\w+|counter-\d+|v\d+\.\d+\.\d+\S*|sk_test_…|rk_live_…|https:\/\/|localhost|latest\.yml|English|CSV|QR|ID|PIN|\d{1,2}:\d{2}/g;

/** Today's column scrolls on its own: the form at the top, as staff first see it. */
const TOP_OF_COLUMNS = "document.querySelectorAll('.column').forEach((c) => c.scrollTo(0, 0))";

describe('e2e: the station language', () => {
  let stage: Stage;
  before(async () => {
    stage = await openStage();
  });
  after(async () => {
    await stage?.close();
  });

  const chooseLanguage = (value: 'en' | 'ja', tag: string) => chooseStationLanguage(stage.staff, value, tag);

  it('Settings → 日本語: the console speaks Japanese, a reload keeps it; → English: back to English', async () => {
    const { staff } = stage;
    assert.equal(await htmlLang(staff), 'en-GB');
    await startVerification(staff, 'Order 2001');
    await waitForStatus(staff, 'Order 2001', 'requires_input');

    await chooseLanguage('ja', 'ja-JP');
    assert.equal(await htmlLang(staff), 'ja-JP');
    assert.equal(await staff.getByTestId('tab-settings').textContent(), '設定');
    await staff.locator('#language-title', { hasText: '言語' }).waitFor();
    assert.deepEqual(await englishLeft(staff, SAME_IN_EVERY_LANGUAGE), [], 'no English left in Settings');
    await screenshot(staff, 'staff-settings-ja');

    await staff.getByTestId('tab-console').click();
    assert.equal(await staff.getByTestId('tab-console').textContent(), '受付');
    assert.equal(await staff.getByTestId('tab-history').textContent(), '履歴');
    assert.equal(await staff.getByTestId('start').textContent(), '本人確認を開始');
    await staff.locator('#today-title', { hasText: '本日' }).waitFor();
    // A status in Japanese: the session not submitted yet, in Today and in its detail.
    assert.equal(await row(staff, 'Order 2001').getByTestId('status').textContent(), '未提出');
    await row(staff, 'Order 2001').click();
    await staff
      .getByTestId('detail')
      .filter({ hasText: '3回中' })
      .or(staff.getByTestId('detail').filter({ hasText: '試行前' }))
      .waitFor();
    assert.equal(await staff.getByTestId('retry').textContent(), '再試行');
    assert.equal(await staff.getByTestId('online').textContent(), 'オンライン');
    assert.equal(await staff.getByTestId('queued').textContent(), '送信待ちなし');
    assert.deepEqual(await englishLeft(staff, SAME_IN_EVERY_LANGUAGE), [], 'no English left in the console');
    assert.equal(await staff.title(), 'Countersign — 受付コンソール');
    await staff.evaluate(TOP_OF_COLUMNS);
    await screenshot(staff, 'staff-console-ja');

    // A verified result revealed in Japanese: family name first, labelled 姓 and 名.
    await staff.getByTestId('present-screen').click();
    await completeHostedFlow(stage.customer, 'verified');
    await waitForStatus(staff, 'Order 2001', 'verified');
    await staff.getByTestId('reveal').click();
    const facts = staff.getByTestId('result').locator('dl');
    await facts.waitFor();
    const labels = await facts.locator('dt').allInnerTexts();
    const values = await facts.locator('dd').allInnerTexts();
    assert.deepEqual(labels.slice(0, 2), ['姓', '名']);
    assert.deepEqual(values.slice(0, 2), ['Rosen', 'Jenny']);
    await staff.evaluate(TOP_OF_COLUMNS);
    // The countdown to hiding the result ticks every second.
    await screenshot(staff, 'staff-result-ja', { perRun: ['[data-testid="result"] .between > .muted'] });
    await staff.getByTestId('hide-result').click();

    // Dates through Intl in the page's language: History writes the year with 年.
    await staff.getByTestId('tab-history').click();
    const started = staff.locator('[data-testid="history-row"][data-reference="Order 2001"] td').first();
    assert.match((await started.textContent()) ?? '', /\d{4}年\d{1,2}月\d{1,2}日/);

    // A setting, not page state: a reload opens in Japanese.
    await staff.reload();
    await staff.locator('html[lang="ja-JP"]').waitFor({ state: 'attached' });
    await staff.getByTestId('tab-console').filter({ hasText: '受付' }).waitFor();

    await chooseLanguage('en', 'en-GB');
    assert.equal(await staff.getByTestId('tab-settings').textContent(), 'Settings');
    await staff.getByTestId('tab-console').click();
    assert.equal(await staff.getByTestId('start').textContent(), 'Start verification');
    await row(staff, 'Order 2001').getByTestId('status').filter({ hasText: 'Verified' }).waitFor();
    await staff.getByTestId('online').filter({ hasText: 'Online' }).waitFor();
    // The scan above can fail: in English it finds the console's words.
    assert.ok((await englishLeft(staff, SAME_IN_EVERY_LANGUAGE)).includes('Today'));
    await staff.evaluate(TOP_OF_COLUMNS);
    await screenshot(staff, 'staff-console-en');
  });
});
