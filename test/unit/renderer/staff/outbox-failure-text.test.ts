/**
 * A queued creation refused for good, as staff read it: the title says why from the error's
 * code in the console's language; Stripe's English reason is shown to an English console only,
 * so a Japanese one reads Japanese throughout.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { describeError } from '../../../../renderer/src/staff/error-text.ts';
import { applyLanguage, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import { queuedFailure } from '../../../../renderer/src/staff/outbox-failure-text.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

const refused = {
  reference: 'Order 7',
  code: 'stripe_invalid_request',
  message: 'Stripe refused the request: return_url is invalid',
};

describe('a queued creation refused for good', () => {
  after(() => applyLanguage('en'));

  it('en: titled by its code, with the reason', async () => {
    await applyLanguage('en');
    const shown = describeError(queuedFailure(refused));
    assert.equal(shown.title, 'Stripe refused the request');
    assert.match(
      shown.message,
      /“Order 7” could not be created: Stripe refused the request: return_url is invalid/,
    );
    assert.equal(
      describeError(queuedFailure({ ...refused, code: 'internal' })).title,
      'Something went wrong',
    );
  });

  it('ja: titled by its code in Japanese, no English reason', async () => {
    await applyLanguage('ja');
    const shown = describeError(queuedFailure(refused));
    assert.equal(shown.title, 'Stripeがリクエストを拒否しました');
    assert.equal(shown.message, '送信待ちの本人確認「Order 7」を作成できませんでした。');
    assert.equal(describeError(queuedFailure({ ...refused, code: 'internal' })).title, '問題が発生しました');
  });

  it('an unknown or missing code reads as an unexpected problem', async () => {
    await applyLanguage('ja');
    for (const code of [null, 'not_a_code']) {
      assert.equal(describeError(queuedFailure({ ...refused, code })).title, '問題が発生しました');
    }
  });
});
