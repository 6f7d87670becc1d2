/**
 * The fleet page's catalogue (hub/fleet/src/messages.ts): which language a browser gets from its
 * Accept-Language or navigator.languages, counts by Intl.PluralRules, and — checked by
 * `npm run typecheck`, which compiles this file — that a Japanese catalogue missing a key or
 * carrying an extra one is a type error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loginPage, signInLanguage } from '../../hub/src/fleet-page.ts';
import {
  MESSAGES,
  acceptedLanguages,
  pickLanguage,
  plural,
  type Messages,
} from '../../hub/fleet/src/messages.ts';

test('Accept-Language: best first by q, q=0 and * skipped, region ignored, English when none is spoken', () => {
  assert.deepEqual(acceptedLanguages('fr-CH, fr;q=0.9, ja;q=0.8, en;q=0.7, *;q=0.5'), [
    'fr-CH',
    'fr',
    'ja',
    'en',
  ]);
  assert.equal(pickLanguage(acceptedLanguages('fr-CH, fr;q=0.9, ja;q=0.8, en;q=0.7')), 'ja');
  assert.equal(pickLanguage(acceptedLanguages('en;q=0.5, ja-JP')), 'ja', 'by q, not by order');
  assert.equal(pickLanguage(acceptedLanguages('ja;q=0, de')), 'en', 'q=0 means not this one');
  assert.equal(pickLanguage(acceptedLanguages(undefined)), 'en');
  assert.equal(pickLanguage(['JA-jp']), 'ja');
  assert.equal(signInLanguage('en', 'ja-JP'), 'en', "the page's links win over the browser");
  assert.equal(signInLanguage('xx', 'ja-JP'), 'ja', 'an unknown pick is ignored');
});

test('counts follow each language’s plural rules and number format', () => {
  assert.equal(plural('en', 1, MESSAGES.en.stationCount), '1 station enrolled.');
  assert.equal(plural('en', 1200, MESSAGES.en.stationCount), '1,200 stations enrolled.');
  assert.equal(plural('ja', 1, MESSAGES.ja.stationCount), '登録済みの端末：1台');
  assert.equal(plural('ja', 1200, MESSAGES.ja.stationCount), '登録済みの端末：1,200台');
});

test('the sign-in page: its language on <html>, its words, escaped values, the pick carried on', () => {
  const ja = loginPage('ja', true, '"><x', 'wrong_password', true);
  assert.match(ja, /<html lang="ja">/);
  assert.match(ja, /管理者パスワード/);
  assert.match(ja, /role="alert">パスワードが正しくありません。</);
  assert.match(ja, /action="\/fleet\/login\?lang=ja"/);
  assert.ok(!ja.includes('"><x'), 'the token is escaped');
  const en = loginPage('en', false, 't', null, false);
  assert.match(en, /<html lang="en">/);
  assert.match(en, /action="\/fleet\/login"/, 'no pick, nothing carried');
  assert.match(en, /No admin password is set/);
});

test('a Japanese catalogue missing a key or with an extra one does not compile', () => {
  const { done: _done, ...missing } = MESSAGES.ja;
  // @ts-expect-error -- `done` is missing
  const withoutKey: Messages = missing;
  const withExtra: Messages = {
    ...MESSAGES.ja,
    // @ts-expect-error -- not a key of the English source
    doneAndDusted: '完了',
  };
  const nestedExtra: Messages['errors'] = {
    ...MESSAGES.ja.errors,
    // @ts-expect-error -- not an error code the hub sends
    teapot: '418',
  };
  // The proof is the compiler's (each line above must be an error); nothing to compare at run time.
  assert.ok(withoutKey && withExtra && nestedExtra);
});
