/**
 * The settings form's text fields ↔ the contract's Settings, checked with the contract's own
 * update schema so a field message appears before anything is sent.
 */
import { contractSchemas } from './contract-schemas.ts';
import { SETTINGS_BOUNDS, type Settings, type SettingsUpdate } from '../../../contract/ipc.ts';
import { i18n } from '../shared/i18n/index.ts';

type Unit = 'milliseconds' | 'seconds' | 'days' | 'attempts';

/** Each number field's range, in the unit the form shows. */
const RANGES: Partial<Record<SettingsField, { min: number; max: number; unit: Unit }>> = {
  fastIntervalMs: { ...SETTINGS_BOUNDS.intervalMs, unit: 'milliseconds' },
  slowIntervalMs: { ...SETTINGS_BOUNDS.intervalMs, unit: 'milliseconds' },
  idleResetSeconds: { ...SETTINGS_BOUNDS.idleResetSeconds, unit: 'seconds' },
  retentionDays: { ...SETTINGS_BOUNDS.retentionDays, unit: 'days' },
  maxAttempts: { ...SETTINGS_BOUNDS.maxAttempts, unit: 'attempts' },
  redactAfterDays: { ...SETTINGS_BOUNDS.redactAfterDays, unit: 'days' },
};

/** A range in words, never the validator's own ("Too small: expected number to be >=10"). */
export function rangeMessage(field: SettingsField): string | null {
  const r = RANGES[field];
  return r ? i18n.t('staff:settings.error.range', { min: r.min, max: r.max, unit: r.unit }) : null;
}

export const SETTINGS_FIELDS = [
  'returnUrl',
  'fastIntervalMs',
  'slowIntervalMs',
  'idleResetSeconds',
  'retentionDays',
  'maxAttempts',
  'redactAfterDays',
  'updateFeedUrl',
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type SettingsText = Record<SettingsField, string>;

/** Each field's label in the catalogue. */
export const SETTINGS_LABEL_KEYS: Readonly<Record<SettingsField, string>> = {
  returnUrl: 'staff:settings.field.returnUrl',
  fastIntervalMs: 'staff:settings.field.fastIntervalMs',
  slowIntervalMs: 'staff:settings.field.slowIntervalMs',
  idleResetSeconds: 'staff:settings.field.idleResetSeconds',
  retentionDays: 'staff:settings.field.retentionDays',
  maxAttempts: 'staff:settings.field.maxAttempts',
  redactAfterDays: 'staff:settings.field.redactAfterDays',
  updateFeedUrl: 'staff:settings.field.updateFeedUrl',
};

export function toSettingsText(s: Settings): SettingsText {
  return {
    returnUrl: s.returnUrl ?? '',
    fastIntervalMs: String(s.fastIntervalMs),
    slowIntervalMs: String(s.slowIntervalMs),
    idleResetSeconds: String(s.idleResetSeconds),
    retentionDays: String(s.retentionDays),
    maxAttempts: String(s.maxAttempts),
    redactAfterDays: s.redactAfterDays === null ? '' : String(s.redactAfterDays),
    updateFeedUrl: s.updateFeedUrl ?? '',
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
    // Empty: never (the default).
    redactAfterDays: text.redactAfterDays.trim() === '' ? null : toNumber(text.redactAfterDays),
    updateFeedUrl: text.updateFeedUrl.trim() === '' ? null : text.updateFeedUrl.trim(),
  };
  const parsed = settingsUpdateSchema.safeParse(candidate);
  if (parsed.success) return { update: parsed.data, errors: {} };
  const errors: Partial<Record<SettingsField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '') as SettingsField;
    if ((SETTINGS_FIELDS as readonly string[]).includes(field)) {
      const range = rangeMessage(field);
      errors[field] ??=
        issue.code === 'invalid_type'
          ? (range ?? i18n.t('staff:settings.error.whole_number'))
          : issue.code === 'too_small' || issue.code === 'too_big'
            ? (range ?? i18n.t('staff:settings.error.invalid'))
            : field === 'returnUrl'
              ? i18n.t('staff:settings.error.return_url')
              : field === 'updateFeedUrl'
                ? i18n.t('staff:settings.error.update_feed_url')
                : field === 'fastIntervalMs' && issue.code === 'custom'
                  ? i18n.t('staff:settings.error.fast_slower')
                  : i18n.t('staff:settings.error.invalid');
    }
  }
  // zod runs the object's cross-field rule only once every field passes: say it anyway.
  if (candidate.fastIntervalMs > candidate.slowIntervalMs) {
    errors.fastIntervalMs ??= i18n.t('staff:settings.error.fast_slower');
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
