/**
 * The StoreFactory of tests and tools: conf instances in one directory, configured as the app
 * should configure electron-store (dots in keys are not paths; a damaged file throws unless the
 * caller asks to discard it).
 */
import Conf from 'conf';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValueStore, StoreFactory } from '../../main/core/index.ts';

export function confStoreFactory(cwd: string): StoreFactory {
  return (name, options) =>
    new Conf<Record<string, unknown>>({
      cwd,
      configName: name,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: options?.discardCorrupt === true,
      // Compact JSON: the files are read by Countersign, not people, and stay ~30% smaller.
      serialize: (value) => JSON.stringify(value),
    }) as KeyValueStore;
}

export function confFilePath(cwd: string, name: string): string {
  return join(cwd, `${name}.json`);
}

/**
 * A fresh directory for one test; `cleanup` removes it, and removes it again when the process
 * exits: a store's delayed backup or an outbox's batched removal (real timers, by design not
 * awaited by anyone) may write once more after the test is done, and conf re-creates its folder
 * on every write.
 */
export function tempStoreDir(prefix = 'countersign-records-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  return {
    dir,
    cleanup: () => {
      remove();
      removeAtExit(dir);
    },
  };
}

const removedDirs = new Set<string>();
/** Removes `dir` when the process exits (whatever a test did or did not close). */
export function removeAtExit(dir: string): void {
  if (removedDirs.size === 0)
    process.once('exit', () => removedDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  removedDirs.add(dir);
}
