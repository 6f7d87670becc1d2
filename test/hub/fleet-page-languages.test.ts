/**
 * The fleet page and its sign-in page in the admin's language, in Debian's Chromium against an
 * in-process hub on PGlite. A browser set to Japanese (locale ja-JP: navigator.languages and
 * Accept-Language) gets both pages in Japanese, refusals included (by their code, never the
 * hub's English); the sign-in page's links and the page's switch pick a language, which outlasts
 * a reload; a failed store-sharing change says so in Japanese and the box stays as it was. A
 * viewer in Tokyo sees times in JST (named), statuses and error codes in Japanese with Stripe's
 * code in the tooltip, and the page breaks Japanese lines by phrase. axe
 * finds nothing critical, serious or moderate on either page in either language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Db } from '../../hub/src/db.ts';
import type { RunningHub } from '../../hub/src/server.ts';
import { axeScreen, blocking, type AxeFinding } from '../support/axe.ts';
import { screenshot } from '../support/e2e.ts';
import {
  FLEET_PER_RUN,
  FLEET_ADMIN_PASSWORD,
  startFleetBrowser,
  type FleetBrowser,
} from '../support/fleet-browser.ts';
import { createSession, enroll, type Enrolled } from '../support/hub.ts';

describe('the fleet page in Japanese and English', () => {
  let hub: RunningHub;
  let db: Db;
  let fleet: FleetBrowser;
  let page: Page;
  let till: Enrolled;
  const findings: AxeFinding[] = [];
  let pageErrors: string[] = [];

  before(async () => {
    // A viewer in Tokyo: the page's times are in their zone, named (JST), not the hub's UTC.
    fleet = await startFleetBrowser('ja-JP', 'Asia/Tokyo');
    ({ hub, db, page, pageErrors } = fleet);
    const counter = await enroll(hub, '渋谷店', 'カウンター1');
    await createSession(counter.sdk(hub), 'ref-ja-1');
    // A session that failed on an expired document, 2026-12-01 13:05:30 UTC (22:05:30 in Tokyo).
    await db.query(
      `INSERT INTO sessions (id, station_id, store, status, last_error_code, created, updated, checked)
       VALUES ('vs_jaExpired', $1, '渋谷店', 'requires_input', 'document_expired', $2, $2, $2)`,
      [counter.id, Date.UTC(2026, 11, 1, 13, 5, 30)],
    );
    till = await enroll(hub, '渋谷店', 'レジ2', 'kiosk');
    // A store's staff, for the Staff section's table (axe reads it).
    await hub.staff.add({ store: '渋谷店', name: '佐藤', role: 'manager', pin: '4829' }, { by: 'admin' });
  });
  /** Shows the store's staff (below the screenshots' view): axe then reads its table and forms. */
  const showStaff = async (label: string) => {
    await page.getByTestId('staff').getByLabel(label).selectOption('渋谷店');
    await page.getByTestId('staff').locator('tr[data-member="佐藤"]').waitFor();
  };
  after(async () => {
    // The figures, for the report and docs/fleet.md: critical / serious / moderate / minor.
    for (const f of findings) console.log(`axe ${f.screen} (${f.language}): ${JSON.stringify(f.counts)}`);
    await fleet?.close();
  });

  const htmlLang = () => page.locator('html').getAttribute('lang');
  const axe = async (screen: string, language: string) => {
    const finding = await axeScreen(page, screen, language);
    findings.push(finding);
    assert.deepEqual(blocking(finding), [], `${screen} (${language}): nothing critical, serious or moderate`);
  };
  const headings = () => page.locator('h1, h2').allInnerTexts();

  test('the sign-in page follows Accept-Language, and its links pick the other language', async () => {
    await page.goto(`${hub.url}/fleet`);
    assert.equal(await htmlLang(), 'ja');
    assert.equal(await page.title(), 'サインイン — Countersign Hub');
    await page.getByLabel('管理者パスワード').fill('wrong-password-here');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('alert').filter({ hasText: 'パスワードが正しくありません。' }).waitFor();
    await axe('sign-in', 'ja');

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByLabel('Admin password').waitFor();
    assert.equal(await htmlLang(), 'en');
    await page.getByLabel('Admin password').fill('wrong-password-here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password.' }).waitFor();
    assert.equal(await htmlLang(), 'en', 'a refusal keeps the language picked');
    await axe('sign-in', 'en');
  });

  test('signed in, the page follows the browser: Japanese headings, table labels, times and counts', async () => {
    await page.goto(`${hub.url}/fleet`); // no pick carried: the browser's preference again
    await page.getByLabel('管理者パスワード').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    const row = page.locator('tr[data-station-id]', { hasText: 'カウンター1' });
    await row.waitFor();
    assert.equal(await htmlLang(), 'ja');
    assert.equal(await page.title(), '端末管理 — Countersign Hub');
    assert.deepEqual(await headings(), [
      'Countersign Hub — 端末管理',
      'アラート',
      '本人確認の状況',
      '端末の追加',
      '端末',
      '端末のポリシー',
      '端末に適用中のポリシー',
      'スタッフ',
      'Stripeでの個人データの削除',
      '店舗別の本人確認',
      '本人確認の検索',
      '監査ログ',
    ]);
    assert.deepEqual(await page.locator('table[aria-labelledby="stations-heading"] th').allInnerTexts(), [
      '端末',
      '店舗',
      '種類',
      '状態',
      '最終接続',
      '送信待ち',
      '進行中の本人確認',
      'アプリのバージョン',
      '最後のエラー',
      '店舗内共有',
      '操作',
    ]);
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(1, 3), ['渋谷店', 'カウンター']);
    assert.match(
      cells[3] ?? '',
      /^オンライン\n\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d JSTから$/,
      'online, and since when',
    );
    assert.match(
      cells[4] ?? '',
      /^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d JST$/,
      'last seen, Japanese style, in the viewer’s zone, named',
    );
    assert.ok(await page.getByText('登録済みの端末：2台').isVisible(), 'the count, by Intl.PluralRules');
    // Statuses and error codes in Japanese, Stripe's code kept in the tooltip; times in Tokyo's zone.
    const sessions = page.getByRole('region', { name: '渋谷店の本人確認' });
    assert.doesNotMatch(await sessions.innerText(), /requires_input|document_expired|UTC/);
    const expired = sessions.locator('tr', { hasText: 'vs_jaExpired' });
    assert.deepEqual((await expired.locator('td').allInnerTexts()).slice(2), [
      '入力待ち',
      '書類の有効期限切れ',
      '2026年12月1日 22:05:30 JST',
      '2026年12月1日 22:05:30 JST',
    ]);
    assert.equal(
      await expired.locator('[data-code="requires_input"]').getAttribute('title'),
      'コード：requires_input',
    );
    assert.equal(
      await expired.locator('[data-code="document_expired"]').getAttribute('title'),
      'コード：document_expired',
    );
    assert.ok(await sessions.getByRole('heading', { name: '渋谷店（2件）' }).isVisible());
    // Japanese line breaking (fleet.css): strict, by phrase, on the whole page.
    assert.deepEqual(
      await page.evaluate(
        '[getComputedStyle(document.body).lineBreak, getComputedStyle(document.body).wordBreak]',
      ),
      ['strict', 'auto-phrase'],
    );
    await showStaff('スタッフを表示する店舗');
    await axe('fleet page', 'ja');
    await screenshot(page, 'hub-fleet-ja', FLEET_PER_RUN);
  });

  test('a refused request says why in Japanese, not in the hub’s English', async () => {
    await page.getByLabel('店舗', { exact: true }).fill('渋谷店');
    await page.getByLabel('端末名').fill('   ');
    await page.getByRole('button', { name: '登録コードを発行' }).click();
    const alert = page.getByRole('alert').filter({ hasText: '店舗名と端末名（それぞれ1〜80文字）' });
    await alert.waitFor();
    assert.doesNotMatch(await alert.innerText(), /Give a store/);
    assert.equal(
      await page.getByLabel('店舗', { exact: true }).inputValue(),
      '渋谷店',
      'what was typed stays',
    );
  });

  test('a store-sharing change the hub refuses says so in Japanese, and the box stays as it was', async () => {
    // Revoked behind the page's back (another admin): the page still offers the box.
    await hub.stations.revoke(till.id);
    const row = page.locator('tr[data-station-id]', { hasText: 'レジ2' });
    const box = row.getByRole('checkbox', { name: '店舗の本人確認をすべて参照' });
    assert.equal(await box.isChecked(), false);
    await box.click();
    await row
      .getByRole('alert')
      .filter({ hasText: 'この端末は見つからないか、すでに無効化されています。' })
      .waitFor();
    assert.equal(await box.isChecked(), false, 'not shown as changed');
    const [stored] = await db.query<{ share_store: boolean }>(
      'SELECT share_store FROM stations WHERE id = $1',
      [till.id],
    );
    assert.equal(stored?.share_store, false);
    await row.getByText('無効化済み').waitFor(); // the row then shows what the hub holds
  });

  test('the language switch changes the page at once and outlasts a reload', async () => {
    await page.getByLabel('表示言語').selectOption('en');
    await page.getByRole('heading', { name: 'Countersign Hub — fleet' }).waitFor();
    assert.equal(await htmlLang(), 'en');
    // An error already shown is re-worded, not left in the other language.
    await page.getByRole('alert').filter({ hasText: 'No such station, or it is already revoked.' }).waitFor();
    await page.reload();
    await page.locator('tr[data-station-id]').first().waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.deepEqual(await headings(), [
      'Countersign Hub — fleet',
      'Alerts',
      'Verifications',
      'New station',
      'Stations',
      'Station policy',
      'A station’s policy in force',
      'Staff',
      'Redactions at Stripe',
      'Sessions by store',
      'Find sessions',
      'Audit trail',
    ]);
    assert.equal(await page.locator('header').getByLabel('Language').inputValue(), 'en');
    assert.ok(await page.getByText('2 stations enrolled.').isVisible());
    await showStaff('Staff of the store');
    await axe('fleet page', 'en');
    await screenshot(page, 'hub-fleet-en', FLEET_PER_RUN);

    await page.locator('header').getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { name: 'Countersign Hub — 端末管理' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Countersign Hub — 端末管理' }).waitFor();
    assert.equal(await htmlLang(), 'ja');
  });

  test('a language picked on the sign-in page carries on into the page', async () => {
    await page.evaluate('localStorage.clear()');
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByLabel('管理者パスワード').waitFor();
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByLabel('Admin password').fill(FLEET_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Countersign Hub — fleet' }).waitFor();
    assert.equal(new URL(page.url()).search, '', 'the pick is kept, not left in the address');
    await page.reload();
    await page.getByRole('heading', { name: 'Countersign Hub — fleet' }).waitFor();
    assert.equal(await htmlLang(), 'en', 'kept over the browser’s Japanese');
  });

  test('no console error under the CSP', () => {
    assert.deepEqual(
      // Refusals the tests asked for (a wrong password, a bad request, the revoked station's
      // share-store) show as failed loads, and so does Chromium's ask for a /favicon.ico.
      pageErrors.filter(
        (e) => !/status of 40[01]/.test(e) && !/status of 404.*(\/share-store|\/favicon\.ico)\)$/.test(e),
      ),
      [],
    );
  });
});
