// The one build of the app (electron-vite): main, preload and renderer, into out/.
//
//   out/main/index.js      the main process, ESM (package.json "main")
//   out/preload/index.cjs  the preload, CommonJS: a sandboxed preload cannot be an ES module
//   out/renderer/          one renderer bundle for both windows (index.html + assets/)
//
// Main and the preload are not minified, so stack traces in the field stay readable.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'electron-vite';
import { build, mergeConfig, type Plugin } from 'vite';

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** Node inside Electron 45; set here because electron-vite's own table stops at Electron 44. */
const NODE_TARGET = 'node22';

/**
 * The renderer's settings, the single source of truth: `electron-vite build` uses them, and the
 * test harness builds the renderer alone with them (test/harness/build-renderer.ts).
 * It is served from app://countersign/ in Electron and over http by the harness, so every URL
 * in the output is relative ('./').
 */
export const rendererConfig = {
  root: fromRoot('./renderer'),
  base: './',
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
    rolldownOptions: { input: fromRoot('./renderer/index.html') },
  },
  server: { host: '127.0.0.1', strictPort: false },
} satisfies NonNullable<UserConfig['renderer']>;

/**
 * `npm run dev` only. The app loads its pages from app://countersign/ (out/renderer), never from
 * a dev server, so the shell's origin rules stay the same in development. Instead the renderer's
 * files join the main build's watch list, and every main (re)build builds the renderer too: a
 * change anywhere rebuilds, and electron-vite restarts the app on the new build. (electron-vite
 * restarts it only when main rebuilds, so the preload's source is watched here too.)
 */
function rendererBuiltWithMain(): Plugin {
  const watchedRoots = [rendererConfig.root, fromRoot('./preload')];
  return {
    name: 'countersign:renderer-built-with-main',
    apply: 'build',
    buildStart() {
      for (const dir of watchedRoots) {
        for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
          this.addWatchFile(join(dir, file));
        }
      }
    },
    // Before closeBundle, where electron-vite restarts the app: the new page is in place by then.
    async writeBundle() {
      await build(mergeConfig(rendererConfig, { configFile: false, logLevel: 'warn' }));
    },
  };
}

export default defineConfig(({ command }) => ({
  main: {
    plugins: command === 'serve' ? [rendererBuiltWithMain()] : [],
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
