// The hub is its own server: it shares the contract's vocabulary and base/'s dependency-free
// modules (the logger, backoff), nothing else of the app.
// ESLint holds the same rule for static imports; this scans the text, dynamic import() included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RELATIVE_IMPORT = /(?:\bfrom|\bimport|\bimport\s*\(|\brequire\s*\()\s*(['"`])(\.{1,2}\/[^'"`\s]+)\1/g;
// The embedded simulator plays Stripe when no key is given: one file may start it.
const ALLOWED: Record<string, string[]> = { 'hub/src/dev-simulator.ts': ['main/simulator/'] };

test('hub/src and the fleet page (hub/fleet/src) import only hub/, contract/ and base/ (dev-simulator.ts also the simulator)', () => {
  const files = ['hub/src', 'hub/fleet/src'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true })
      .map(String)
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => join(root, dir, f)),
  );
  assert.ok(files.length > 15);
  assert.ok(files.some((f) => f.endsWith('.tsx')));
  const crossings: string[] = [];
  for (const file of files) {
    const from = relative(root, file);
    for (const m of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = relative(root, join(dirname(file), m[2] ?? ''));
      const ok =
        target.startsWith('hub/') ||
        target.startsWith('contract/') ||
        target.startsWith('base/') ||
        (ALLOWED[from] ?? []).some((p) => target.startsWith(p));
      if (!ok) crossings.push(`${from} → ${target}`);
    }
  }
  assert.deepEqual(crossings, []);
});
