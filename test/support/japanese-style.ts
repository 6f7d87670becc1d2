/**
 * The Japanese style checks of docs/glossary-ja.md, for the tests that hold Japanese text to it
 * (test/unit/renderer/shared/i18n-japanese-style.test.ts: the catalogues, the fleet page, the CSV;
 * test/unit/simulator/hosted-page-japanese.test.ts: the simulator's hosted page): the glossary's
 * rejected variants, Latin punctuation right after kana or kanji, and a space between Japanese
 * and Latin letters or digits.
 */
import { readFileSync } from 'node:fs';

const GLOSSARY = readFileSync(new URL('../../docs/glossary-ja.md', import.meta.url), 'utf8');

export interface Term {
  term: string;
  rejected: string[];
}

/** The glossary's "Terms" table: the chosen term (column 2) and its rejected variants (column 3). */
export function glossaryTerms(markdown: string): Term[] {
  const section = markdown.split(/^## Terms$/m)[1]?.split(/^## /m)[0] ?? '';
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) => line.split('|').slice(1, -1))
    .filter((cells) => cells.length >= 3 && ticked(cells[1]!).length > 0)
    .map((cells) => ({ term: ticked(cells[1]!)[0]!, rejected: ticked(cells[2]!) }));
}

export const TERMS = glossaryTerms(GLOSSARY);

/** Kana, kanji, the prolonged sound mark and 々. */
const KANA_KANJI = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\u3005';
/** Japanese text for spacing: kana and kanji, Japanese punctuation and full-width forms. */
const JAPANESE = `${KANA_KANJI}\\u3000-\\u303f\\uff00-\\uffef`;
const LATIN_PUNCTUATION_AFTER_JAPANESE = new RegExp(`[${KANA_KANJI}] *[:.(,!?]`, 'u');
const SPACE_JAPANESE_LATIN = new RegExp(`[${JAPANESE}] +[A-Za-z0-9{#]|[A-Za-z0-9}#] +[${JAPANESE}]`, 'u');

/** What is wrong with one Japanese string: an empty list when nothing is. */
export function styleProblems(text: string, terms: readonly Term[] = TERMS): string[] {
  const problems: string[] = [];
  // Where each chosen term stands: a rejected variant inside one of these is the term itself.
  const covered: Array<[number, number]> = [];
  for (const { term } of terms) {
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
      covered.push([at, at + term.length]);
    }
  }
  for (const { term, rejected } of terms) {
    for (const variant of rejected) {
      for (let at = text.indexOf(variant); at !== -1; at = text.indexOf(variant, at + 1)) {
        const inside = covered.some(
          ([from, to]) => from <= at && at + variant.length <= to && to - from > variant.length,
        );
        if (!inside)
          problems.push(`「${variant}」 is a rejected variant: the glossary's word is 「${term}」`);
      }
    }
  }
  const punctuation = LATIN_PUNCTUATION_AFTER_JAPANESE.exec(text);
  if (punctuation) problems.push(`Latin punctuation after Japanese: "${punctuation[0]}" (use 、。：（ ！？)`);
  const quote = new RegExp(`[${KANA_KANJI}].*["“”‘’]|["“”‘’].*[${KANA_KANJI}]`, 'u').exec(text);
  if (quote) problems.push('Latin quotation marks in Japanese text (use 「」)');
  const space = SPACE_JAPANESE_LATIN.exec(text);
  if (space) problems.push(`a space between Japanese and Latin: "${space[0]}" (write them together)`);
  return problems;
}
