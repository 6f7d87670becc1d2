/**
 * Stripe Identity's 19 `last_error.code` values (VerificationSession.LastError.Code in the
 * pinned SDK's types), written once: the simulator fails sessions with them, the renderer has
 * guidance for each, and the catalogue test derives the guidance keys from this list.
 */
export const LAST_ERROR_CODES = [
  'abandoned',
  'consent_declined',
  'country_not_supported',
  'device_not_supported',
  'document_expired',
  'document_type_not_supported',
  'document_unverified_other',
  'email_unverified_other',
  'email_verification_declined',
  'id_number_insufficient_document_data',
  'id_number_mismatch',
  'id_number_unverified_other',
  'phone_unverified_other',
  'phone_verification_declined',
  'selfie_document_missing_photo',
  'selfie_face_mismatch',
  'selfie_manipulated',
  'selfie_unverified_other',
  'under_supported_age',
] as const;
export type LastErrorCode = (typeof LAST_ERROR_CODES)[number];

export function isLastErrorCode(value: unknown): value is LastErrorCode {
  return typeof value === 'string' && (LAST_ERROR_CODES as readonly string[]).includes(value);
}
