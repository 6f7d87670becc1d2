/**
 * The Stripe secret key, kept in the operating system's keychain (Keychain on macOS, Credential
 * Manager on Windows, a Secret Service such as gnome-keyring on Linux) and nowhere else: never
 * in a settings file, never in a log, never in an error message.
 *
 * The keychain is passed in, so the core never imports Electron or keytar statically and the
 * failure paths can be tested with a fake. `loadSystemKeychain` supplies the real one.
 *
 * A value found in the keychain that is not a valid key (someone edited it by hand): `describe`
 * reports the key as not configured, so the settings screen asks for the key again, and
 * `read` throws key_malformed, so the gateway never sends it to Stripe. Storing a new key
 * overwrites it.
 */
import { CountersignError } from '../../../contract/errors.ts';
import { maskKey, normalizeKey, parseKey, type KeyMode } from '../stripe/index.ts';

/** The three keytar calls the vault uses; keytar's module satisfies it as it is. */
export interface Keychain {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const DEFAULT_SERVICE = 'Countersign';
/** The keychain account the Stripe key is saved under. */
const KEY_ACCOUNT = 'default';
/** The keychain account of the restricted key for sensitive results, beside the secret key. */
const RESTRICTED_ACCOUNT = 'restricted';

/**
 * Which key a vault keeps: the secret key the app works with (a restricted key with Identity's
 * write access does too), or the restricted key that only reads sensitive results.
 */
export type VaultKind = 'secret' | 'restricted';

/** What anyone (renderer, logs, support) may know about the stored key. */
export interface KeyDescription {
  configured: boolean;
  mode?: KeyMode;
  masked?: string;
}

export interface StoredKey {
  mode: KeyMode;
  masked: string;
}

export interface Vault {
  /** Validates the key, then saves it (overwriting any key already there). */
  store(key: unknown): Promise<StoredKey>;
  /** The key itself, for the gateway only. null when none is stored. */
  read(): Promise<string | null>;
  /** True when a key was there and is now gone. */
  remove(): Promise<boolean>;
  describe(): Promise<KeyDescription>;
}

const UNAVAILABLE_MESSAGE =
  'The system keychain is not available. On Linux install and start gnome-keyring or another ' +
  'Secret Service, then try again.';
const LOCKED_MESSAGE =
  'The system keychain is locked (or its unlock prompt was closed). Unlock it — on Linux, the ' +
  'default "login" keyring must exist and be unlocked — then try again.';
const REFUSED_MESSAGE =
  'The system keychain refused to save or read the Stripe key. Check that Countersign is allowed ' +
  'to use the keychain, then try again.';

// Messages seen from keytar (libsecret/GDBus on Linux, Security.framework on macOS). Matched on
// text because keytar gives nothing else: no code, no error class.
const UNAVAILABLE_PATTERNS = [
  /cannot autolaunch d-bus/i,
  /autolaunch a dbus-daemon/i,
  /org\.freedesktop\.secrets was not provided/i,
  /serviceunknown/i,
  /no such interface/i,
  /could not connect/i, // DBUS_SESSION_BUS_ADDRESS points at a socket nobody listens on
  /failed to connect to socket/i,
  /error spawning command line/i, // dbus-launch missing
  /cannot spawn a message bus/i,
];
const LOCKED_PATTERNS = [
  /locked collection/i,
  // gnome-keyring reading from a locked keyring: org.freedesktop.Secret.Error.IsLocked
  /locked object/i,
  /IsLocked/,
  /dismissed/i, // "Prompt dismissed": the person closed the unlock dialog
  // gnome-keyring with no default ("login") collection and no prompter to create one
  /collection\/login/i,
  /errSecInteractionNotAllowed/i,
  /user interaction is not allowed/i,
  /user canceled/i,
  /user cancelled/i,
];

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : '';
}

/** Removes every occurrence of the secret from text, in case a keychain ever echoes it. */
function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('[redacted]');
}

/**
 * Translates whatever keytar threw into a typed error. The original message is kept as the
 * cause (useful in a bug report) but with the key cut out of it, so no path exposes the key.
 */
