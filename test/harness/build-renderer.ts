/**
 * Builds the renderer for the harness with the app's own renderer settings (the `renderer`
 * part of electron.vite.config.ts). Tests build into a folder of their own, so two test files
 * running at once never share (or empty) one output.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_RENDERER_DIR = join(PROJECT_ROOT, 'out/renderer');

export async function buildRenderer(outDir: string): Promise<string> {
  const [{ build, mergeConfig }, { rendererConfig }] = await Promise.all([
    import('vite'),
    import('../../electron.vite.config.ts'),
  ]);
  await build(
    mergeConfig(rendererConfig, {
      configFile: false,
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    }),
  );
  return outDir;
}

/** The folder to serve: out/renderer when it was built, else a fresh build there. */
export async function ensureRendererBuilt(dir = DEFAULT_RENDERER_DIR): Promise<string> {
  if (existsSync(join(dir, 'staff.html')) && existsSync(join(dir, 'customer.html'))) return dir;
  return buildRenderer(dir);
}
