/**
 * Owns the one backend the app runs on, and every change of it: open at start, switch when the
 * key is stored, removed or becomes readable, or a hub is connected or disconnected, close at
 * the end. What the keychain holds decides: a hub connection first (a station on a hub needs no
 * key), else the Stripe key, else the simulator. Changes run one at a time (a
 * mutex), so key changes sent at once leave exactly one backend, and after `close` nothing is
 * left listening.
 */
import { toErrorPayload, type ErrorPayload } from '../../../contract/errors.ts';
import {
  closeBackend,
  openBackend,
  type Backend,
  type BackendHooks,
  type LocalApi,
  type OpenBackendOptions,
} from './backend.ts';
import type { HubConnection, HubCredentials } from '../hub-client/index.ts';
import type { Logger } from '../../../base/logger.ts';
import { createMutex } from '../../../base/mutex.ts';
import type { Vault } from '../keychain/index.ts';

export interface BackendHostOptions<L extends LocalApi> {
  vault: Vault | null;
  /** The restricted key for sensitive results, beside the secret key; null without a keychain. */
  restrictedVault?: Vault | null;
  /** The hub connection in the keychain; null without a keychain. */
  hubCredentials?: HubCredentials | null;
  logger: Logger;
  /** Everything openBackend needs except the key and hub, read by the host, and the hooks, given at start. */
  open: Omit<OpenBackendOptions<L>, 'key' | 'hub' | 'hooks'>;
}

/** What the host tells the modules built after it: each backend's events, and a switch. */
export interface BackendHostHooks<L extends LocalApi> extends BackendHooks {
  /** A new backend is in place (not called for the first one). */
  onSwitched(backend: Backend<L>): void;
}

export interface BackendHost<L extends LocalApi = LocalApi> {
  /**
   * Opens the first backend from what the keychain holds. Called once, after the modules that
   * listen to the hooks exist, so no event of the first backend finds nobody to take it.
   */
  start(hooks: BackendHostHooks<L>): Promise<void>;
  /** Whether start has opened a backend (app.status waits for it). */
  started(): boolean;
  /** The backend in place now; throws before start. */
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

export function createBackendHost<L extends LocalApi>(options: BackendHostOptions<L>): BackendHost<L> {
  const mutex = createMutex();
  let hooks: BackendHostHooks<L> | null = null;
  let backend: Backend<L> | null = null;
  const log = options.logger;
  let keyProblem: ErrorPayload | null = null;
  let closed = false;

  /**
   * Reads the stored key. A keychain that is locked or gone must not stop the counter: the app
   * runs on the simulator, and the problem is reported so staff can unlock the keychain and
   * retry (key.test) without restarting.
   */
  const readKey = async (): Promise<OpenBackendOptions<L>['key']> => {
    keyProblem = null;
    if (!options.vault) return null;
    try {
      const secret = await options.vault.read();
      if (!secret) return null;
      const described = await options.vault.describe();
      return { secret, masked: described.masked ?? '', restricted: await readRestricted() };
    } catch (error) {
      keyProblem = toErrorPayload(error);
      log.warn('keychain: the stored key cannot be read; running on the simulator until it can', {
        code: keyProblem.code,
      });
      return null;
    }
  };

  /**
   * The restricted key, if one is stored. One that cannot be read only costs the sensitive
   * results (the reveal says why they are missing): the counter goes on with the secret key.
   */
  const readRestricted = async (): Promise<{ secret: string; masked: string } | null> => {
    if (!options.restrictedVault) return null;
    try {
      const secret = await options.restrictedVault.read();
      if (!secret) return null;
      return { secret, masked: (await options.restrictedVault.describe()).masked ?? '' };
    } catch (error) {
      log.warn('keychain: the restricted key cannot be read; sensitive results stay hidden', {
        code: toErrorPayload(error).code,
      });
      return null;
    }
  };

  /** A hub connection wins over a key; one that cannot be read is reported like a key. */
  const readHub = async (): Promise<HubConnection | null> => {
    if (!options.hubCredentials) return null;
    try {
      return await options.hubCredentials.read();
    } catch (error) {
      keyProblem = toErrorPayload(error);
      log.warn('keychain: the hub connection cannot be read; running without it until it can', {
        code: keyProblem.code,
      });
      return null;
    }
  };

  const open = async (given: BackendHostHooks<L>) => {
    const key = await readKey();
    const hub = await readHub();
    return openBackend<L>({ ...options.open, key: hub ? null : key, hub, hooks: given });
  };
  const opened = (): Backend<L> => {
    if (!backend) throw new Error('The backend is not open yet.');
    return backend;
  };

  return {
    start: (given) =>
      mutex.run(async () => {
        if (hooks) throw new Error('The backend host is already started.');
        hooks = given;
        backend = await open(given);
      }),
    started: () => backend !== null,
    current: opened,
    keyProblem: () => keyProblem,
    change: (change, reopen = () => true) =>
      mutex.run(async () => {
        if (closed) throw new Error('The app is closing.');
        const current = opened();
        const result = await change();
        if (reopen(result) && hooks) {
          await closeBackend(current);
          backend = await open(hooks);
          hooks.onSwitched(backend);
        }
        return result;
      }),
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        if (backend) await closeBackend(backend);
      }),
  };
}
