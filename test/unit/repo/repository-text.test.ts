/**
 * What every tracked text file must not hold: a merge's conflict markers (one was once left in
 * the README by a merge that otherwise went through), or a path of the machine the project was
 * built on — the project speaks of itself alone. And the docs name only files that exist: a
 * moved module leaves no stale path behind in README.md or docs/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const BINARY = /\.(png|jpe?g|gif|ico|icns|woff2?|ttf|pdf|zip|gz)$/i;

function trackedTextFiles(): Array<{ path: string; text: string }> {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((p) => p && !BINARY.test(p) && p !== 'package-lock.json');
  return paths.map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

// Written so that this file does not match itself. Prettier rewrites a `>>>>>>>` marker in
// Markdown as a nested quote (`> > > > > > > branch`), which must not slip through either.
const MARKER = new RegExp(
  `^(${'<'.repeat(7)} |${'='.repeat(7)}$|${'>'.repeat(7)} |${'> '.repeat(7)}\\S)`,
  'm',
);
// A path of the repository in backticks, as the docs write them.
const DOC_PATH =
  /`((?:base|contract|main|renderer|preload|hub|test|bench|scripts|docs|assets|security)\/[A-Za-z0-9_./-]*[A-Za-z0-9_/])`/g;
const MACHINE_PATH = new RegExp(`(^|[\\s"'\`(])/(${['work', 'root', 'home'].join('|')})/`, 'm');

describe('tracked text files', () => {
  const files = trackedTextFiles();

  it('are many (the scan reads the repository, not an empty list)', () => {
    assert.ok(files.length > 200, `only ${files.length} files`);
    assert.ok(files.some((f) => f.path === 'README.md'));
  });

  it('hold no merge conflict markers', () => {
    assert.deepEqual(
      files.filter((f) => MARKER.test(f.text)).map((f) => f.path),
      [],
    );
  });

  it('name no folder of the machine they were written on', () => {
    assert.deepEqual(
      files.filter((f) => MACHINE_PATH.test(f.text)).map((f) => f.path),
      [],
    );
  });

  it('the docs name only paths that exist (build output aside)', () => {
    const docs = files.filter((f) => f.path === 'README.md' || /^docs\/.*\.md$/.test(f.path));
    assert.ok(docs.length >= 5);
    const stale = docs.flatMap((f) =>
      [...f.text.matchAll(DOC_PATH)]
        .map((m) => m[1] ?? '')
        .filter((p) => !/[*<>{}]/.test(p) && !/(^|\/)(dist|out)\//.test(p) && !existsSync(join(root, p)))
        .map((p) => `${f.path}: ${p}`),
    );
    assert.deepEqual(stale, []);
  });

  it('the patterns catch what they are for', () => {
    assert.deepEqual(
      [...'see `main/core/gone.ts` and `docs/fleet.md`'.matchAll(DOC_PATH)].map((m) => m[1]),
      ['main/core/gone.ts', 'docs/fleet.md'],
    );
    assert.ok(MARKER.test(`text\n${'<'.repeat(7)} HEAD\nmore`));
    assert.ok(MARKER.test(`a\n${'='.repeat(7)}\nb`));
    assert.ok(!MARKER.test('a\n========\nb'), 'a longer rule of = is Markdown, not a marker');
    assert.ok(MARKER.test(`end\n${'> '.repeat(7)}a11y\n`), 'a marker Prettier turned into quotes');
    assert.ok(!MARKER.test('> > quoted twice\n'), 'a plain nested quote is not a marker');
    assert.ok(MACHINE_PATH.test(`see /${'work'}/main/src`));
    assert.ok(!MACHINE_PATH.test(`https://example.com/${'work'}/items`), 'a url path is not a folder');
  });
});
