// The one build of the app (electron-vite): main, preload and renderer, into out/.
//
//   out/main/index.js      the main process, ESM (package.json "main")
//   out/preload/index.cjs  the preload, CommonJS: a sandboxed preload cannot be an ES module
//   out/renderer/          the two windows' pages (staff.html, customer.html) and their assets/
//
// Main and the preload are not minified, so stack traces in the field stay readable.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'electron-vite';
import { build, mergeConfig, type Plugin } from 'vite';

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** Node inside Electron 45; set here because electron-vite's own table stops at Electron 44. */
const NODE_TARGET = 'node22';

/**
 * Part of a catalogue: the messages at `paths` (dotted, `*` for any one key), in their groups.
 * Throws on a path that names nothing, so a slice cannot silently drop a message.
 */
export function pickCatalogueParts(catalogue: unknown, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const put = (node: unknown, into: Record<string, unknown>, parts: readonly string[], path: string) => {
    if (node === null || typeof node !== 'object')
      throw new Error(`catalogue slice: "${path}" names nothing`);
    const [first, ...rest] = parts;
    const keys = first === '*' ? Object.keys(node) : [first!];
    for (const key of keys) {
      if (!Object.hasOwn(node, key)) throw new Error(`catalogue slice: "${path}" names nothing`);
      const value = (node as Record<string, unknown>)[key];
      if (rest.length === 0) into[key] = value;
      else put(value, (into[key] ??= {}) as Record<string, unknown>, rest, path);
    }
  };
  for (const path of paths) put(catalogue, out, path.split('.'), path);
  return out;
}

const SLICE_PREFIX = 'catalogue-slice:';

/**
 * `import('catalogue-slice:<language>/<namespace>?<path>,<path>…')`: the parts of a catalogue a
 * window says, as a module of their own (renderer/src/customer/customer-catalogues.ts), so the
 * customer window does not fetch the console's messages.
 */
function catalogueSlices(): Plugin {
  return {
    name: 'countersign:catalogue-slices',
    resolveId(source) {
      return source.startsWith(SLICE_PREFIX) ? `\0${source}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${SLICE_PREFIX}`)) return null;
      const match = /^(\w+)\/(\w+)\?([\w.*,]+)$/.exec(id.slice(SLICE_PREFIX.length + 1));
      if (!match) throw new Error(`catalogue slice: cannot read "${id.slice(1)}"`);
      const [, language, namespace, paths] = match;
      const file = fromRoot(`./renderer/src/shared/i18n/locales/${language}/${namespace}.json`);
      this.addWatchFile(file);
      const catalogue: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return `export default ${JSON.stringify(pickCatalogueParts(catalogue, paths!.split(',')))};`;
    },
  };
}

/**
 * Names the renderer's chunks so a reader of out/renderer/assets (and the bench, and
 * test/unit/shell/bundles.test.ts) can tell them apart: each catalogue is
 * `i18n-<language>-<namespace>-<hash>.js` (a slice of one `i18n-<language>-<namespace>-part-…`), a chunk that several pages or chunks load is
 * `shared-<hash>.js`, the rest are named after their first module.
 */
function rendererChunkName(chunk: {
  name: string;
  isEntry: boolean;
  isDynamicEntry: boolean;
  facadeModuleId: string | null;
}): string {
  const catalogue = /[\\/]locales[\\/](\w+)[\\/](\w+)\.json$/.exec(chunk.facadeModuleId ?? '');
  if (catalogue) return `assets/i18n-${catalogue[1]}-${catalogue[2]}-[hash].js`;
  const slice = new RegExp(`^\\0${SLICE_PREFIX}(\\w+)/(\\w+)\\?`).exec(chunk.facadeModuleId ?? '');
  if (slice) return `assets/i18n-${slice[1]}-${slice[2]}-part-[hash].js`;
  if (!chunk.isEntry && !chunk.isDynamicEntry) return 'assets/shared-[hash].js';
  return 'assets/[name]-[hash].js';
}

