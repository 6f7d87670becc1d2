/**
 * No English left hard-coded in the staff console's components: every JSX text node and every
 * attribute a person reads or hears (aria-label, alt, title, placeholder) comes from the
 * catalogues. Parsed with TypeScript's own parser, so a string in a comment or a class name does
 * not count, and text split over lines does.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../../renderer/src/', import.meta.url));
const READ_ATTRIBUTES = new Set(['aria-label', 'alt', 'title', 'placeholder', 'aria-description']);
/** Letters a person would read as words; punctuation, digits and separators like " · " are not. */
const WORDS = /[A-Za-z]{2,}/;

/** The text a person reads that is written straight into the JSX of this source. */
function hardCodedText(source: string, fileName = 'x.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) found.push(node.text.trim());
    if (
      ts.isJsxAttribute(node) &&
      READ_ATTRIBUTES.has(node.name.getText(file)) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      WORDS.test(node.initializer.text)
    ) {
      found.push(`${node.name.getText(file)}="${node.initializer.text}"`);
    }
    // A string literal as a JSX child: {'Loading…'}.
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteral(node.expression)) {
      if (WORDS.test(node.expression.text)) found.push(node.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The console's components and the shared ones it shows. */
const STAFF_FILES = ['staff', 'shared'].flatMap((dir) =>
  readdirSync(join(SRC, dir))
    .filter((f) => f.endsWith('.tsx'))
    .map((f) => join(dir, f)),
);

describe('no hard-coded UI text in the staff console', () => {
  for (const file of STAFF_FILES) {
    it(`${file}: every word a person reads comes from the catalogues`, () => {
      assert.deepEqual(hardCodedText(readFileSync(join(SRC, file), 'utf8'), file), []);
    });
  }

  it('the scan finds text nodes, spoken attributes and literal children, and nothing else', () => {
    const found = hardCodedText(
      `const a = <p className="note">Hello there <b>{t('x')}</b> · {'Loading…'} <img alt="A QR code" src="x" data-testid="qr" /></p>;`,
    );
    assert.deepEqual(found, ['Hello there', 'Loading…', 'alt="A QR code"']);
    assert.deepEqual(hardCodedText(`const b = <p>{t('y')} · {n} ({m})</p>;`), []);
  });
});
