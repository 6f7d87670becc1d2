/**
 * Dates, times, numbers and plurals follow the page's language: `Intl` with `currentLocale()`,
 * ICU plurals from the catalogues. The same moment and counts read in English and in Japanese.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  applyLanguage,
  currentLanguage,
  currentLocale,
  i18n,
  setWindowCatalogues,
} from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import {
  eventLabel,
  formatCount,
  formatDateTime,
  statusLabel,
} from '../../../../renderer/src/staff/status-text.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

// Noon UTC: the same calendar day in every time zone the tests may run in.
const NOON = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('the page language drives Intl and ICU', () => {
  after(() => applyLanguage('en'));

  it('English: en-GB dates, grouped numbers, plural forms', async () => {
    await applyLanguage('en');
    assert.equal(currentLanguage(), 'en');
    assert.equal(currentLocale(), 'en-GB');
    assert.match(formatDateTime(NOON), /^1 Dec 2026/);
    assert.equal(formatCount(12345), '12,345');
    assert.equal(i18n.t('staff:statusbar.queued', { count: 0 }), 'Nothing queued');
    assert.equal(i18n.t('staff:statusbar.queued', { count: 1 }), '1 queued');
    assert.equal(i18n.t('staff:statusbar.queued', { count: 1200 }), '1,200 queued');
    assert.equal(statusLabel('verified'), 'Verified');
    assert.equal(eventLabel('identity.verification_session.processing'), 'Submitted, checking');
    assert.equal(eventLabel('attempt_2'), 'Attempt 2');
  });

  it('Japanese: ja-JP dates with 年月日, counts with 件, the same facts', async () => {
    await applyLanguage('ja');
    assert.equal(currentLanguage(), 'ja');
    assert.equal(currentLocale(), 'ja-JP');
    assert.match(formatDateTime(NOON), /^2026年12月1日/);
    assert.equal(formatCount(12345), '12,345');
    assert.equal(i18n.t('staff:statusbar.queued', { count: 0 }), '送信待ちなし');
    assert.equal(i18n.t('staff:statusbar.queued', { count: 3 }), '送信待ち3件');
    assert.equal(statusLabel('verified'), '確認済み');
    assert.equal(eventLabel('identity.verification_session.processing'), '提出済み・確認中');
    assert.equal(eventLabel('attempt_2'), '2回目の試行');
    // A step this release has no words for is still shown, by its own name.
    assert.equal(eventLabel('something_new'), 'something new');
  });
});
