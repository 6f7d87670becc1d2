/**
 * What every tracked text file must not hold: a merge's conflict markers (one was once left in
 * the README by a merge that otherwise went through), or a path of the machine the project was
 * built on — the project speaks of itself alone.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

// Written so that this file does not match itself.
const MARKER = new RegExp(`^(${'<'.repeat(7)} |${'='.repeat(7)}$|${'>'.repeat(7)} )`, 'm');
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

  it('the patterns catch what they are for', () => {
    assert.ok(MARKER.test(`text\n${'<'.repeat(7)} HEAD\nmore`));
    assert.ok(MARKER.test(`a\n${'='.repeat(7)}\nb`));
    assert.ok(!MARKER.test('a\n========\nb'), 'a longer rule of = is Markdown, not a marker');
    assert.ok(MACHINE_PATH.test(`see /${'work'}/main/src`));
    assert.ok(!MACHINE_PATH.test(`https://example.com/${'work'}/items`), 'a url path is not a folder');
  });
});
