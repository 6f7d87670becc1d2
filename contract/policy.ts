/**
 * The station policy (issue 18): what a fleet standardises, set on the hub's fleet page at three
 * levels — the fleet's defaults, a store's overrides, optionally one station's — and pushed to
 * every station over its stream. Written once here, from the station's own settings schemas:
 * the hub checks what the fleet page sends with it, the fleet page checks its form with it, and
 * the station checks what its stream brings with it.
 *
 * A level sets only the fields it names; the effective policy of a station takes each field from
 * the most specific level that sets it (station, then store, then fleet), and says which one
 * (`sources`). One exception: `redactAfterDays` (retention at Stripe) takes the shortest of the
 * levels that set it, so a store can only be stricter than the fleet, never laxer.
 *
 * The kiosk PIN travels as its scrypt hash (the station's own stored form), never as the PIN.
 */
import { z } from 'zod';
import { PIN_DIGITS } from './bounds.ts';
import { settingsFields } from './ipc-schemas.ts';
import { LANGUAGES } from './languages.ts';
import { DOCUMENT_TYPES } from './start-input.ts';
import { IDLE_MINUTES } from './staff.ts';

/** The levels, least specific first: a later one overrides an earlier one. */
export const POLICY_LEVELS = ['fleet', 'store', 'station'] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

/** The station's stored form of a PIN (main/core/kiosk/kiosk-pin.ts `StoredPin`), bounded. */
export const pinHashSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 10)
      .max(2 ** 20),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.number().int().min(16).max(64),
    salt: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
    hash: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
  })
  .strict();
export type PinHash = z.output<typeof pinHashSchema>;

/** What the fleet page sends for a new kiosk PIN: the hub hashes it and keeps the hash only. */
export const kioskPinSchema = z
  .string()
  .max(PIN_DIGITS.max, { abort: true })
  .regex(
    new RegExp(`^[0-9]{${PIN_DIGITS.min},${PIN_DIGITS.max}}$`),
    `The PIN has ${PIN_DIGITS.min} to ${PIN_DIGITS.max} digits (0–9).`,
  );

const unique = <T>(a: readonly T[]) => new Set(a).size === a.length;

/** Every field a policy may set. The ones named like a setting are the station's own schemas. */
export const policyFields = {
  /** The languages the customer may pick (the language button). */
  languagesOffered: z
    .array(z.enum(LANGUAGES))
    .min(1)
    .max(LANGUAGES.length)
    .refine(unique, 'A language is listed twice.'),
  /** The default language (the station's `language`). */
  language: settingsFields.language,
  maxAttempts: settingsFields.maxAttempts,
  idleResetSeconds: settingsFields.idleResetSeconds,
  kioskWalkAwaySeconds: settingsFields.kioskWalkAwaySeconds,
  kioskOpeningHours: settingsFields.kioskOpeningHours,
  kioskTimeZone: settingsFields.kioskTimeZone,
  /** Accepted documents and the checks asked for (Stripe's `options.document`). */
  documentTypes: z
    .array(z.enum(DOCUMENT_TYPES))
    .min(1)
    .max(DOCUMENT_TYPES.length)
    .refine(unique, 'A document type is listed twice.'),
  requireLiveCapture: z.boolean(),
  requireMatchingSelfie: z.boolean(),
  requireIdNumber: z.boolean(),
  /** The page after the check (Stripe's `return_url`). */
  returnUrl: settingsFields.returnUrl,
  /** How long the station keeps its own history (days). */
  retentionDays: settingsFields.retentionDays,
  /** Redact at Stripe this many days after a session ends; null: never. */
  redactAfterDays: settingsFields.redactAfterDays,
  kioskPinHash: pinHashSchema,
  /** Minutes without a call from the console before staff are signed out (staff sign-in, issue 19). */
  staffIdleMinutes: z.number().int().min(IDLE_MINUTES.min).max(IDLE_MINUTES.max),
  /** The watcher's intervals. */
  fastIntervalMs: settingsFields.fastIntervalMs,
  slowIntervalMs: settingsFields.slowIntervalMs,
};

export type PolicyField = keyof typeof policyFields;
export const POLICY_FIELDS = Object.keys(policyFields) as PolicyField[];

/** The fields that are the station's own settings too (applied to its Settings). */
export const POLICY_SETTINGS_FIELDS = [
  'language',
  'maxAttempts',
  'idleResetSeconds',
  'kioskWalkAwaySeconds',
  'kioskOpeningHours',
  'kioskTimeZone',
  'returnUrl',
  'retentionDays',
  'redactAfterDays',
  'fastIntervalMs',
  'slowIntervalMs',
] as const satisfies readonly PolicyField[];
export type PolicySettingsField = (typeof POLICY_SETTINGS_FIELDS)[number];

