// Compiles the chosen test files once, before the run, so each test process loads plain
// JavaScript instead of compiling TypeScript through a loader hook module by module (about half a
// second of CPU per test file with tsx, most of the fast layer's time on two cores).
//
// Each test file becomes one ES module (code it shares with other tests goes into shared chunks),
// with packages left as imports. `import.meta.url` in each source is replaced by that source
// file's own URL, so paths a test or helper builds from it (fixtures, the repository root, a
// worker script) are the same as when the source runs directly. Source maps are inline, so a
// failure's stack names the TypeScript file and line.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const SOURCE = /\.(ts|tsx|mts)$/;

/** esbuild plugin: each project source keeps its own import.meta.url. */
function ownImportMetaUrl(root) {
  return {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: SOURCE }, async (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return {
          contents: text.replaceAll('import.meta.url', url),
          loader: args.path.endsWith('x') ? 'tsx' : 'ts',
          resolveDir: undefined,
        };
      });
      void root;
    },
  };
}

/** The package name of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * esbuild plugin: packages stay imports (Node loads them as usual), except those npm installed
 * in a workspace's own node_modules (hub/node_modules): the compiled file does not live beside
 * them, so they are bundled in from where the importing source would find them.
 */
function packagesExternal(root) {
  const rootModules = join(root, 'node_modules');
  return {
    name: 'packages-external',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.kind === 'entry-point') return { external: true };
        const name = packageName(args.path);
        for (let dir = args.resolveDir; dir.startsWith(root); dir = dirname(dir)) {
          const modules = join(dir, 'node_modules');
          if (existsSync(join(modules, name))) {
            return modules === rootModules || modules.startsWith(`${rootModules}${sep}`)
              ? { external: true }
              : undefined;
          }
          if (dir === root) break;
        }
        return { external: true };
      });
    },
  };
}

/**
 * Builds `files` (absolute paths under `root`) into `outdir`, mirroring their paths; returns the
 * output file of each input.
 */
export async function buildTests({ root, files, outdir }) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: files,
    outdir,
    outbase: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    jsx: 'automatic',
    loader: { '.css': 'empty', '.json': 'json' },
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // A test file that also runs on its own (a helper's CLI) keeps working: nothing is minified.
    logLevel: 'warning',
    metafile: true,
    // A CommonJS package bundled in above may require() Node's modules.
    banner: {
      js: "import { createRequire as __cs_createRequire } from 'node:module'; const require = __cs_createRequire(import.meta.url);",
    },
    plugins: [packagesExternal(root), ownImportMetaUrl(root)],
  });
  const outputs = new Map();
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint) outputs.set(relative(root, `${root}${sep}${meta.entryPoint}`), out);
  }
  return outputs;
}
