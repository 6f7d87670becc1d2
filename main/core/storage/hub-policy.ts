/**
 * The hub's policy on this station (issue 18): kept beside the settings (an offline station
 * keeps the last one it had, across restarts too), laid over them, and guarding them — a field
 * the hub manages is read-only here, whatever the Settings form sends.
 */
import {
  effectivePolicySchema,
  POLICY_SETTINGS_FIELDS,
  type EffectivePolicy,
  type PolicySettingsField,
} from '../../../contract/policy.ts';
import { settingsSchema, type Settings, type SettingsUpdate } from '../../../contract/ipc.ts';

/** Where the policy is kept in the settings' store. */
export const HUB_POLICY_KEY = 'hubPolicy';

export function parseStoredPolicy(raw: unknown): EffectivePolicy | null {
  const parsed = effectivePolicySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The settings fields the policy sets. */
export function managedFields(policy: EffectivePolicy | null): PolicySettingsField[] {
  if (!policy) return [];
  return POLICY_SETTINGS_FIELDS.filter((f) => policy.policy[f] !== undefined);
}

/**
 * The station's settings with the policy's values in place. Should the two together break a
 * rule (a policy's fast interval over the station's own slow one), the intervals stay the
 * station's; should anything else, the station's settings stand as they are.
 */
export function withPolicy(local: Settings, policy: EffectivePolicy | null): Settings {
  const fields = managedFields(policy);
  if (!policy || fields.length === 0) return local;
  const attempt = (keep: readonly PolicySettingsField[]) => {
    const next: Record<string, unknown> = { ...local };
    for (const f of keep) next[f] = policy.policy[f];
    return settingsSchema.safeParse(next);
  };
  const all = attempt(fields);
  if (all.success) return all.data;
  const some = attempt(fields.filter((f) => f !== 'fastIntervalMs' && f !== 'slowIntervalMs'));
  return some.success ? some.data : local;
}

/** The first field a patch would change although the hub manages it, or null. */
export function managedConflict(
  patch: SettingsUpdate,
  current: Settings,
  policy: EffectivePolicy | null,
): PolicySettingsField | null {
  for (const f of managedFields(policy)) {
    if (!(f in patch)) continue;
    if (JSON.stringify(patch[f]) !== JSON.stringify(current[f])) return f;
  }
  return null;
}
