/**
 * What staff (or a kiosk) ask for when they start a verification, checked field by field before
 * anything is sent or queued, and turned into Stripe's create parameters in exactly one way, so
 * that a queued creation replayed later carries the very same parameters (Stripe refuses an
 * Idempotency-Key reused with other parameters).
 */
import { z } from 'zod';
import { CountersignError } from './errors.ts';
import type { SessionCreateParams } from './gateway.ts';

export const DOCUMENT_TYPES = ['driving_license', 'id_card', 'passport'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

// Loose on purpose: Stripe is the judge of a real address; this catches typos at the counter.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// E.164: Stripe's provided_details.phone expects a full international number.
const PHONE = /^\+[1-9]\d{6,14}$/;

export const startInputSchema = z
  .object({
    type: z.enum(['document', 'id_number'], {
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
      .trim()
      .max(254, 'That email address is too long.')
      .regex(EMAIL, 'Enter an email address like name@example.com, or leave it empty.')
      .optional(),
    phone: z
      .string()
      .trim()
      .transform((p) => p.replace(/[\s()-]/g, ''))
      .pipe(z.string().regex(PHONE, 'Enter the phone number with its country code, like +44 20 7946 0958.'))
      .optional(),
    reference: z
      .string()
      .trim()
      .min(1, 'Enter a reference for this customer (an order or ticket number).')
      .max(100, 'Keep the reference under 100 characters.')
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
  const problems = fieldProblems(parsed.error);
  throw new CountersignError('invalid_input', problems.map((p) => `${p.field}: ${p.message}`).join(' '), {
    detail: Object.fromEntries(problems.map((p) => [`field:${p.field}`, p.message])),
  });
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : 'input',
    message: issue.message,
  }));
}

export interface CreateContext {
  /** Countersign's own id for this creation; also Stripe's client_reference_id. */
  clientReferenceId: string;
  returnUrl?: string | undefined;
  /** Which counter or kiosk asked, kept in metadata for reconciliation. */
  station?: string | undefined;
}

/** The one mapping from a checked input to Stripe's create parameters. Deterministic. */
export function buildCreateParams(input: CheckedStartInput, context: CreateContext): SessionCreateParams {
  const params: SessionCreateParams = {
    type: input.type,
    client_reference_id: context.clientReferenceId,
    metadata: { reference: input.reference, ...(context.station ? { station: context.station } : {}) },
  };
  if (input.type === 'document' && input.document) {
    const d = input.document;
    const document: NonNullable<SessionCreateParams['options']>['document'] = {};
    if (d.allowedTypes) document.allowed_types = [...d.allowedTypes];
    if (d.requireLiveCapture !== undefined) document.require_live_capture = d.requireLiveCapture;
    if (d.requireMatchingSelfie !== undefined) document.require_matching_selfie = d.requireMatchingSelfie;
    if (d.requireIdNumber !== undefined) document.require_id_number = d.requireIdNumber;
    params.options = { document };
  }
  if (input.email || input.phone) {
    params.provided_details = {
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
    };
  }
  if (context.returnUrl) params.return_url = context.returnUrl;
  return params;
}

/** Stripe keeps idempotency keys for 24 hours; the outbox looks the reference up after that. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export function idempotencyKeyFor(clientReferenceId: string): string {
  return `countersign-create-${clientReferenceId}`;
}
