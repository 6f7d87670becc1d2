/**
 * What staff (or a kiosk) ask for when they start a verification, checked field by field before
 * anything is sent or queued. It lives in the contract because both sides read it: the renderer
 * shows the same field messages the main process enforces.
 */
import { z } from 'zod';
import { fieldProblemText } from './error-messages.ts';
import { CountersignError } from './errors.ts';
import { REFERENCE_MAX, START_INPUT_MESSAGES } from './start-input-messages.ts';

export { REFERENCE_MAX, START_INPUT_MESSAGES, type StartInputMessage } from './start-input-messages.ts';

export const DOCUMENT_TYPES = ['driving_license', 'id_card', 'passport'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const SESSION_TYPES = ['document', 'id_number'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];

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

const M = START_INPUT_MESSAGES;

export const startInputSchema = z
  .object({
    type: z.enum(SESSION_TYPES, {
      message: M.type_required,
    }),
    document: z
      .object({
        allowedTypes: z
          .array(z.enum(DOCUMENT_TYPES))
          .min(1, M.documents_none)
          .max(3)
          .refine((a) => new Set(a).size === a.length, M.documents_repeated)
          .optional(),
        requireLiveCapture: z.boolean().optional(),
        requireMatchingSelfie: z.boolean().optional(),
        requireIdNumber: z.boolean().optional(),
      })
      .strict()
      .optional(),
    email: z
      .string()
      .max(RAW_MAX, { message: M.email_too_long, abort: true })
      .trim()
      .max(254, M.email_too_long)
      .regex(EMAIL, M.email_invalid)
      .optional(),
    phone: z
      .string()
      .max(RAW_MAX, { message: M.phone_too_long, abort: true })
      .trim()
      .transform((p) => p.replace(/[\s()-]/g, ''))
      .pipe(z.string().regex(PHONE, M.phone_invalid))
      .optional(),
    reference: z
      .string()
      .max(RAW_MAX, { message: M.reference_too_long, abort: true })
      .trim()
      .min(1, M.reference_missing)
      .max(REFERENCE_MAX, M.reference_too_long)
      // Printable characters only: the reference lands in CSV exports and Stripe metadata.
      .regex(/^[\p{L}\p{N} ._:/#-]+$/u, M.reference_characters),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.type === 'id_number' && input.document) {
      ctx.addIssue({
        code: 'custom',
        path: ['document'],
        message: M.document_options_misplaced,
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
  const first = error.issues[0];
  return new CountersignError(
    'invalid_input',
    prefix + problems.map((p) => `${p.field}: ${p.message}`).join(' '),
    {
      detail: Object.fromEntries(problems.map((p) => [`field:${p.field}`, p.message])),
      text: first && fieldProblemText(String(first.path.at(-1) ?? ''), first.code),
    },
  );
}