/**
 * The renderer's settings, the single source of truth: `electron-vite build` uses them, and the
 * test harness builds the renderer alone with them (test/harness/build-renderer.ts).
 * It is served from app://countersign/ in Electron and over http by the harness, so every URL
 * in the output is relative ('./').
 */
export const rendererConfig = {
  root: fromRoot('./renderer'),
  base: './',
  plugins: [catalogueSlices()],
  // Vite 8 compiles TSX with oxc itself: React's automatic runtime, no plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fromRoot('./out/renderer'),
    emptyOutDir: true,
    // Electron 45 ships a current Chromium; no legacy syntax lowering.
    target: 'chrome130',
    // electron-vite leaves the renderer unminified by default; the kiosk loads less when it is.
    minify: true,
    // The polyfill is an inline-free script, but Chromium needs none of it.
    modulePreload: { polyfill: false },
    // Source maps would ship the source to every kiosk; the protocol does not serve .map anyway.
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
    // One page per window, so the customer window never loads the console's code: what both use
    // (React, the i18n runtime, shared/) goes into chunks of its own that both pages load.
    rolldownOptions: {
      input: { staff: fromRoot('./renderer/staff.html'), customer: fromRoot('./renderer/customer.html') },
      output: { chunkFileNames: rendererChunkName },
    },
  },
  server: { host: '127.0.0.1', strictPort: false },
} satisfies NonNullable<UserConfig['renderer']>;

/**
 * `npm run dev` only. The app loads its pages from app://countersign/ (out/renderer), never from
 * a dev server, so the shell's origin rules stay the same in development. The renderer is built
 * once with main and then rebuilt on every change by its own watcher; main, told by
 * COUNTERSIGN_DEV_RELOAD (main/shell/dev-reload.ts), reloads the windows in place when
 * out/renderer changes — the app and its simulator's sessions keep running. A change to main or
 * the preload rebuilds and restarts the app (electron-vite restarts it only when main rebuilds,
 * so the preload's source is watched with main).
 */
function rendererRebuiltInPlace(): Plugin {
  let watching = false;
  return {
    name: 'countersign:renderer-rebuilt-in-place',
    apply: 'build',
    config() {
      // Inherited by the Electron process electron-vite starts.
      process.env.COUNTERSIGN_DEV_RELOAD = '1';
    },
    buildStart() {
      for (const file of readdirSync(fromRoot('./preload'), { recursive: true, encoding: 'utf8' })) {
        this.addWatchFile(join(fromRoot('./preload'), file));
      }
    },
    // Before closeBundle, where electron-vite (re)starts the app: the pages are in place by then.
    async writeBundle() {
      if (watching) return;
      watching = true;
      const watcher = await build(
        mergeConfig(rendererConfig, { configFile: false, logLevel: 'warn', build: { watch: {} } }),
      );
      // The first build is in place before the app starts.
      if ('on' in watcher) {
        await new Promise<void>((resolve) =>
          watcher.on('event', (event) => {
            if (event.code === 'END' || event.code === 'ERROR') resolve();
          }),
        );
      }
    },
  };
}

export default defineConfig(({ command }) => ({
  main: {
    plugins: command === 'serve' ? [rendererRebuiltInPlace()] : [],
    build: {
      outDir: fromRoot('./out/main'),
      target: NODE_TARGET,
      sourcemap: false,
      // Bundle what can be bundled (the stripe SDK, zod, qrcode), not only what package.json
      // lists as dependencies: the CommonJS ones get a require() from electron-vite's ESM shim.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('./main/shell/main.ts') },
        // Native or Electron-provided modules are loaded at run time, never bundled (electron
        // and Node's built-ins are external already); subpaths too (electron-log/main).
        external: [/^(keytar|electron-store|electron-log)(\/.*)?$/],
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      target: NODE_TARGET,
      sourcemap: false,
      // A sandboxed preload can require nothing but electron: everything else goes in the file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('./preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  // `electron-vite dev` would serve it from a dev server the app does not load (see above).
  ...(command === 'serve' ? {} : { renderer: rendererConfig }),
}));