const checks = (
  p: { fastIntervalMs?: number; slowIntervalMs?: number; language?: string; languagesOffered?: string[] },
  ctx: z.RefinementCtx,
) => {
  if (
    p.fastIntervalMs !== undefined &&
    p.slowIntervalMs !== undefined &&
    p.fastIntervalMs > p.slowIntervalMs
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'The fast interval cannot be longer than the slow one.',
      path: ['fastIntervalMs'],
    });
  }
  if (p.language !== undefined && p.languagesOffered && !p.languagesOffered.includes(p.language)) {
    ctx.addIssue({
      code: 'custom',
      message: 'The default language must be one of the languages offered.',
      path: ['language'],
    });
  }
};

/** One level's policy: the fields it sets (none: it sets nothing, the level above counts). */
export const policyLayerSchema = z.object(policyFields).partial().strict().superRefine(checks);
export type PolicyLayer = z.output<typeof policyLayerSchema>;

/**
 * What the fleet page sends to change a level: the fields the level sets from now on (a field
 * left out is no longer set there), with `kioskPin` in place of the hash (the hub hashes it), or
 * `keepKioskPin` to keep the hash the level has.
 */
export const policyEditSchema = z
  .object(policyFields)
  .omit({ kioskPinHash: true })
  .partial()
  .extend({ kioskPin: kioskPinSchema.optional(), keepKioskPin: z.boolean().optional() })
  .strict()
  .superRefine(checks);
export type PolicyEdit = z.output<typeof policyEditSchema>;

/** Which level each field of an effective policy came from. */
export const policySourcesSchema = z.partialRecord(z.enum(POLICY_FIELDS), z.enum(POLICY_LEVELS));
export type PolicySources = z.output<typeof policySourcesSchema>;

/**
 * A station's effective policy, as its stream carries it (`event: policy`) and the fleet page
 * shows it. `version` grows with every change of any level that applies to the station (the
 * newest of its levels' versions): a station ignores one older than what it holds.
 */
export const effectivePolicySchema = z
  .object({
    version: z.number().int().min(0),
    policy: z.object(policyFields).partial().strict(),
    sources: policySourcesSchema,
  })
  .strict();
export type EffectivePolicy = z.output<typeof effectivePolicySchema>;

/** The SSE event name of a policy message on a station's stream. */
export const POLICY_EVENT = 'policy';

/** One level as stored: its policy, its version, and who changed it when. */
export interface PolicyLevelVersion {
  policy: PolicyLayer;
  version: number;
}

/** The effective policy from the levels that apply (each may be missing), least specific first. */
export function effectivePolicy(levels: Partial<Record<PolicyLevel, PolicyLevelVersion>>): EffectivePolicy {
  const policy: Record<string, unknown> = {};
  const sources: PolicySources = {};
  let version = 0;
  for (const level of POLICY_LEVELS) {
    const layer = levels[level];
    if (!layer) continue;
    version = Math.max(version, layer.version);
    for (const field of POLICY_FIELDS) {
      const value = layer.policy[field];
      if (value === undefined) continue;
      if (field === 'redactAfterDays' && policy[field] !== undefined && policy[field] !== null) {
        // Retention: a more specific level may only shorten it.
        if (value === null || (value as number) >= (policy[field] as number)) continue;
      }
      policy[field] = value;
      sources[field] = level;
    }
  }
  return { version, policy: policy as EffectivePolicy['policy'], sources };
}

/**
 * What the station's Settings show of the hub's policy: the values and where each comes from,
 * with the kiosk PIN only as "set" (its hash stays in main).
 */
export const managedPolicySchema = z
  .object({
    version: z.number().int().min(0),
    policy: z
      .object(policyFields)
      .omit({ kioskPinHash: true })
      .partial()
      .extend({ kioskPinSet: z.literal(true).optional() })
      .strict(),
    sources: policySourcesSchema,
  })
  .strict();
export type ManagedPolicy = z.output<typeof managedPolicySchema>;

export function managedView(policy: EffectivePolicy | null): ManagedPolicy | null {
  if (!policy) return null;
  const { kioskPinHash, ...rest } = policy.policy;
  return {
    version: policy.version,
    policy: kioskPinHash === undefined ? rest : { ...rest, kioskPinSet: true },
    sources: policy.sources,
  };
}

/**
 * A start input with the policy's accepted documents and checks in place of the staff's choices
 * (a document check only): what the station creates at Stripe under the fleet's policy.
 */
export function withDocumentPolicy<
  T extends {
    type: string;
    document?:
      | {
          allowedTypes?: Array<(typeof DOCUMENT_TYPES)[number]>;
          requireLiveCapture?: boolean;
          requireMatchingSelfie?: boolean;
          requireIdNumber?: boolean;
        }
      | undefined;
  },
>(input: T, policy: EffectivePolicy['policy'] | null | undefined): T {
  if (!policy || input.type !== 'document') return input;
  const document = { ...input.document };
  if (policy.documentTypes !== undefined) document.allowedTypes = [...policy.documentTypes];
  if (policy.requireLiveCapture !== undefined) document.requireLiveCapture = policy.requireLiveCapture;
  if (policy.requireMatchingSelfie !== undefined)
    document.requireMatchingSelfie = policy.requireMatchingSelfie;
  if (policy.requireIdNumber !== undefined) document.requireIdNumber = policy.requireIdNumber;
  return Object.keys(document).length === 0 ? input : { ...input, document };
}
