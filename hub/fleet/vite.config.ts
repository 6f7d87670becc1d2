// The fleet page's build (a small React app): `npm run hub` builds it into hub/dist/fleet, which
// the hub serves at /fleet; tests build it into a folder of their own (test/hub/build-fleet.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const fromHere = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: fromHere('.'),
  // Served under /fleet/ (the admin cookie's path), assets under /fleet/assets/.
  base: '/fleet/',
  // Vite 8 compiles TSX with oxc itself: React's automatic runtime, no plugin needed.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fromHere('../dist/fleet'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    // No inline script anywhere (CSP script-src 'self'); current browsers need no polyfill.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  logLevel: 'warn',
});
