/**
 * The lists of a check without biometrics (contract/manual-check.ts), without zod, so the
 * console's form reads the same lists without loading the schema library.
 */
/** The documents a shop sees at a counter (Stripe's three, and the other ID cards of Japan). */
export const MANUAL_DOCUMENT_TYPES = [
  'driving_license',
  'passport',
  'id_card',
  'residence_card',
  'my_number_card',
  'other',
] as const;
/** Whether the document seen was accepted. */
export const MANUAL_OUTCOMES = ['accepted', 'not_accepted'] as const;
/** Why the check was done by hand. */
export const MANUAL_REASONS = ['declined_selfie', 'declined_hosted_flow', 'other'] as const;
/** The most of the document's number a manual check keeps: its last four digits. */
export const MANUAL_LAST_DIGITS_MAX = 4;
