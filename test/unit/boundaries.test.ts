// The core and the simulator run in plain Node (tests, CLI, harness), so they must never load
// Electron. ESLint has the same rule, but only for the files it is pointed at and only for
// static imports; this scans every source file's text, dynamic import() and require included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED_DIRS = ['main/core', 'main/simulator', 'contract'];
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

// Every relative module specifier a source text names (static, dynamic, require, re-export).
const RELATIVE_IMPORT = /(?:\bfrom|\bimport|\bimport\s*\(|\brequire\s*\()\s*(['"`])(\.{1,2}\/[^'"`\s]+)\1/g;

/** Where each file's relative imports lead, as paths from the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(RELATIVE_IMPORT)].map((m) => relative(root, join(dirname(file), m[2] ?? '')));
}

/** Files under `from` that import anything under one of `forbidden`. */
function crossings(from: string, forbidden: readonly string[]): string[] {
  return sourceFiles(join(root, from)).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.some((dir) => target === dir || target.startsWith(`${dir}/`)))
      .map((target) => `${relative(root, file)} imports ${target}`),
  );
}

describe('layers point one way', () => {
  test('contract/ imports nothing from main/, renderer/ or preload/', () => {
    assert.ok(sourceFiles(join(root, 'contract')).length > 3, 'the scan sees the contract');
    assert.deepEqual(crossings('contract', ['main', 'renderer', 'preload']), []);
  });

  test('main/core imports neither the simulator nor the shell, preload or renderer', () => {
    assert.deepEqual(crossings('main/core', ['main/simulator', 'main/shell', 'preload', 'renderer']), []);
  });

  test('the renderer shares only the contract with main', () => {
    assert.deepEqual(crossings('renderer', ['main', 'preload']), []);
  });

  test('the crossing check finds an import that breaks the rule', () => {
    const file = join(root, 'contract', 'ipc.ts');
    assert.ok(importsOf(file).includes('contract/errors.ts'));
    const fake = importsOf(file).map((t) => t.replace(/^contract\//, 'main/core/'));
    assert.ok(
      fake.some((t) => t.startsWith('main/')),
      'a rewritten import would be caught',
    );
  });
});

describe('process boundaries', () => {
  test('nothing in main/core or main/simulator loads electron or electron-store', () => {
    const files = SCANNED_DIRS.flatMap((dir) => sourceFiles(join(root, dir)));
    assert.ok(
      files.some((f) => relative(root, f) === join('main', 'core', 'app-core.ts')),
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
