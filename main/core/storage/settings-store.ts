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
import type { EffectivePolicy } from '../../../contract/policy.ts';
import type { StoreFactory } from './durable-doc.ts';
import { HUB_POLICY_KEY, managedConflict, parseStoredPolicy, withPolicy } from './hub-policy.ts';
import type { KeyValueStore } from './key-value-store.ts';

export const DEFAULT_SETTINGS: Settings = {
  returnUrl: null,
  fastIntervalMs: 1000,
  slowIntervalMs: 5000,
  idleResetSeconds: 60,
  retentionDays: 90,
  maxAttempts: 3,
  redactAfterDays: null,
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
  /** The settings in force: the station's own, with the hub's policy laid over them. */
  current(): Settings;
  /**
   * Checks the whole result (fast ≤ slow against the stored other interval) and saves it. A
   * field the hub manages is refused (`invalid_state`, `settings_managed`) unless unchanged.
   */
  update(patch: SettingsUpdate): Settings;
  /** The hub's policy in force (kept across restarts), or null. */
  policy(): EffectivePolicy | null;
  /** Takes a policy from the hub; false when it is not newer than the one held. */
  applyPolicy(policy: EffectivePolicy): boolean;
  /** Leaving the hub: the station's own settings count again. */
  clearPolicy(): void;
  /** Set when the stored settings could not be read and the defaults are in use. */
  readonly damaged: boolean;
}

export function openSettings(factory: StoreFactory): SettingsStore {
  const opened = openSmallStore(factory, 'settings');
  const loaded = parseStored(opened.store.get(SETTINGS_KEY));
  let settings = loaded.settings;
  let policy = parseStoredPolicy(opened.store.get(HUB_POLICY_KEY));
  let effective = withPolicy(settings, policy);
  return {
    damaged: opened.damaged || loaded.invalid,
    current: () => effective,
    policy: () => policy,
    applyPolicy(next) {
      if (policy && (next.version < policy.version || JSON.stringify(next) === JSON.stringify(policy))) {
        return false;
      }
      opened.store.set(HUB_POLICY_KEY, next);
      policy = next;
      effective = withPolicy(settings, policy);
      return true;
    },
    clearPolicy() {
      opened.store.delete(HUB_POLICY_KEY);
      policy = null;
      effective = settings;
    },
    update(patch) {
      const managed = managedConflict(patch, effective, policy);
      if (managed) {
        throw new CountersignError(
          'invalid_state',
          `${managed} is managed by the hub. Ask the fleet administrator to change it.`,
          { text: { id: 'settings_managed', params: {} } },
        );
      }
      // The managed fields keep the station's own values underneath (they count again if the
      // hub stops managing them).
      const own: Record<string, unknown> = { ...patch };
      for (const f of Object.keys(own))
        if (policy?.policy[f as keyof typeof policy.policy] !== undefined) delete own[f];
      const next = settingsSchema.safeParse({ ...settings, ...own });
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
      effective = withPolicy(settings, policy);
      return effective;
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
