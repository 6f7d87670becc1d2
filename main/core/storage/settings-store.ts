/**
 * The station's settings: read once at start (a damaged or invalid file falls back to the
 * defaults, and staff are told), changed by `settings.update`, saved in a small store.
 */
import { fieldProblemText } from '../../../contract/error-messages.ts';
import { CountersignError } from '../../../contract/errors.ts';
import { DEFAULT_LANGUAGE } from '../../../contract/languages.ts';
import {
  DEFAULT_WALK_AWAY_SECONDS,
  settingsSchema,
  type Settings,
  type SettingsUpdate,
} from '../../../contract/ipc.ts';
import type { StoreFactory } from './durable-doc.ts';
import type { KeyValueStore } from './key-value-store.ts';

export const DEFAULT_SETTINGS: Settings = {
  returnUrl: null,
  fastIntervalMs: 1000,
  slowIntervalMs: 5000,
  idleResetSeconds: 60,
  retentionDays: 90,
  maxAttempts: 3,
  language: DEFAULT_LANGUAGE,
  // --- Kiosk (issue 9) ---
  kioskWalkAwaySeconds: DEFAULT_WALK_AWAY_SECONDS,
  kioskOpeningHours: null,
  kioskTimeZone: '',
  // --- Updates without a hub (main/core/updates) ---
  updateFeedUrl: null,
};

const SETTINGS_KEY = 'settings';

export interface SettingsStore {
  current(): Settings;
  /** Checks the whole result (fast ≤ slow against the stored other interval) and saves it. */
  update(patch: SettingsUpdate): Settings;
  /** Set when the stored settings could not be read and the defaults are in use. */
  readonly damaged: boolean;
}

export function openSettings(factory: StoreFactory): SettingsStore {
  const opened = openSmallStore(factory, 'settings');
  const loaded = parseStored(opened.store.get(SETTINGS_KEY));
  let settings = loaded.settings;
  return {
    damaged: opened.damaged || loaded.invalid,
    current: () => settings,
    update(patch) {
      const next = settingsSchema.safeParse({ ...settings, ...patch });
      if (!next.success) {
        const issue = next.error.issues[0];
        const message = issue?.message ?? 'These settings cannot be used.';
        const text = issue && fieldProblemText(String(issue.path[0] ?? ''), issue.code);
        throw new CountersignError('invalid_input', message, {
          text: text ?? { id: 'settings_invalid', params: {} },
        });
      }
      opened.store.set(SETTINGS_KEY, next.data);
      settings = next.data;
      return settings;
    },
  };
}

function parseStored(raw: unknown): { settings: Settings; invalid: boolean } {
  if (raw === undefined) return { settings: DEFAULT_SETTINGS, invalid: false };
  const parsed = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(raw as object) });
  return parsed.success
    ? { settings: parsed.data, invalid: false }
    : { settings: DEFAULT_SETTINGS, invalid: true };
}

/**
 * Opens a small store whose loss is recoverable (settings, the watcher's cursor). A file that
 * cannot be parsed must not stop the app from starting: it is replaced by an empty one and the
 * caller tells the user. (History and outbox use DurableDoc, which restores a backup instead.)
 */
export function openSmallStore(
  factory: StoreFactory,
  name: string,
): { store: KeyValueStore; damaged: boolean } {
  try {
    return { store: factory(name), damaged: false };
  } catch {
    return { store: factory(name, { discardCorrupt: true }), damaged: true };
  }
}
