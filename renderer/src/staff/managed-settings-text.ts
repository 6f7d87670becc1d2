/**
 * The words for the hub's policy in Settings (issue 18): each field's label and its value as
 * staff read it. Keys in the `staff` namespace under `managed`.
 */
import { LANGUAGE_NAMES, WEEKDAYS, type OpeningHours } from '../../../contract/ipc.ts';
import type { ManagedPolicy, PolicyField } from '../../../contract/policy.ts';
import type { TFunction } from '../shared/i18n/index.ts';
import { DOCUMENT_TYPE_LABEL_KEYS } from './start-form.ts';

export const MANAGED_LABEL_KEYS: Readonly<Record<PolicyField, string>> = {
  languagesOffered: 'staff:managed.field.languagesOffered',
  language: 'staff:managed.field.language',
  maxAttempts: 'staff:managed.field.maxAttempts',
  idleResetSeconds: 'staff:managed.field.idleResetSeconds',
  kioskWalkAwaySeconds: 'staff:managed.field.kioskWalkAwaySeconds',
  kioskOpeningHours: 'staff:managed.field.kioskOpeningHours',
  kioskTimeZone: 'staff:managed.field.kioskTimeZone',
  documentTypes: 'staff:managed.field.documentTypes',
  requireLiveCapture: 'staff:managed.field.requireLiveCapture',
  requireMatchingSelfie: 'staff:managed.field.requireMatchingSelfie',
  requireIdNumber: 'staff:managed.field.requireIdNumber',
  returnUrl: 'staff:managed.field.returnUrl',
  retentionDays: 'staff:managed.field.retentionDays',
  redactAfterDays: 'staff:managed.field.redactAfterDays',
  kioskPinHash: 'staff:managed.field.kioskPinHash',
  staffIdleMinutes: 'staff:managed.field.staffIdleMinutes',
  fastIntervalMs: 'staff:managed.field.fastIntervalMs',
  slowIntervalMs: 'staff:managed.field.slowIntervalMs',
};
export const MANAGED_FIELD_ORDER = Object.keys(MANAGED_LABEL_KEYS) as PolicyField[];

function hours(value: OpeningHours | null, t: TFunction): string {
  const days = WEEKDAYS.filter((d) => (value?.[d]?.length ?? 0) > 0);
  if (!value || days.length === 0) return t('staff:managed.value.closed');
  return days
    .map(
      (d) =>
        `${t('kiosk:settings.day', { day: d })} ${value[d]!.map((i) => `${i.open}–${i.close}`).join(', ')}`,
    )
    .join('; ');
}

/** A managed field's value in words. */
export function managedValue(field: PolicyField, managed: ManagedPolicy, t: TFunction): string {
  const p = managed.policy;
  const yesNo = (v: boolean | undefined) => (v ? t('staff:managed.value.yes') : t('staff:managed.value.no'));
  switch (field) {
    case 'kioskPinHash':
      return t('staff:managed.value.pin_set');
    case 'languagesOffered':
      return (p.languagesOffered ?? []).map((l) => LANGUAGE_NAMES[l]).join(', ');
    case 'language':
      return p.language ? LANGUAGE_NAMES[p.language] : '';
    case 'documentTypes':
      return (p.documentTypes ?? []).map((d) => t(DOCUMENT_TYPE_LABEL_KEYS[d])).join(', ');
    case 'requireLiveCapture':
    case 'requireMatchingSelfie':
    case 'requireIdNumber':
      return yesNo(p[field]);
    case 'kioskOpeningHours':
      return hours(p.kioskOpeningHours ?? null, t);
    case 'kioskTimeZone':
      return p.kioskTimeZone || t('staff:managed.value.machine_zone');
    case 'returnUrl':
      return p.returnUrl ?? t('staff:managed.value.none');
    case 'redactAfterDays':
      return p.redactAfterDays === null || p.redactAfterDays === undefined
        ? t('staff:managed.value.never')
        : String(p.redactAfterDays);
    default:
      return String(p[field] ?? '');
  }
}

/** The fields the policy sets, in the catalogue's order. */
export function managedFieldsOf(managed: ManagedPolicy | null): PolicyField[] {
  if (!managed) return [];
  return MANAGED_FIELD_ORDER.filter((f) => managed.sources[f] !== undefined);
}
