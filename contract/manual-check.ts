/**
 * A check without biometrics: when a customer declines the selfie or the hosted flow, a manager
 * looks at the ID and records it. It is its own outcome, `checked_by_staff`, never `verified`
 * (that word is Stripe's alone), and it keeps no more of the document than its type and, at
 * most, the last four digits of its number (never the full number).
 */
import { z } from 'zod';
import {
  MANUAL_DOCUMENT_TYPES,
  MANUAL_LAST_DIGITS_MAX,
  MANUAL_OUTCOMES,
  MANUAL_REASONS,
} from './manual-check-lists.ts';

export { MANUAL_DOCUMENT_TYPES, MANUAL_LAST_DIGITS_MAX, MANUAL_OUTCOMES, MANUAL_REASONS };

export const manualCheckSchema = z
  .object({
    documentType: z.enum(MANUAL_DOCUMENT_TYPES),
    /** The last digits of the document's number, or null for none. Never the full number. */
    lastDigits: z
      .string()
      .regex(/^[0-9]{1,4}$/)
      .nullable(),
    outcome: z.enum(MANUAL_OUTCOMES),
    reason: z.enum(MANUAL_REASONS),
  })
  .strict();
export type ManualCheck = z.output<typeof manualCheckSchema>;

/** What a manager enters, beside the reference (contract/ipc.ts adds it: `sessions.manualCheck`). */
export const manualCheckInputShape = {
  documentType: z.enum(MANUAL_DOCUMENT_TYPES),
  /** Empty: none. More than four digits is refused: a manual check never keeps the number. */
  lastDigits: z
    .string()
    .trim()
    .max(20, { abort: true })
    .regex(/^[0-9]{0,4}$/),
  outcome: z.enum(MANUAL_OUTCOMES),
  reason: z.enum(MANUAL_REASONS),
};

/** What an audit entry of `sessions.manualCheck` says of the check (its `detail`): never the digits. */
export type ManualCheckFacts = Pick<ManualCheck, 'documentType' | 'outcome' | 'reason'>;

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** The three facts of a value (a call's arguments), each from its list; null when one is not. */
export function manualCheckFacts(value: unknown): ManualCheckFacts | null {
  if (typeof value !== 'object' || value === null) return null;
  const { documentType, outcome, reason } = value as Record<string, unknown>;
  return isOneOf(MANUAL_DOCUMENT_TYPES, documentType) &&
    isOneOf(MANUAL_OUTCOMES, outcome) &&
    isOneOf(MANUAL_REASONS, reason)
    ? { documentType, outcome, reason }
    : null;
}

const DETAIL_SEPARATOR = ', ';

/**
 * The one written form of a manual check in an audit entry's `detail`: `<documentType>, <outcome>,
 * <reason>`, codes from the lists (the station's trail writes it, the hub reads it back with
 * parseManualCheckDetail). No digit of the document's number: no field of it can hold one. Plain
 * code, no zod, so the station's middleware and the hub share it.
 */
export function manualCheckDetail(facts: ManualCheckFacts): string {
  return [facts.documentType, facts.outcome, facts.reason].join(DETAIL_SEPARATOR);
}

/** The facts of a detail manualCheckDetail wrote; null for anything else. */
export function parseManualCheckDetail(detail: unknown): ManualCheckFacts | null {
  if (typeof detail !== 'string') return null;
  const parts = detail.split(DETAIL_SEPARATOR);
  if (parts.length !== 3) return null;
  const [documentType, outcome, reason] = parts;
  return manualCheckFacts({ documentType, outcome, reason });
}