export function toKeychainError(
  error: unknown,
  context: { operation: string; account: string; secret?: string },
): CountersignError {
  if (error instanceof CountersignError) return error;
  const raw = redact(messageOf(error), context.secret);
  const cause = new Error(raw);
  const detail = { operation: context.operation, account: context.account };
  if (UNAVAILABLE_PATTERNS.some((p) => p.test(raw))) {
    return new CountersignError('keychain_unavailable', UNAVAILABLE_MESSAGE, {
      detail,
      cause,
      text: { id: 'keychain_unavailable', params: {} },
    });
  }
  if (LOCKED_PATTERNS.some((p) => p.test(raw))) {
    return new CountersignError('keychain_locked', LOCKED_MESSAGE, {
      detail,
      cause,
      text: { id: 'keychain_locked', params: {} },
    });
  }
  return new CountersignError('keychain_refused', REFUSED_MESSAGE, {
    detail,
    cause,
    text: { id: 'keychain_refused', params: {} },
  });
}

/**
 * keytar, loaded only when the app asks for it: it is a native module, and a machine without
 * libsecret (or a broken build) must get a message, not a crash at startup.
 */
export async function loadSystemKeychain(): Promise<Keychain> {
  try {
    const mod = (await import('keytar')) as unknown as { default?: Keychain } & Partial<Keychain>;
    // keytar is CommonJS: its functions sit on the default export when imported from ESM.
    const keytar = mod.default ?? (mod as Keychain);
    if (typeof keytar.getPassword !== 'function') throw new Error('keytar has no getPassword');
    return keytar;
  } catch (error) {
    throw new CountersignError('keychain_unavailable', UNAVAILABLE_MESSAGE, {
      detail: { operation: 'load' },
      cause: new Error(messageOf(error)),
      text: { id: 'keychain_unavailable', params: {} },
    });
  }
}

export function createVault(options: { keychain: Keychain; service?: string; kind?: VaultKind }): Vault {
  const { keychain } = options;
  const service = options.service ?? DEFAULT_SERVICE;
  const restricted = options.kind === 'restricted';
  const keyAccount = restricted ? RESTRICTED_ACCOUNT : KEY_ACCOUNT;

  async function call<T>(
    operation: string,
    account: string,
    run: () => Promise<T>,
    secret?: string,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toKeychainError(error, { operation, account, secret });
    }
  }

  async function store(input: unknown): Promise<StoredKey> {
    // Checked before the keychain is touched: nothing malformed is ever written.
    const account = keyAccount;
    const key = normalizeKey(input);
    const { mode, kind } = parseKey(key);
    if (restricted && kind !== 'restricted') throw restrictedKeyExpected();
    await call('store', account, () => keychain.setPassword(service, account, key), key);
    return { mode, masked: maskKey(key) };
  }

  async function readRaw(operation: string, account: string): Promise<string | null> {
    return call(operation, account, () => keychain.getPassword(service, account));
  }

  return {
    store,

    async read() {
      const account = keyAccount;
      const stored = await readRaw('read', account);
      if (stored === null) return null;
      try {
        return normalizeKey(stored);
      } catch {
        // Our own message, not key-format's: the person did not just type this key.
        throw new CountersignError(
          'key_malformed',
          'The Stripe key saved in the system keychain is not a valid key (it may have been edited ' +
            'outside Countersign). Enter your secret key again in Settings; it is in the Stripe ' +
            'Dashboard under Developers → API keys.',
          { detail: { account: account }, text: { id: 'stored_key_malformed', params: {} } },
        );
      }
    },

    async remove() {
      const account = keyAccount;
      return call('remove', account, () => keychain.deletePassword(service, account));
    },

    async describe() {
      const account = keyAccount;
      const stored = await readRaw('describe', account);
      if (stored === null) return { configured: false };
      try {
        const key = normalizeKey(stored);
        return { configured: true, mode: parseKey(key).mode, masked: maskKey(key) };
      } catch {
        return { configured: false };
      }
    },
  };
}

function restrictedKeyExpected(): CountersignError {
  return new CountersignError(
    'key_malformed',
    'This field takes a restricted key (rk_test_… or rk_live_…) with read access to Identity, for the ' +
      'date of birth and ID number. Create one in the Stripe Dashboard: Developers → API keys → ' +
      'Create restricted key.',
    { text: { id: 'restricted_key_expected', params: {} } },
  );
}
