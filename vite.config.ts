// The renderer build: one bundle for both windows, served from app://countersign/ in Electron
// (and by the test harness over http), so every URL in the output is relative ('./').
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./out/renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  // Vite 8 compiles TSX with oxc itself: React's automatic runtime, no plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir,
    emptyOutDir: true,
    // Electron 45 ships a current Chromium; no legacy syntax lowering.
    target: 'chrome130',
    // The polyfill is an inline-free script, but Chromium needs none of it.
    modulePreload: { polyfill: false },
    // Source maps would ship the source to every kiosk; the protocol does not serve .map anyway.
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
  },
  server: { host: '127.0.0.1', strictPort: false },
  logLevel: 'info',
});
