/**
 * No punctuation or separator written into the JSX of a window or the fleet page: a sentence's
 * period, a label's colon, the brackets around a count and the separators between facts differ
 * by language (。：（）・ in Japanese, docs/glossary-ja.md), so they belong in the catalogue with
 * the words. A JSX text node or a literal child made only of punctuation (`·`, `(`, `)`, `:`
 * between two `{t(…)}`) is refused. Parsed with TypeScript's own parser, so a comment, a class
 * name or an id's template does not count.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Text that is only punctuation and spaces, with at least one punctuation mark. */
const PUNCTUATION_ONLY =
  /^[\s·•|/:;,.!?()（）、。・：—–-]*[·•|:;,.!?()（）、。・：—–][\s·•|/:;,.!?()（）、。・：—–-]*$/;

function punctuationInJsx(source: string, fileName = 'x.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && node.text.trim() !== '' && PUNCTUATION_ONLY.test(node.text)) {
      found.push(JSON.stringify(node.text.trim()));
    }
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression)) {
      const text = node.expression.text;
      if (text.trim() !== '' && PUNCTUATION_ONLY.test(text)) found.push(JSON.stringify(text));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

const tsxFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
const FILES = [...tsxFiles(join(ROOT, 'renderer/src')), ...tsxFiles(join(ROOT, 'hub/fleet/src'))];

describe('no punctuation written into the JSX', () => {
  it('the scan finds separators and brackets between expressions, and nothing else', () => {
    assert.deepEqual(punctuationInJsx(`const a = <p>{t('a')} · {t('b')} ({n})<code>{id}</code>{'.'}</p>;`), [
      '"·"',
      '"("',
      '")"',
      '"."',
    ]);
    assert.deepEqual(
      punctuationInJsx(`const b = <p className="a-b">{t('a')}{t('sep')}{n} {m}</p>; // · (x)`),
      [],
    );
  });

  for (const path of FILES) {
    const file = relative(ROOT, path);
    it(`${file}: its punctuation comes from the catalogue`, () => {
      assert.deepEqual(punctuationInJsx(readFileSync(path, 'utf8'), file), []);
    });
  }
});
