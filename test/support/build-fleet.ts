/**
 * Builds the hub's fleet page (hub/fleet/, with its own vite config) into a folder of this test
 * process, so two test files running at once never share (or empty) one output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../harness/build-renderer.ts';

let built: Promise<string> | null = null;

export function fleetForTests(): Promise<string> {
  if (!built) {
    const outDir = mkdtempSync(join(tmpdir(), 'countersign-fleet-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    built = import('vite').then(async ({ build }) => {
      await build({
        configFile: join(PROJECT_ROOT, 'hub/fleet/vite.config.ts'),
        logLevel: 'error',
        build: { outDir, emptyOutDir: true },
      });
      return outDir;
    });
  }
  return built;
}
