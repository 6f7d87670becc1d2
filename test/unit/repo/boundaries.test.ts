// Where code may import from, over the whole tree: every relative import against the one table
// (scripts/import-rules.mjs, which ESLint also enforces), no import circle anywhere, and no
// Electron in the core or the simulator (they run in plain Node: tests, CLI, harness). ESLint
// sees only static imports of the files it is pointed at; this scans every source file's text,
// dynamic import() and require included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { CORE_ROOMS, importProblem } from '../../../scripts/import-rules.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const SCANNED_DIRS = ['base', 'main/core', 'main/simulator', 'contract'];
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
const RELATIVE_IMPORT =
  /(?:\bfrom|\bimport|\bimport\s*\(|\brequire\s*\(|@import(?:\s+url\()?)\s*(['"`])(\.{1,2}\/[^'"`\s]+)\1/g;

/** Where each file's relative imports lead, as paths from the project root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(RELATIVE_IMPORT)].map((m) =>
    posix(relative(root, join(dirname(file), m[2] ?? ''))),
  );
}

const posix = (p: string) => p.split(sep).join('/');

/** Stylesheets: their @import follows the same table (the windows' CSS is theirs too). */
function styleSheets(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (name === 'node_modules') return [];
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return styleSheets(full);
    return name.endsWith('.css') ? [full] : [];
  });
}

/** The whole tree's source files: every program, the tests, the bench and the scripts. */
const TREE = [
  'base',
  'contract',
  'main',
  'preload',
  'renderer',
  'hub/src',
  'hub/fleet',
  'test',
  'bench',
  'scripts',
];
function treeGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const dir of TREE) {
    for (const file of [...sourceFiles(join(root, dir)), ...styleSheets(join(root, dir))]) {
      const from = posix(relative(root, file));
      if (from.startsWith('test/fixtures/')) continue; // a stand-in package, not the project's code
      graph.set(from, importsOf(file));
    }
  }
  return graph;
}

/** The import circles of a graph (strongly connected parts with more than one file, or a self-import). */
function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

describe('the one table of allowed imports (scripts/import-rules.mjs)', () => {
  const graph = treeGraph();

  test('every import in the tree is an edge the table allows', () => {
    assert.ok(graph.size > 300, `the scan sees the tree (${graph.size} files)`);
    assert.ok(graph.has('main/core/app-core.ts') && graph.has('hub/src/server.ts'));
    const refused: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        const reason = importProblem(from, to);
        if (reason) refused.push(`${from} → ${to}: ${reason}`);
      }
    }
    assert.deepEqual(refused, []);
  });

  test('no import circle anywhere, inside rooms included', () => {
    assert.deepEqual(importCircles(graph), []);
  });

  test('no file at the root of main/core but the composition root and the door; every room has its door', () => {
    const rootFiles = readdirSync(join(root, 'main/core')).filter((n) => SOURCE.test(n));
    assert.deepEqual(rootFiles.sort(), ['app-core.ts', 'index.ts']);
    const rooms = readdirSync(join(root, 'main/core')).filter((n) =>
      statSync(join(root, 'main/core', n)).isDirectory(),
    );
    assert.deepEqual(rooms.sort(), Object.keys(CORE_ROOMS).sort(), 'each room is in the table');
    for (const room of rooms) assert.ok(graph.has(`main/core/${room}/index.ts`), `${room} has its door`);
  });

  test('the renderer is sorted by window: nothing at the root of renderer/src but the three parts', () => {
    assert.deepEqual(readdirSync(join(root, 'renderer/src')).sort(), ['customer', 'shared', 'staff']);
  });

  test('the table refuses what breaks a rule, with a reason', () => {
    // The windows: neither imports the other (CSS included), shared/ imports neither.
    assert.match(
      importProblem('renderer/src/staff/StaffApp.tsx', 'renderer/src/customer/PinPad.tsx') ?? '',
      /renderer-staff may not import renderer-customer/,
    );
    assert.match(
      importProblem('renderer/src/shared/boot-window.tsx', 'renderer/src/staff/staff.css') ?? '',
      /renderer-shared may not import renderer-staff/,
    );
    assert.equal(
      importProblem('renderer/src/customer/CustomerApp.tsx', 'renderer/src/shared/ipc-client.ts'),
      null,
    );
    // A new cross-room import, a room entered past its door, the shell past the core's door.
    assert.match(
      importProblem('main/core/records/history.ts', 'main/core/outbox/index.ts') ?? '',
      /may not import the outbox room/,
    );
    assert.match(
      importProblem('main/core/outbox/outbox.ts', 'main/core/records/history-shards.ts') ?? '',
      /entered by its door/,
    );
    assert.match(
      importProblem('main/shell/main.ts', 'main/core/storage/index.ts') ?? '',
      /only its door main\/core\/index\.ts/,
    );
    assert.match(
      importProblem('main/core/app/app-status.ts', 'main/core/app-core.ts') ?? '',
      /the root builds the rooms/,
    );
    assert.match(
      importProblem('contract/ipc.ts', 'main/core/index.ts') ?? '',
      /contract may not import core/,
    );
    assert.match(
      importProblem('renderer/src/main.tsx', 'main/core/index.ts') ?? '',
      /renderer may not import core/,
    );
    assert.match(importProblem('hub/src/server.ts', 'main/core/index.ts') ?? '', /hub may not import core/);
    assert.match(
      importProblem('main/core/app/status.ts', 'main/simulator/index.ts') ?? '',
      /core may not import simulator/,
    );
    assert.match(
      importProblem('main/simulator/server.ts', 'main/core/index.ts') ?? '',
      /simulator may not import core/,
    );
    assert.match(
      importProblem('test/core/app/attempts.test.ts', 'main/core/outbox/outbox.ts') ?? '',
      /test of its insides lives in test\/<kind>\/core\/outbox\//,
    );
    // …and allows what the table lists.
    assert.equal(importProblem('main/core/outbox/outbox.ts', 'main/core/records/index.ts'), null);
    assert.equal(importProblem('main/core/outbox/outbox.ts', 'main/core/outbox/outbox-queue.ts'), null);
    assert.equal(
      importProblem('test/unit/core/outbox/outbox-failure.test.ts', 'main/core/outbox/outbox-failure.ts'),
      null,
    );
    assert.equal(importProblem('main/shell/main.ts', 'main/core/index.ts'), null);
  });

  test('the circle check finds a circle of two, of three and a self-import', () => {
    const circles = importCircles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', ['a.ts']],
        ['c.ts', ['d.ts']],
        ['d.ts', ['e.ts']],
        ['e.ts', ['c.ts', 'a.ts']],
        ['f.ts', ['f.ts']],
        ['g.ts', ['a.ts']],
      ]),
    );
    assert.deepEqual(circles.sort(), [['a.ts', 'b.ts'], ['c.ts', 'd.ts', 'e.ts'], ['f.ts']]);
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
      `import x from '../electron';`,
      `import x from '../../shell/electron-store-adapter';`,
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
