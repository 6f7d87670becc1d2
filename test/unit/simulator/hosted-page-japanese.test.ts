/**
 * The simulator's hosted page in Japanese (main/simulator/hosted-page-text.ts) follows
 * docs/glossary-ja.md like the app's catalogues: no rejected variant, no Latin punctuation after
 * Japanese, no space between Japanese and Latin (test/support/japanese-style.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTED_TEXT } from '../../../main/simulator/hosted-page-text.ts';
import { styleProblems } from '../../support/japanese-style.ts';

function strings(value: unknown, prefix: string): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => strings(v, `${prefix}.${k}`));
}

test('the hosted page’s Japanese follows the glossary and the style', () => {
  const ja = strings(HOSTED_TEXT.ja, 'ja');
  assert.ok(ja.length > 40, `only ${ja.length} strings`);
  // The intro surrounds the session id: said as one sentence, as the page shows it.
  const intro = `${HOSTED_TEXT.ja.intro[0]}vs_1${HOSTED_TEXT.ja.intro[1]}`;
  const failures = [...ja, ['ja.intro (as shown)', intro] as [string, string]].flatMap(([where, text]) =>
    styleProblems(text).map((p) => `${where}: ${p}\n    ${text}`),
  );
  assert.deepEqual(failures, [], failures.join('\n'));
});
