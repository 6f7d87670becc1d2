/** Accept-Language for the hosted flow: the customer's language, on the hosted origin only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGUAGES } from '../../../contract/languages.ts';
import { acceptLanguageFor, hostedRequestHeaders } from '../../../main/shell/hosted-language.ts';

const HOSTED = 'https://verify.stripe.com';

test('each language the app speaks has its header; no choice leaves the browser’s', () => {
  assert.equal(acceptLanguageFor('ja'), 'ja-JP,ja;q=0.9');
  assert.equal(acceptLanguageFor('en'), 'en-GB,en;q=0.9');
  for (const language of LANGUAGES) assert.match(acceptLanguageFor(language) ?? '', /^[a-z]{2}-[A-Z]{2},/);
  assert.equal(acceptLanguageFor(null), null);
  assert.equal(acceptLanguageFor('fr' as never), null);
});

test('the hosted origin gets the customer’s language, replacing the browser’s in any case', () => {
  const sent = hostedRequestHeaders(
    `${HOSTED}/start/vs_123?x=1`,
    { 'accept-language': 'en-US,en;q=0.9', 'User-Agent': 'Chromium' },
    HOSTED,
    'ja',
  );
  assert.deepEqual(sent, { 'User-Agent': 'Chromium', 'Accept-Language': 'ja-JP,ja;q=0.9' });
});

test('other origins, look-alikes and the app’s own pages are left alone', () => {
  const headers = { 'Accept-Language': 'en-US' };
  for (const url of [
    'app://countersign/customer.html#/customer',
    'https://verify.stripe.com.evil.example/start',
    'http://verify.stripe.com/start',
    'https://api.stripe.com/v1/x',
    'not a url',
  ]) {
    assert.deepEqual(hostedRequestHeaders(url, headers, HOSTED, 'ja'), headers, url);
  }
  assert.deepEqual(hostedRequestHeaders(`${HOSTED}/x`, headers, HOSTED, null), headers);
  assert.deepEqual(hostedRequestHeaders(`${HOSTED}/x`, headers, null, 'ja'), headers);
  // A simulator on this machine is the hosted origin too, port included.
  assert.deepEqual(
    hostedRequestHeaders('http://127.0.0.1:4100/hosted/vs_1', {}, 'http://127.0.0.1:4100', 'en'),
    { 'Accept-Language': 'en-GB,en;q=0.9' },
  );
  assert.deepEqual(
    hostedRequestHeaders('http://127.0.0.1:4101/hosted/vs_1', {}, 'http://127.0.0.1:4100', 'en'),
    {},
  );
});
