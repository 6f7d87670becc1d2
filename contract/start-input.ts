/**
 * What staff (or a kiosk) ask for when they start a verification, checked field by field before
 * anything is sent or queued. It lives in the contract because both sides read it: the renderer
 * shows the same field messages the main process enforces.
 */
import { z } from 'zod';
import { CountersignError } from './errors.ts';

export const DOCUMENT_TYPES = ['driving_license', 'id_card', 'passport'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const SESSION_TYPES = ['document', 'id_number'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

/** The longest reference staff may type (it lands in Stripe metadata and CSV exports). */
export const REFERENCE_MAX = 100;

// Loose on purpose: Stripe is the judge of a real address; this catches typos at the counter.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// E.164: Stripe's provided_details.phone expects a full international number.
const PHONE = /^\+[1-9]\d{6,14}$/;

/**
 * Raw lengths are bounded before any trimming or normalising: an IPC message has no size limit,
 * and megabytes of spaces must be refused before they cost main any work. `abort` stops the
 * checks after a failed bound: without it zod still trims and matches the whole string.
 */
const RAW_MAX = 1000;

export const startInputSchema = z
  .object({
    type: z.enum(SESSION_TYPES, {
      message: 'Choose what to verify: an ID document or an ID number.',
    }),
    document: z
      .object({
        allowedTypes: z
          .array(z.enum(DOCUMENT_TYPES))
          .min(1, 'Allow at least one kind of document.')
          .max(3)
          .refine((a) => new Set(a).size === a.length, 'Each kind of document once.')
          .optional(),
        requireLiveCapture: z.boolean().optional(),
        requireMatchingSelfie: z.boolean().optional(),
        requireIdNumber: z.boolean().optional(),
      })
      .strict()
      .optional(),
    email: z
      .string()
      .max(RAW_MAX, { message: 'That email address is too long.', abort: true })
      .trim()
      .max(254, 'That email address is too long.')
      .regex(EMAIL, 'Enter an email address like name@example.com, or leave it empty.')
      .optional(),
    phone: z
      .string()
      .max(RAW_MAX, { message: 'That phone number is too long.', abort: true })
      .trim()
      .transform((p) => p.replace(/[\s()-]/g, ''))
      .pipe(z.string().regex(PHONE, 'Enter the phone number with its country code, like +44 20 7946 0958.'))
      .optional(),
    reference: z
      .string()
      .max(RAW_MAX, { message: `Keep the reference to ${REFERENCE_MAX} characters or fewer.`, abort: true })
      .trim()
      .min(1, 'Enter a reference for this customer (an order or ticket number).')
      .max(REFERENCE_MAX, `Keep the reference to ${REFERENCE_MAX} characters or fewer.`)
      // Printable characters only: the reference lands in CSV exports and Stripe metadata.
      .regex(/^[\p{L}\p{N} ._:/#-]+$/u, 'Use letters, digits, spaces and . _ : / # - only.'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.type === 'id_number' && input.document) {
      ctx.addIssue({
        code: 'custom',
        path: ['document'],
        message: 'Document options apply only to a document check.',
      });
    }
  });

export type StartInput = z.input<typeof startInputSchema>;
export type CheckedStartInput = z.output<typeof startInputSchema>;

export interface FieldProblem {
  field: string;
  message: string;
}

/** Checks the input; on failure the error's detail lists each field and what to fix. */
export function checkStartInput(raw: unknown): CheckedStartInput {
  const parsed = startInputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw invalidInput('', parsed.error);
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : 'input',
    message: issue.message,
  }));
}

/**
 * The typed `invalid_input` error naming each field and what is wrong, never echoing the value
 * (it may be a secret key). Bounded: zod names unknown keys in its messages, and a hostile
 * caller picks those keys.
 */
export function invalidInput(prefix: string, error: z.ZodError): CountersignError {
  const problems = fieldProblems(error)
    .slice(0, 10)
    .map((p) => ({ field: p.field.slice(0, 80), message: p.message.slice(0, 200) }));
  return new CountersignError(
    'invalid_input',
    prefix + problems.map((p) => `${p.field}: ${p.message}`).join(' '),
    { detail: Object.fromEntries(problems.map((p) => [`field:${p.field}`, p.message])) },
  );
}
