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
