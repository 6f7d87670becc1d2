/**
 * An in-memory keychain for the harness and its tests, with the one failure they need: while
 * locked, a read throws what gnome-keyring throws for a locked collection, which the vault maps
 * to keychain_locked. Writes still work, as a Secret Service prompts for them.
 */
import type { Keychain } from '../../main/core/index.ts';

export interface MemoryKeychain extends Keychain {
  lock(): void;
  unlock(): void;
}

export function memoryKeychain(): MemoryKeychain {
  const items = new Map<string, string>();
  let locked = false;
  return {
    getPassword: async (s, a) => {
      if (locked) throw new Error('Cannot get secret of a locked object');
      return items.get(`${s}/${a}`) ?? null;
    },
    setPassword: async (s, a, p) => void items.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => items.delete(`${s}/${a}`),
    lock: () => {
      locked = true;
    },
    unlock: () => {
      locked = false;
    },
  };
}
