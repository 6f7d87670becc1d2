/**
 * Every Japanese string reads as written in Japan, by docs/glossary-ja.md (the one list): the
 * renderer's catalogues (renderer/src/shared/i18n/locales/ja/), the fleet page's words
 * (hub/fleet/src/messages.ts, its functions called with Latin stand-ins for their values) and the
 * History CSV's column names. Each string is refused for
 * - a rejected variant from the glossary's table (one inside the chosen term, as セッション inside
 *   確認セッション, is the term itself, not a variant),
 * - Latin punctuation right after a kana or kanji (`:` `.` `(` `,` `!` `?`),
 * - a space between Japanese and Latin letters or digits, in either order (a placeholder `{x}`
 *   and a plural's `#` count as Latin): the catalogue writes them together, one style everywhere.
 * The checks themselves are tested on known-bad strings, so an empty catalogue cannot pass them.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CSV_COLUMN_NAMES } from '../../../../main/core/records/index.ts';
import { MESSAGES } from '../../../../hub/fleet/src/messages.ts';
import { POLICY_WORDS } from '../../../../hub/fleet/src/policy-messages.ts';
import { PICTURE_MESSAGES } from '../../../../hub/fleet/src/messages-picture.ts';
import { AUDIT_WORDS } from '../../../../hub/fleet/src/messages-audit.ts';
import { STAFF_WORDS } from '../../../../hub/fleet/src/staff-messages.ts';
import { allCatalogues, NAMESPACES } from '../../../../renderer/src/shared/i18n/catalogues.ts';
import { styleProblems, TERMS } from '../../../support/japanese-style.ts';

function flatten(value: unknown, prefix: string): Array<[string, string]> {
  if (typeof value === 'string') return [[prefix, value]];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    flatten(v, prefix ? `${prefix}.${k}` : k),
  );
}

/** The fleet page's Japanese words; a function is said with Latin stand-ins for its values. */
function fleetStrings(value: unknown, prefix: string): Array<[string, string]> {
  if (typeof value === 'function') {
    const stand_ins = Array.from({ length: value.length }, (_, i) => `Ab${i + 2}`);
    return [[`${prefix}()`, String((value as (...args: string[]) => unknown)(...stand_ins))]];
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      fleetStrings(v, prefix ? `${prefix}.${k}` : k),
    );
  }
  return typeof value === 'string' ? [[prefix, value]] : [];
}

/** Every catalogue of the fleet page, by its file name (a test below keeps this list complete). */
const FLEET_CATALOGUES: Record<string, { ja: unknown }> = {
  'messages.ts': MESSAGES,
  'policy-messages.ts': POLICY_WORDS,
  'messages-picture.ts': PICTURE_MESSAGES,
  'messages-audit.ts': AUDIT_WORDS,
  'staff-messages.ts': STAFF_WORDS,
};

async function everyJapaneseString(): Promise<Array<[string, string]>> {
  const catalogues = await allCatalogues();
  return [
    ...NAMESPACES.flatMap((ns) => flatten(catalogues.ja[ns], `ja/${ns}.json `)),
    ...Object.entries(FLEET_CATALOGUES).flatMap(([file, words]) =>
      fleetStrings(words.ja, `hub/fleet/src/${file} ja.`),
    ),
    ...flatten(CSV_COLUMN_NAMES.ja, 'csv-columns.ts ja.'),
  ];
}

describe('Japanese style (docs/glossary-ja.md)', () => {
  it('the glossary has terms, each with its variants, and no term is another term’s variant', () => {
    assert.ok(TERMS.length >= 20, `only ${TERMS.length} terms read from the glossary`);
    assert.ok(TERMS.some((t) => t.term === 'スタッフ' && t.rejected.includes('係員')));
    const chosen = new Set(TERMS.map((t) => t.term));
    for (const { rejected } of TERMS)
      for (const v of rejected) assert.ok(!chosen.has(v), `${v} is chosen and rejected`);
  });

  it('the checks catch what they are for', () => {
    assert.deepEqual(styleProblems('係員をお呼びください。').length, 1);
    assert.deepEqual(styleProblems('スタッフをお呼びください。'), []);
    assert.deepEqual(styleProblems('確認セッションが見つかりません。'), []); // セッション inside the term
    assert.equal(styleProblems('本人確認セッションが見つかりません。').length, 1);
    assert.equal(styleProblems('コンピュータに保存').length, 1);
    assert.deepEqual(styleProblems('コンピューターに保存'), []);
    assert.equal(styleProblems('いずれか1点:').length, 1);
    assert.equal(styleProblems('例: Asia/Tokyo').length, 1);
    assert.equal(styleProblems('不合格 (理由)').length, 1);
    assert.equal(styleProblems('{title}.').length, 0); // a placeholder alone: the code's business
    assert.equal(styleProblems('期限切れです.').length, 1);
    assert.equal(styleProblems('QR コード').length, 1);
    assert.equal(styleProblems('1 分').length, 1);
    assert.equal(styleProblems('{host} のハブ').length, 1);
    assert.equal(styleProblems('{wait} 分').length, 1);
    assert.equal(styleProblems('送信待ち #件').length, 1);
    assert.equal(styleProblems('“Order 7”を作成しました。').length, 1);
    assert.deepEqual(styleProblems('「Order 7」を作成しました。'), []);
    assert.deepEqual(styleProblems('QRコードを1分以内に{host}のハブで。例：Asia/Tokyo'), []);
    assert.deepEqual(styleProblems('Stripe Identityが対応していません'), []); // Latin–Latin spaces stay
  });

  it('reads every catalogue of the fleet page (each file named for its messages)', () => {
    const files = readdirSync(new URL('../../../../hub/fleet/src/', import.meta.url)).filter((f) =>
      /messages.*\.ts$/.test(f),
    );
    assert.deepEqual(files.sort(), Object.keys(FLEET_CATALOGUES).sort());
  });

  it('every Japanese string follows the glossary and the style', async () => {
    const strings = await everyJapaneseString();
    assert.ok(strings.length > 500, `only ${strings.length} Japanese strings found`);
    const failures = strings.flatMap(([where, text]) =>
      styleProblems(text).map((problem) => `${where}: ${problem}\n    ${text}`),
    );
    assert.deepEqual(failures, [], `${failures.length} problems:\n${failures.join('\n')}`);
  });
});
