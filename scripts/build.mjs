#!/usr/bin/env node
// `npm run build`: the renderer with Vite (→ out/renderer), then the main process and the
// preload with esbuild (→ out/main/index.js as ESM, out/preload/index.cjs as CommonJS, since a
// sandboxed preload must be CommonJS). An entry that does not exist yet is skipped with a
// message, so the renderer can be built while the shell is still being written.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// `--out DIR` builds main and preload elsewhere (the bundle smoke test); default out/.
const argv = process.argv.slice(2);
const outAt = argv.indexOf('--out');
const outDir = outAt >= 0 ? argv[outAt + 1] : join(root, 'out');
const only = argv.filter((_, i) => i !== outAt && i !== outAt + 1);
const wants = (part) => only.length === 0 || only.includes(part);

async function buildRenderer() {
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log('build: renderer → out/renderer');
}

/** esbuild settings shared by main and preload: Node/Electron targets, no minify (stack traces). */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

async function buildMain() {
  const entry = join(root, 'main/shell/main.ts');
  if (!existsSync(entry)) {
    console.log('build: skipped main (main/shell/main.ts does not exist yet)');
    return;
  }
  await esbuild({
    ...common,
    entryPoints: [entry],
    outfile: join(outDir, 'main/index.js'),
    format: 'esm',
    // Native or Electron-provided modules are loaded at run time, never bundled.
    external: ['electron', 'keytar', 'electron-store'],
    // ESM output still meets CommonJS dependencies (the stripe SDK): give them require().
    banner: {
      js: "import { createRequire as __csRequire } from 'node:module'; const require = __csRequire(import.meta.url);",
    },
  });
  console.log(`build: main → ${relative(root, join(outDir, 'main/index.js'))}`);
}

async function buildPreload() {
  const entry = join(root, 'preload/index.ts');
  if (!existsSync(entry)) {
    console.log('build: skipped preload (preload/index.ts does not exist yet)');
    return;
  }
  await esbuild({
    ...common,
    entryPoints: [entry],
    outfile: join(outDir, 'preload/index.cjs'),
    format: 'cjs',
    external: ['electron'],
  });
  console.log(`build: preload → ${relative(root, join(outDir, 'preload/index.cjs'))}`);
}

try {
  if (wants('renderer')) await buildRenderer();
  if (wants('main')) await buildMain();
  if (wants('preload')) await buildPreload();
} catch (error) {
  console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
