/**
 * The policy editor's form (PolicyEditor.tsx): a level's policy as form text and back, checked
 * with the contract's own schema (`policyEditSchema`) before it is sent — the hub checks it again.
 */
import { WEEKDAYS, type Weekday } from '../../../contract/kiosk.ts';
import { LANGUAGES } from '../../../contract/languages.ts';
import {
  policyEditSchema,
  POLICY_FIELDS,
  type PolicyEdit,
  type PolicyField,
} from '../../../contract/policy.ts';
import { DOCUMENT_TYPES } from '../../../contract/start-input.ts';
import type { ShownPolicy } from '../../src/fleet-policy-api.ts';

export { DOCUMENT_TYPES, LANGUAGES, WEEKDAYS };

export const NUMBER_FIELDS = [
  'maxAttempts',
  'idleResetSeconds',
  'kioskWalkAwaySeconds',
  'retentionDays',
  'staffIdleMinutes',
  'fastIntervalMs',
  'slowIntervalMs',
] as const satisfies readonly PolicyField[];
export const BOOLEAN_FIELDS = ['requireLiveCapture', 'requireMatchingSelfie', 'requireIdNumber'] as const;

export interface PolicyForm {
  /** Which fields this level sets. */
  set: Record<PolicyField, boolean>;
  numbers: Record<(typeof NUMBER_FIELDS)[number], string>;
  booleans: Record<(typeof BOOLEAN_FIELDS)[number], boolean>;
  languagesOffered: string[];
  language: string;
  documentTypes: string[];
  hours: Record<Weekday, { open: string; close: string }>;
  kioskTimeZone: string;
  returnUrl: string;
  redactAfterDays: string;
  /** A new PIN; empty keeps the level's (if it has one). */
  kioskPin: string;
  /** Whether the level has a PIN now (its hash stays on the hub). */
  pinSet: boolean;
}

export function toForm(policy: ShownPolicy): PolicyForm {
  const set = Object.fromEntries(POLICY_FIELDS.map((f) => [f, false])) as Record<PolicyField, boolean>;
  for (const f of POLICY_FIELDS) set[f] = (policy as Record<string, unknown>)[f] !== undefined;
  set.kioskPinHash = policy.kioskPinSet === true;
  const hours = Object.fromEntries(
    WEEKDAYS.map((d) => {
      const first = policy.kioskOpeningHours?.[d]?.[0];
      return [d, { open: first?.open ?? '', close: first?.close ?? '' }];
    }),
  ) as PolicyForm['hours'];
  return {
    set,
    numbers: Object.fromEntries(
      NUMBER_FIELDS.map((f) => [f, policy[f] === undefined ? '' : String(policy[f])]),
    ) as PolicyForm['numbers'],
    booleans: Object.fromEntries(
      BOOLEAN_FIELDS.map((f) => [f, policy[f] ?? false]),
    ) as PolicyForm['booleans'],
    languagesOffered: [...(policy.languagesOffered ?? LANGUAGES)],
    language: policy.language ?? 'en',
    documentTypes: [...(policy.documentTypes ?? DOCUMENT_TYPES)],
    hours,
    kioskTimeZone: policy.kioskTimeZone ?? '',
    returnUrl: policy.returnUrl ?? '',
    redactAfterDays:
      policy.redactAfterDays === null || policy.redactAfterDays === undefined
        ? ''
        : String(policy.redactAfterDays),
    kioskPin: '',
    pinSet: policy.kioskPinSet === true,
  };
}

const wholeNumber = (text: string): number | string =>
  /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : text;

/** The edit to send, or the fields whose values the schema refuses. */
export function fromForm(form: PolicyForm): { edit: PolicyEdit | null; invalid: PolicyField[] } {
  const raw: Record<string, unknown> = {};
  const s = form.set;
  for (const f of NUMBER_FIELDS) if (s[f]) raw[f] = wholeNumber(form.numbers[f]);
  for (const f of BOOLEAN_FIELDS) if (s[f]) raw[f] = form.booleans[f];
  if (s.languagesOffered) raw.languagesOffered = form.languagesOffered;
  if (s.language) raw.language = form.language;
  if (s.documentTypes) raw.documentTypes = form.documentTypes;
  if (s.kioskTimeZone) raw.kioskTimeZone = form.kioskTimeZone.trim();
  if (s.returnUrl) raw.returnUrl = form.returnUrl.trim() === '' ? null : form.returnUrl.trim();
  if (s.redactAfterDays)
    raw.redactAfterDays = form.redactAfterDays.trim() === '' ? null : wholeNumber(form.redactAfterDays);
  if (s.kioskOpeningHours) {
    const hours: Record<string, Array<{ open: string; close: string }>> = {};
    for (const d of WEEKDAYS) {
      const { open, close } = form.hours[d];
      if (open !== '' || close !== '') hours[d] = [{ open, close }];
    }
    raw.kioskOpeningHours = hours;
  }
  if (s.kioskPinHash) {
    if (form.kioskPin !== '') raw.kioskPin = form.kioskPin;
    else if (form.pinSet) raw.keepKioskPin = true;
    else raw.kioskPin = '';
  }
  const parsed = policyEditSchema.safeParse(raw);
  if (parsed.success) return { edit: parsed.data, invalid: [] };
  const invalid = new Set<PolicyField>();
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    invalid.add(field === 'kioskPin' ? 'kioskPinHash' : (field as PolicyField));
  }
  return { edit: null, invalid: [...invalid] };
}
