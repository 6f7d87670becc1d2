// The renderer is sorted by window: staff/ (the console), customer/ (the customer screen and the
// kiosk) and shared/ (what both use: the call to main, the words, error reporting). A window may
// import shared/ and contract/, never the other window; shared/ imports neither window. This scans
// every source file's text (static imports, re-exports, dynamic import() and CSS @import).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(root, 'renderer/src');
const PARTS = ['staff', 'customer', 'shared'] as const;
type Part = (typeof PARTS)[number];

/** What each part may not import (besides itself, it may import shared/, contract/ and packages). */
const FORBIDDEN: Record<Part, readonly Part[]> = {
  staff: ['customer'],
  customer: ['staff'],
  shared: ['staff', 'customer'],
};

const RELATIVE_IMPORT =
  /(?:\bfrom|\bimport|\bimport\s*\(|@import(?:\s+url\()?)\s*(['"`])(\.{1,2}\/[^'"`\s]+)\1/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|css)$/.test(entry.name) ? [full] : [];
  });
}

/** The relative imports of a source text, resolved from `file`, as paths under renderer/src. */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(RELATIVE_IMPORT)].map((m) => relative(SRC, join(dirname(file), m[2] ?? '')));
}

function partOf(pathInSrc: string): Part | null {
  const first = pathInSrc.split('/')[0];
  return PARTS.find((p) => p === first) ?? null;
}

function crossings(file: string, text: string): string[] {
  const from = partOf(relative(SRC, file));
  if (from === null) return [];
  return importsOf(file, text)
    .filter((target) => {
      const to = partOf(target);
      return to !== null && FORBIDDEN[from].includes(to);
    })
    .map((target) => `${relative(root, file)} imports renderer/src/${target}`);
}

describe('renderer: sorted by window', () => {
  test('staff/ and customer/ never import each other; shared/ imports neither', () => {
    const found = sourceFiles(SRC).flatMap((file) => crossings(file, readFileSync(file, 'utf8')));
    assert.deepEqual(found, []);
  });

  test('every module lives in one of the three: nothing at the root of renderer/src', () => {
    const stray = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => !(entry.isDirectory() && (PARTS as readonly string[]).includes(entry.name)))
      .map((entry) => entry.name);
    assert.deepEqual(stray, []);
  });

  test('the scan sees each form an import takes', () => {
    const staffFile = join(SRC, 'staff/X.tsx');
    const sharedFile = join(SRC, 'shared/x.ts');
    assert.equal(crossings(staffFile, `import { A } from '../customer/A.tsx';`).length, 1);
    assert.equal(crossings(staffFile, `export { A } from "../customer/a.ts";`).length, 1);
    assert.equal(crossings(staffFile, `const m = import(\n  '../customer/a.ts');`).length, 1);
    assert.equal(crossings(join(SRC, 'shared/x.css'), `@import '../staff/staff.css';`).length, 1);
    assert.equal(crossings(sharedFile, `import { B } from '../customer/b.ts';`).length, 1);
    assert.equal(crossings(sharedFile, `import { B } from './b.ts';`).length, 0);
    assert.equal(crossings(staffFile, `import { B } from '../shared/b.ts';`).length, 0);
    assert.equal(crossings(staffFile, `import type { C } from '../../../contract/ipc.ts';`).length, 0);
  });
});
