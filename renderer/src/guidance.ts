/**
 * Plain words for Stripe Identity's `last_error.code` (gelato_session_last_error). The customer
 * text speaks to the person at the screen and says what to do next; the staff text says what
 * happened, for the console. Pure, so every code is unit-tested against Stripe's enum.
 */

export interface Guidance {
  /** Short heading for the customer screen. */
  title: string;
  /** What happened and what to do, for the customer. No jargon, no blame. */
  customer: string;
  /** The same fact for staff, one line. */
  staff: string;
}

const GUIDANCE: Readonly<Record<string, Guidance>> = {
  abandoned: {
    title: 'The check was not finished',
    customer: 'The verification was closed before it was complete. You can start again when you are ready.',
    staff: 'The customer left the verification before finishing it.',
  },
  consent_declined: {
    title: 'Consent was not given',
    customer:
      'We can only check your identity with your permission. If you would like to continue, try again and accept when asked.',
    staff: 'The customer declined consent to the verification.',
  },
  country_not_supported: {
    title: 'This country is not supported',
    customer:
      'Documents from this country cannot be checked here. Please ask a member of staff for another way.',
    staff: 'The document comes from a country Stripe Identity does not support.',
  },
  device_not_supported: {
    title: 'This device could not be used',
    customer: 'The device could not take the photos needed. Try again, or use a phone with a working camera.',
    staff: 'The device used has no suitable camera or is not supported.',
  },
  document_expired: {
    title: 'The document has expired',
    customer: 'The ID document you used has expired. Please try again with a document that is still valid.',
    staff: 'The document presented is expired.',
  },
  document_type_not_supported: {
    title: 'This kind of document is not accepted',
    customer:
      'This kind of ID cannot be used here. Please try again with one of the accepted documents, such as a passport.',
    staff: 'The document type is not one of the allowed types.',
  },
  document_unverified_other: {
    title: 'The document could not be checked',
    customer:
      'We could not read or confirm your document. Try again in good light, with the whole document in view and no glare.',
    staff: 'The document could not be verified (unreadable, damaged or suspicious).',
  },
  email_unverified_other: {
    title: 'The email address could not be confirmed',
    customer: 'We could not confirm your email address. Please try again and check the address you enter.',
    staff: 'The email address could not be verified.',
  },
  email_verification_declined: {
    title: 'The email check was not completed',
    customer: 'The email confirmation was not completed. Try again and follow the code sent to your email.',
    staff: 'The customer did not complete the email verification.',
  },
  id_number_insufficient_document_data: {
    title: 'Not enough details to check the ID number',
    customer:
      'We did not have enough details to check your ID number. Please try again, or ask a member of staff.',
    staff: 'Stripe had too little data to check the ID number.',
  },
  id_number_mismatch: {
    title: 'The ID number did not match',
    customer: 'The ID number did not match our records. Please try again and check each digit carefully.',
    staff: 'The ID number does not match the records it was checked against.',
  },
  id_number_unverified_other: {
    title: 'The ID number could not be checked',
    customer: 'We could not confirm your ID number. Please try again.',
    staff: 'The ID number could not be verified.',
  },
  phone_unverified_other: {
    title: 'The phone number could not be confirmed',
    customer: 'We could not confirm your phone number. Please try again and check the number you enter.',
    staff: 'The phone number could not be verified.',
  },
  phone_verification_declined: {
    title: 'The phone check was not completed',
    customer: 'The phone confirmation was not completed. Try again and enter the code sent to your phone.',
    staff: 'The customer did not complete the phone verification.',
  },
  selfie_document_missing_photo: {
    title: 'The document has no photo to compare',
    customer:
      'The document you used has no photo we can compare with your selfie. Please try again with a photo ID.',
    staff: 'The document has no portrait to compare with the selfie.',
  },
  selfie_face_mismatch: {
    title: 'The selfie did not match the document',
    customer:
      'Your selfie did not match the photo on your document. Try again facing the camera, in good light, without a hat or glasses.',
    staff: 'The selfie does not match the face on the document.',
  },
  selfie_manipulated: {
    title: 'The selfie could not be accepted',
    customer: 'The selfie could not be accepted. Please try again with a live photo of yourself.',
    staff: 'The selfie appears to be manipulated or not live.',
  },
  selfie_unverified_other: {
    title: 'The selfie could not be checked',
    customer: 'We could not check your selfie. Try again facing the camera in good light.',
    staff: 'The selfie could not be verified.',
  },
  under_supported_age: {
    title: 'We cannot complete this check',
    customer: 'This verification cannot be completed here. Please ask a member of staff.',
    staff: 'The customer is under the minimum age Stripe Identity supports.',
  },
};

/** For a code Stripe adds after this release: honest, and still tells the person what to do. */
export const FALLBACK_GUIDANCE: Guidance = {
  title: 'The check could not be completed',
  customer:
    'Something stopped the verification from being completed. Please try again, or ask a member of staff.',
  staff: 'The verification needs input again (no further detail from Stripe).',
};

export function guidanceFor(code: string | null | undefined): Guidance {
  if (!code) return FALLBACK_GUIDANCE;
  return Object.hasOwn(GUIDANCE, code) ? (GUIDANCE[code] as Guidance) : FALLBACK_GUIDANCE;
}

/** The codes this module knows (for tests and for the console's filters). */
export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(GUIDANCE);
