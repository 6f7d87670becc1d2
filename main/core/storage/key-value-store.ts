/**
 * The smallest key-value surface the core needs from a persistent store. `conf` (in tests and
 * tools) and `electron-store` (in the app, which extends conf) both satisfy it as they are, so
 * the core never imports either and runs the same everywhere.
 *
 * Both rewrite their whole file on every `set`, so callers keep what they put here small and
 * write it rarely; bulk history lives elsewhere (see records).
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
  delete(key: string): void;
}

/**
 * A store kept in memory: for state that must not outlive the process (the simulator's watcher
 * cursor, since the simulator forgets its sessions when the app closes) and for unit tests.
 */
export class MemoryStore implements KeyValueStore {
  readonly #data = new Map<string, unknown>();
  get(key: string): unknown {
    const value = this.#data.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }
  set(key: string, value: unknown): void {
    this.#data.set(key, structuredClone(value));
  }
  has(key: string): boolean {
    return this.#data.has(key);
  }
  delete(key: string): void {
    this.#data.delete(key);
  }
}
