// The core and the simulator run in plain Node (tests, CLI, harness), so they must never load
// Electron. ESLint has the same rule, but only for the files it is pointed at and only for
// static imports; this scans every source file's text, dynamic import() and require included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED_DIRS = ['main/core', 'main/simulator'];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

// A module specifier naming electron (or a subpath such as electron/main) or electron-store,
// in any quote, after `from`, a bare `import`, `import(` or `require(`, whitespace and newlines
// allowed anywhere between. electron-builder, electronic... do not match.
const FORBIDDEN_IMPORT =
  /(?:\bfrom|\bimport|\bimport\s*\(|\brequire\s*\()\s*(['"`])(electron(?:\/[^'"`\s]*)?|electron-store)\1/g;

/** Each forbidden module a source text loads, with its line number. */
function findElectronImports(text: string): Array<{ line: number; module: string }> {
  const found: Array<{ line: number; module: string }> = [];
  for (const match of text.matchAll(FORBIDDEN_IMPORT)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ line, module: match[2] ?? '' });
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out; // a directory nobody has created yet has nothing to check
  }
  for (const name of names) {
    if (name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (SOURCE.test(name)) out.push(full);
  }
  return out;
}

describe('process boundaries', () => {
  test('nothing in main/core or main/simulator loads electron or electron-store', () => {
    const files = SCANNED_DIRS.flatMap((dir) => sourceFiles(join(root, dir)));
    assert.ok(
      files.some((f) => relative(root, f) === join('main', 'core', 'errors.ts')),
      'the scan sees the core',
    );
    const offenders = files.flatMap((file) =>
      findElectronImports(readFileSync(file, 'utf8')).map(
        ({ line, module }) => `${relative(root, file)}:${line} loads ${module}`,
      ),
    );
    assert.deepEqual(offenders, [], 'the core and the simulator run without Electron');
  });

  test('the scanner catches every way of loading electron', () => {
    const fixtures = [
      `import { app } from 'electron';`,
      `import {app} from "electron"`,
      'import { app } from `electron`;',
      `import electron from 'electron/main';`,
      `import type { BrowserWindow } from 'electron';`,
      `import * as e from 'electron'`,
      `import 'electron';`,
      `import"electron"`,
      `import {\n  app,\n  BrowserWindow,\n} from\n  'electron';`,
      `export { app } from 'electron';`,
      `export * from "electron";`,
      `const e = await import('electron');`,
      `const e = await import ( "electron" );`,
      `const e = await import(\n  'electron'\n);`,
      `const e = require('electron');`,
      `const e = require ( 'electron' )`,
      `const { ipcRenderer } = require("electron/renderer");`,
      `import Store from 'electron-store';`,
      `const Store = (await import("electron-store")).default;`,
      `const Store = require('electron-store');`,
    ];
    for (const fixture of fixtures) {
      assert.equal(findElectronImports(fixture).length, 1, fixture);
    }
    const text = `// header\nimport { z } from 'zod';\n\nimport { app } from 'electron';\n`;
    assert.deepEqual(findElectronImports(text), [{ line: 4, module: 'electron' }]);
  });

  test('the scanner leaves other modules and mere mentions alone', () => {
    const fixtures = [
      `import { build } from 'electron-builder';`,
      `import x from 'electronic';`,
      `import x from './electron';`,
      `import x from '../shell/electron-store-adapter';`,
      `// conf and electron-store both satisfy this interface`,
      `const name = 'electron';`,
      `myrequire('electron');`,
      `const reimport = 'electron';`,
    ];
    for (const fixture of fixtures) {
      assert.deepEqual(findElectronImports(fixture), [], fixture);
    }
  });
});
