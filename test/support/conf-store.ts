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

/** A fresh directory for one test; `cleanup` removes it. */
export function tempStoreDir(prefix = 'countersign-records-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
