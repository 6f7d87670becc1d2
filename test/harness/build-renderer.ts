/**
 * Builds the renderer for the harness with the project's own Vite config. Tests build into a
 * folder of their own, so two test files running at once never share (or empty) one output.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEFAULT_RENDERER_DIR = join(PROJECT_ROOT, 'out/renderer');

export async function buildRenderer(outDir: string): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: join(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** The folder to serve: out/renderer when it was built, else a fresh build there. */
export async function ensureRendererBuilt(dir = DEFAULT_RENDERER_DIR): Promise<string> {
  if (existsSync(join(dir, 'index.html'))) return dir;
  return buildRenderer(dir);
}
