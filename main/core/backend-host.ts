/**
 * Owns the one backend the app runs on, and every change of it: open at start, switch when the
 * key is stored, removed or becomes readable, close at the end. Changes run one at a time (a
 * mutex), so key changes sent at once leave exactly one backend, and after `close` nothing is
 * left listening.
 */
import { toErrorPayload, type ErrorPayload } from '../../contract/errors.ts';
import {
  closeBackend,
  openBackend,
  type Backend,
  type LocalApi,
  type OpenBackendOptions,
} from './backend.ts';
import type { Logger } from './logger.ts';
import { createMutex } from './mutex.ts';
import type { Vault } from './vault.ts';

export interface BackendHostOptions<L extends LocalApi> {
  vault: Vault | null;
  logger: Logger;
  /** Everything openBackend needs except the key, which the host reads itself. */
  open: Omit<OpenBackendOptions<L>, 'key'>;
  /** A new backend is in place (not called for the first one). */
  onSwitched: (backend: Backend<L>) => void;
}

export interface BackendHost<L extends LocalApi = LocalApi> {
  /** The backend in place now. */
  current(): Backend<L>;
  /** Why the stored key could not be read (keychain locked, missing...), or null. */
  keyProblem(): ErrorPayload | null;
  /**
   * Runs `change` (a keychain write, say) and then reopens the backend from what the keychain
   * holds, after every change asked for earlier. Returns what `change` returned.
   */
  change<T>(change: () => Promise<T>, reopen?: (result: T) => boolean): Promise<T>;
  close(): Promise<void>;
}

export async function startBackendHost<L extends LocalApi>(
  options: BackendHostOptions<L>,
): Promise<BackendHost<L>> {
  const mutex = createMutex();
  const log = options.logger;
  let keyProblem: ErrorPayload | null = null;
  let closed = false;

  /**
   * Reads the stored key. A keychain that is locked or gone must not stop the counter: the app
   * runs on the simulator, and the problem is reported so staff can unlock the keychain and
   * retry (key.test) without restarting.
   */
  const readKey = async (): Promise<{ secret: string; masked: string } | null> => {
    keyProblem = null;
    if (!options.vault) return null;
    try {
      const secret = await options.vault.read();
      if (!secret) return null;
      const described = await options.vault.describe();
      return { secret, masked: described.masked ?? '' };
    } catch (error) {
      keyProblem = toErrorPayload(error);
      log.warn('keychain: the stored key cannot be read; running on the simulator until it can', {
        code: keyProblem.code,
      });
      return null;
    }
  };

  const open = async () => openBackend<L>({ ...options.open, key: await readKey() });
  let backend = await mutex.run(open);

  return {
    current: () => backend,
    keyProblem: () => keyProblem,
    change: (change, reopen = () => true) =>
      mutex.run(async () => {
        if (closed) throw new Error('The app is closing.');
        const result = await change();
        if (reopen(result)) {
          await closeBackend(backend);
          backend = await open();
          options.onSwitched(backend);
        }
        return result;
      }),
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        await closeBackend(backend);
      }),
  };
}
