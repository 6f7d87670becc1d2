/**
 * The settings form's text fields ↔ the contract's Settings, checked with the contract's own
 * update schema so a field message appears before anything is sent.
 */
import { contractSchemas } from './contract-schemas.ts';
import type { Settings, SettingsUpdate } from '../../contract/ipc.ts';

export const SETTINGS_FIELDS = [
  'returnUrl',
  'fastIntervalMs',
  'slowIntervalMs',
  'idleResetSeconds',
  'retentionDays',
  'maxAttempts',
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type SettingsText = Record<SettingsField, string>;

export function toSettingsText(s: Settings): SettingsText {
  return {
    returnUrl: s.returnUrl ?? '',
    fastIntervalMs: String(s.fastIntervalMs),
    slowIntervalMs: String(s.slowIntervalMs),
    idleResetSeconds: String(s.idleResetSeconds),
    retentionDays: String(s.retentionDays),
    maxAttempts: String(s.maxAttempts),
  };
}

function toNumber(text: string): number {
  // '' and '1e3' are not what a person means by a number of seconds.
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

export async function checkSettings(text: SettingsText): Promise<{
  update: SettingsUpdate | null;
  errors: Partial<Record<SettingsField, string>>;
}> {
  const { settingsUpdateSchema } = await contractSchemas();
  const candidate = {
    returnUrl: text.returnUrl.trim() === '' ? null : text.returnUrl.trim(),
    fastIntervalMs: toNumber(text.fastIntervalMs),
    slowIntervalMs: toNumber(text.slowIntervalMs),
    idleResetSeconds: toNumber(text.idleResetSeconds),
    retentionDays: toNumber(text.retentionDays),
    maxAttempts: toNumber(text.maxAttempts),
  };
  const parsed = settingsUpdateSchema.safeParse(candidate);
  if (parsed.success) return { update: parsed.data, errors: {} };
  const errors: Partial<Record<SettingsField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '') as SettingsField;
    if ((SETTINGS_FIELDS as readonly string[]).includes(field)) {
      errors[field] ??= issue.code === 'invalid_type' ? 'Enter a whole number.' : issue.message;
    }
  }
  // zod runs the object's cross-field rule only once every field passes: say it anyway.
  if (candidate.fastIntervalMs > candidate.slowIntervalMs) {
    errors.fastIntervalMs ??= 'The fast interval cannot be longer than the slow one.';
  }
  return { update: null, errors };
}

/**
 * Only what changed is sent: main re-opens its backend when some settings change (the watcher's
 * intervals, the attempts), and an unchanged value should never cost that.
 */
export function changedSettings(loaded: Settings, update: SettingsUpdate): SettingsUpdate {
  const out: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    if (update[field] !== undefined && update[field] !== loaded[field]) out[field] = update[field];
  }
  return out as SettingsUpdate;
}
