/** conf stores for tests, as electron-store makes them in the app (conf is what it extends). */
import Conf from 'conf';
import type { StoreFactory } from '../../main/core/durable-doc.ts';
import type { KeyValueStore } from '../../main/core/store.ts';

export function confStoreFactory(dir: string): StoreFactory {
  return (name, options) =>
    new Conf({
      cwd: dir,
      configName: name,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: options?.discardCorrupt ?? false,
    }) as unknown as KeyValueStore;
}
