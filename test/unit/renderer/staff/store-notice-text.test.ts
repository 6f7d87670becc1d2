/**
 * The core's store notices cross as a code with params (contract/notices.ts), and the staff
 * window says every one of them in every language, its params put in: no code falls through to
 * a key, a raw param or English on a Japanese console. The schema holds each code to exactly its
 * own params.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LANGUAGES } from '../../../../contract/languages.ts';
import {
  NOTICE_PARAMS,
  NOTICE_STORES,
  STORE_NOTICE_CODES,
  storeNoticeSchema,
  type StoreNotice,
  type StoreNoticeCode,
} from '../../../../contract/notices.ts';
import { applyLanguage, i18n, setWindowCatalogues } from '../../../../renderer/src/shared/i18n/index.ts';
import { NAMESPACES, windowCatalogues } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import {
  NOTICE_STORE_LABEL_KEYS,
  storeNoticeText,
} from '../../../../renderer/src/staff/store-notice-text.ts';

// The words come from the catalogues (all of them here), fetched by language as a window does.
setWindowCatalogues(windowCatalogues(NAMESPACES));
await applyLanguage('en');

/**
 * Every notice a code can carry: each kind of file for a notice about one, a count of one and of
 * several for a count. A param this does not know leaves `{}`, which the schema refuses: a new
 * param must be added here, and so gets its text checked.
 */
function examples(code: StoreNoticeCode): StoreNotice[] {
  const shape = NOTICE_PARAMS[code].shape as Record<string, unknown>;
  const params: Array<Record<string, unknown>> =
    'store' in shape
      ? NOTICE_STORES.map((store) => ({ store }))
      : 'files' in shape
        ? [{ files: 1 }, { files: 7 }]
        : 'seq' in shape
          ? [{ seq: 12 }]
          : [{}];
  return params.map((p) => storeNoticeSchema.parse({ code, params: p }));
}

/** Names that stay as they are in every language. */
const SAME_IN_EVERY_LANGUAGE = /Countersign|Stripe/g;

describe('store notices in the staff window', () => {
  after(() => applyLanguage('en'));

  for (const language of LANGUAGES) {
    it(`${language}: every code has its own text, with its params put in`, async () => {
      await applyLanguage(language);
      const byCode = new Map<string, string>();
      for (const code of STORE_NOTICE_CODES) {
        const texts = examples(code).map((notice) => {
          const text = storeNoticeText(notice);
          // Said, not shown as a key, an ICU argument or a machine code.
          assert.doesNotMatch(text, /[{}_]|store_notice/, `${language} ${code}: ${text}`);
          assert.ok(text.length > 20 && text.length < 300, `${language} ${code}: ${text}`);
          if ('store' in notice.params) {
            const label = i18n.t(NOTICE_STORE_LABEL_KEYS[notice.params.store]);
            assert.ok(text.includes(label), `${language} ${code}: "${label}" is named in ${text}`);
          }
          if ('files' in notice.params) {
            assert.ok(
              text.includes(String(notice.params.files)),
              `${language} ${code}: the count in ${text}`,
            );
          }
          if (language === 'ja') {
            const latin = text.replace(SAME_IN_EVERY_LANGUAGE, ' ').match(/[A-Za-z]{2,}/g);
            assert.equal(latin, null, `ja ${code}: no English in ${text}`);
            // Concise, polite staff Japanese: every sentence ends in です/ます form.
            for (const sentence of text.split('。').filter((s) => s.trim() !== '')) {
              assert.match(sentence, /(ます|ました|ません|でした|です|ください)$/, `ja ${code}: ${sentence}`);
            }
          }
          return text;
        });
        // A notice about a file names which one: each kind of file reads differently.
        assert.equal(new Set(texts).size, texts.length, `${language} ${code}: ${texts.join(' | ')}`);
        byCode.set(code, texts[0]!);
      }
      assert.equal(new Set(byCode.values()).size, STORE_NOTICE_CODES.length, 'no two codes say the same');
    });
  }

  it('en: a count of one and of several read right', async () => {
    await applyLanguage('en');
    assert.match(
      storeNoticeText({ code: 'catalogue_rebuilt', params: { files: 1 } }),
      /the 1 history file found/,
    );
    assert.match(
      storeNoticeText({ code: 'catalogue_rebuilt', params: { files: 7 } }),
      /the 7 history files found/,
    );
  });

  it('a notice follows a change of language', async () => {
    const notice: StoreNotice = { code: 'store_restored', params: { store: 'history' } };
    await applyLanguage('ja');
    assert.equal(
      storeNoticeText(notice),
      '履歴ファイルが破損していたため、最後の正常なバックアップから復元しました。最近の本人確認が一覧にあるか確認してください。',
    );
    await applyLanguage('en');
    assert.match(storeNoticeText(notice), /^The history file was damaged/);
  });

  it('the schema holds each code to exactly its own params', async () => {
    const refused: unknown[] = [
      { code: 'store_restored', params: {} },
      { code: 'store_restored', params: { store: 'history-00012' } },
      { code: 'store_restored', params: { store: 'history', files: 2 } },
      { code: 'disk_full', params: { store: 'history' } },
      { code: 'catalogue_rebuilt', params: { files: '3' } },
      { code: 'catalogue_rebuilt', params: { files: -1 } },
      { code: 'disk_full' },
      { code: 'nope', params: {} },
      'The disk is full.',
    ];
    for (const value of refused) {
      assert.equal(storeNoticeSchema.safeParse(value).success, false, JSON.stringify(value));
    }
    assert.deepEqual(storeNoticeSchema.parse({ code: 'disk_full', params: {} }), {
      code: 'disk_full',
      params: {},
    });
  });
});
