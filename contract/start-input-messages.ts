/**
 * The start form's limits and field messages, without zod, so the renderer's first chunk can
 * read them (the schemas load later).
 */

/** The longest reference staff may type (it lands in Stripe metadata and CSV exports). */
export const REFERENCE_MAX = 100;

/**
 * The field messages, written once: main sends them in refusals (English), and the renderer
 * shows each in the page's language by looking its id up here (a message not listed is shown
 * as the field's general problem).
 */
export const START_INPUT_MESSAGES = {
  type_required: 'Choose what to verify: an ID document or an ID number.',
  documents_none: 'Allow at least one kind of document.',
  documents_repeated: 'Each kind of document once.',
  email_too_long: 'That email address is too long.',
  email_invalid: 'Enter an email address like name@example.com, or leave it empty.',
  phone_too_long: 'That phone number is too long.',
  phone_invalid: 'Enter the phone number with its country code, like +44 20 7946 0958.',
  reference_too_long: `Keep the reference to ${REFERENCE_MAX} characters or fewer.`,
  reference_missing: 'Enter a reference for this customer (an order or ticket number).',
  reference_characters: 'Use letters, digits, spaces and . _ : / # - only.',
  document_options_misplaced: 'Document options apply only to a document check.',
} as const;
export type StartInputMessage = keyof typeof START_INPUT_MESSAGES;
